// The statistics behind dyad series and findings (docs/signals.md gives the formulas).
//
// Sentences of one document are not independent (one article repeats its stance), so every
// interval treats the document as the unit of resampling: a cluster bootstrap for the series,
// and the cluster-robust (linearised) standard error of a ratio mean for the tests.
#pragma once

#include <cstdint>
#include <vector>

namespace fissure::analysis {

// The sentences of one document that enter a mean: their count and the sum of their values.
struct Cluster {
  double sum = 0;
  double sum_squares = 0;
  int n = 0;
};

struct Estimate {
  double value = 0;   // NaN when there is nothing to estimate
  double ci_low = 0;  // NaN when not computable (fewer than 2 clusters)
  double ci_high = 0;
  double se = 0;         // NaN when not computable
  int64_t n = 0;         // observations (sentences)
  int64_t clusters = 0;  // documents
};

// Deterministic pseudo-random numbers (splitmix64): the same data and seed give the same
// intervals on every machine.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next();
  // Uniform in [0, n).
  uint64_t below(uint64_t n);
  double uniform();  // [0, 1)

 private:
  uint64_t state_;
};

// Mean of all observations (Σsum / Σn) with a percentile cluster-bootstrap interval at `level`
// (0.95) from `replicates` resamples of whole clusters.
Estimate bootstrap_mean(const std::vector<Cluster>& clusters, int replicates, double level,
                        uint64_t seed);

// Mean with the cluster-robust standard error of a ratio estimator:
// se² = G/(G−1) · Σ_g (sum_g − mean·n_g)² / N². Interval: mean ± z·se.
Estimate robust_mean(const std::vector<Cluster>& clusters, double z);

// The two-sided normal quantile z with P(|Z| > z) = alpha.
double normal_quantile_two_sided(double alpha);
// Two-sided p-value of a z statistic.
double normal_p_two_sided(double z);

// Student's t with `df` degrees of freedom (df may be fractional, as Welch's is): the two-sided
// p-value of t, and the quantile with P(|T| > t) = alpha. Intervals over few documents need it:
// a cluster-robust standard error from 4 documents is itself very uncertain.
double t_p_two_sided(double t, double df);
double t_quantile_two_sided(double alpha, double df);
// Regularized incomplete beta function I_x(a, b).
double incomplete_beta(double x, double a, double b);

// Jensen–Shannon divergence (base 2, in [0, 1]) between two count vectors of equal length.
double jensen_shannon(const std::vector<double>& p, const std::vector<double>& q);

// P(X <= k) for X ~ Poisson(mean).
double poisson_cdf(int64_t k, double mean);
// Exact (Garwood) two-sided interval for a Poisson mean given k observed, at level 1 − alpha.
void poisson_interval(int64_t k, double alpha, double* low, double* high);

}  // namespace fissure::analysis
