// Bootstrap, robust standard errors, divergences and Poisson tails (see statistics.h and
// docs/signals.md).
#include "fissure/analysis/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fissure::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Quantile of sorted values with linear interpolation (type 7, R's default).
double quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNaN;
  double h = (static_cast<double>(sorted.size()) - 1) * p;
  size_t lo = static_cast<size_t>(std::floor(h));
  size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// The mean of all observations, with no interval yet.
Estimate pooled_mean(const std::vector<Cluster>& clusters) {
  Estimate e;
  double sum = 0;
  int64_t n = 0;
  for (const Cluster& c : clusters) {
    sum += c.sum;
    n += c.n;
  }
  e.n = n;
  e.clusters = static_cast<int64_t>(clusters.size());
  e.value = n ? sum / static_cast<double>(n) : kNaN;
  e.ci_low = e.ci_high = e.se = kNaN;
  return e;
}

}  // namespace

uint64_t Random::next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t Random::below(uint64_t n) {
  // Multiply-shift: unbiased enough for resampling (bias < n / 2^64).
  return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
}

double Random::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

Estimate bootstrap_mean(const std::vector<Cluster>& clusters, int replicates, double level,
                        uint64_t seed) {
  Estimate e = pooled_mean(clusters);
  if (clusters.size() < 2 || replicates < 2) return e;
  Random rng(seed);
  std::vector<double> means;
  means.reserve(static_cast<size_t>(replicates));
  const uint64_t g = clusters.size();
  for (int r = 0; r < replicates; ++r) {
    double s = 0;
    int64_t k = 0;
    for (uint64_t i = 0; i < g; ++i) {
      const Cluster& c = clusters[rng.below(g)];
      s += c.sum;
      k += c.n;
    }
    if (k) means.push_back(s / static_cast<double>(k));
  }
  if (means.size() < 2) return e;
  double mean = 0;
  for (double m : means) mean += m;
  mean /= static_cast<double>(means.size());
  double var = 0;
  for (double m : means) var += (m - mean) * (m - mean);
  e.se = std::sqrt(var / static_cast<double>(means.size() - 1));
  std::sort(means.begin(), means.end());
  e.ci_low = quantile(means, (1 - level) / 2);
  e.ci_high = quantile(means, 1 - (1 - level) / 2);
  return e;
}

Estimate robust_mean(const std::vector<Cluster>& clusters, double z) {
  Estimate e = pooled_mean(clusters);
  const double g = static_cast<double>(clusters.size());
  if (clusters.size() < 2) return e;
  double acc = 0;
  for (const Cluster& c : clusters) {
    double r = c.sum - e.value * c.n;
    acc += r * r;
  }
  e.se = std::sqrt(g / (g - 1) * acc) / static_cast<double>(e.n);
  e.ci_low = e.value - z * e.se;
  e.ci_high = e.value + z * e.se;
  return e;
}

double normal_p_two_sided(double z) { return std::erfc(std::fabs(z) / std::sqrt(2.0)); }

double normal_quantile_two_sided(double alpha) {
  if (!(alpha > 0) || alpha >= 1) return alpha >= 1 ? 0 : std::numeric_limits<double>::infinity();
  // Bisection on the tail: exact to 1e-12 in ~60 steps, and only called a few times per run.
  double lo = 0, hi = 40;
  for (int i = 0; i < 100; ++i) {
    double mid = (lo + hi) / 2;
    if (normal_p_two_sided(mid) > alpha)
      lo = mid;
    else
      hi = mid;
  }
  return (lo + hi) / 2;
}

double incomplete_beta(double x, double a, double b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // The continued fraction converges fast for x < (a+1)/(a+b+2); otherwise use the symmetry
  // I_x(a, b) = 1 - I_{1-x}(b, a).
  if (x > (a + 1) / (a + b + 2)) return 1 - incomplete_beta(1 - x, b, a);
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x)) /
                       a;
  // Modified Lentz evaluation of the continued fraction.
  constexpr double kTiny = 1e-300;
  double f = 1, c = 1, d = 0;
  for (int i = 0; i <= 400; ++i) {
    const int m = i / 2;
    double numerator;
    if (i == 0)
      numerator = 1;
    else if (i % 2 == 0)
      numerator = (m * (b - m) * x) / ((a + 2.0 * m - 1) * (a + 2.0 * m));
    else
      numerator = -((a + m) * (a + b + m) * x) / ((a + 2.0 * m) * (a + 2.0 * m + 1));
    d = 1 + numerator * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    d = 1 / d;
    c = 1 + numerator / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    const double step = c * d;
    f *= step;
    if (std::fabs(1 - step) < 1e-14) break;
  }
  return front * (f - 1);
}

double t_p_two_sided(double t, double df) {
  if (std::isnan(t) || !(df > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(df)) return normal_p_two_sided(t);
  return incomplete_beta(df / (df + t * t), df / 2, 0.5);
}

double t_quantile_two_sided(double alpha, double df) {
  if (!(df > 0)) return std::numeric_limits<double>::infinity();
  if (!(alpha > 0) || alpha >= 1) return alpha >= 1 ? 0 : std::numeric_limits<double>::infinity();
  double lo = 0, hi = 1;
  while (t_p_two_sided(hi, df) > alpha && hi < 1e12) hi *= 2;
  for (int i = 0; i < 200; ++i) {
    double mid = (lo + hi) / 2;
    if (t_p_two_sided(mid, df) > alpha)
      lo = mid;
    else
      hi = mid;
  }
  return (lo + hi) / 2;
}

double jensen_shannon(const std::vector<double>& p, const std::vector<double>& q) {
  double sp = 0, sq = 0;
  for (double v : p) sp += v;
  for (double v : q) sq += v;
  if (sp <= 0 || sq <= 0 || p.size() != q.size()) return kNaN;
  double js = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    double a = p[i] / sp, b = q[i] / sq, m = (a + b) / 2;
    if (a > 0) js += 0.5 * a * std::log2(a / m);
    if (b > 0) js += 0.5 * b * std::log2(b / m);
  }
  return std::max(0.0, std::min(1.0, js));
}

double poisson_cdf(int64_t k, double mean) {
  if (k < 0) return 0;
  if (mean <= 0) return 1;
  // Terms in log space, so a large mean does not underflow exp(-mean).
  const double log_mean = std::log(mean);
  double total = 0;
  for (int64_t i = 0; i <= k; ++i) {
    double d = static_cast<double>(i);
    total += std::exp(-mean + d * log_mean - std::lgamma(d + 1));
  }
  return std::min(1.0, total);
}

void poisson_interval(int64_t k, double alpha, double* low, double* high) {
  // Garwood: low solves P(X >= k | low) = alpha/2, high solves P(X <= k | high) = alpha/2.
  auto solve = [](auto f, double lo, double hi) {
    for (int i = 0; i < 200; ++i) {
      double mid = (lo + hi) / 2;
      if (f(mid))
        lo = mid;
      else
        hi = mid;
    }
    return (lo + hi) / 2;
  };
  double top = static_cast<double>(k) * 4 + 50;
  *low =
      k == 0 ? 0 : solve([&](double m) { return 1 - poisson_cdf(k - 1, m) < alpha / 2; }, 0, top);
  *high = solve([&](double m) { return poisson_cdf(k, m) > alpha / 2; }, 0, top);
}

}  // namespace fissure::analysis
