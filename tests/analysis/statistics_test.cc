// Statistics and periods behind the series: known values, and properties that must hold for
// any input.
#include "fissure/analysis/statistics.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>

#include "fissure/analysis/period.h"

namespace fissure::analysis {
namespace {

TEST(Statistics, NormalQuantiles) {
  EXPECT_NEAR(normal_quantile_two_sided(0.05), 1.959964, 1e-5);
  EXPECT_NEAR(normal_quantile_two_sided(0.01), 2.575829, 1e-5);
  EXPECT_NEAR(normal_p_two_sided(1.959964), 0.05, 1e-6);
}

TEST(Statistics, PoissonTailAndGarwoodInterval) {
  EXPECT_NEAR(poisson_cdf(0, 3.0), std::exp(-3.0), 1e-12);
  EXPECT_NEAR(poisson_cdf(2, 1.0), std::exp(-1.0) * 2.5, 1e-12);
  EXPECT_NEAR(poisson_cdf(900, 1000.0), 0.00069777, 1e-7);  // no underflow for large means
  double low = 0, high = 0;
  poisson_interval(0, 0.05, &low, &high);
  EXPECT_EQ(low, 0);
  EXPECT_NEAR(high, 3.689, 0.001);  // published Garwood limits
  poisson_interval(10, 0.05, &low, &high);
  EXPECT_NEAR(low, 4.795, 0.001);
  EXPECT_NEAR(high, 18.390, 0.001);
}

TEST(Statistics, JensenShannonKnownValues) {
  EXPECT_DOUBLE_EQ(jensen_shannon({1, 2, 3}, {2, 4, 6}), 0);
  EXPECT_DOUBLE_EQ(jensen_shannon({1, 0}, {0, 1}), 1);
  EXPECT_NEAR(jensen_shannon({1, 1}, {1, 0}), 0.311278, 1e-6);
  EXPECT_TRUE(std::isnan(jensen_shannon({0, 0}, {1, 0})));
}

TEST(Statistics, RobustMeanMatchesTheFormula) {
  // Three documents: means 0, 1, 2 with 1, 2, 1 sentences.
  std::vector<Cluster> c = {{0, 0, 1}, {2, 2, 2}, {2, 4, 1}};
  Estimate e = robust_mean(c, 1.96);
  EXPECT_DOUBLE_EQ(e.value, 1.0);
  // residuals: 0-1 = -1, 2-2 = 0, 2-1 = 1; se² = 3/2 · 2 / 16
  EXPECT_NEAR(e.se, std::sqrt(1.5 * 2 / 16), 1e-12);
  EXPECT_EQ(e.clusters, 3);
  EXPECT_EQ(e.n, 4);
}

TEST(Statistics, BootstrapIsReproducibleAndCoversTheMean) {
  std::vector<Cluster> c;
  Random rng(7);
  for (int i = 0; i < 200; ++i) {
    double v = rng.uniform() - 0.3;
    c.push_back({v * 3, v * v * 3, 3});
  }
  Estimate e1 = bootstrap_mean(c, 1000, 0.95, 42), e2 = bootstrap_mean(c, 1000, 0.95, 42);
  EXPECT_EQ(e1.ci_low, e2.ci_low);
  EXPECT_LT(e1.ci_low, e1.value);
  EXPECT_GT(e1.ci_high, e1.value);
  // Uniform(-0.3, 0.7) means: sd of the mean of 200 ≈ 0.0204; the 95% interval ≈ ±0.04.
  EXPECT_NEAR(e1.ci_high - e1.ci_low, 4 * 0.0204, 0.02);
  EXPECT_TRUE(std::isnan(bootstrap_mean({{1, 1, 1}}, 100, 0.95, 1).ci_low));  // one document
}

RC_GTEST_PROP(StatisticsProperty, JensenShannonIsSymmetricAndBounded, ()) {
  auto p = *rc::gen::container<std::vector<double>>(
      5, rc::gen::map(rc::gen::inRange(0, 100), [](int v) { return double(v); }));
  auto q = *rc::gen::container<std::vector<double>>(
      5, rc::gen::map(rc::gen::inRange(0, 100), [](int v) { return double(v); }));
  double pq = jensen_shannon(p, q), qp = jensen_shannon(q, p);
  if (std::isnan(pq)) {
    RC_ASSERT(std::isnan(qp));
    return;
  }
  RC_ASSERT(std::fabs(pq - qp) < 1e-12);
  RC_ASSERT(pq >= 0);
  RC_ASSERT(pq <= 1);
}

RC_GTEST_PROP(PeriodProperty, LabelsAndDaysAgree, ()) {
  const int year = *rc::gen::inRange(1900, 2100);
  const int month = *rc::gen::inRange(1, 13);
  for (Resolution r : {Resolution::kYear, Resolution::kQuarter, Resolution::kMonth}) {
    char day[16];
    std::snprintf(day, sizeof day, "%04d-%02d-10", year, month);
    auto p = period_of({day, 'd'}, r);
    RC_ASSERT(p.has_value());
    RC_ASSERT(period_first_day(*p, r) <= std::string(day));
    RC_ASSERT(period_last_day(*p, r) >= std::string(day));
    RC_ASSERT(period_first_day(*p + 1, r) > period_last_day(*p, r));  // consecutive, no gap
    RC_ASSERT(period_label(*p, r).substr(0, 4) == std::to_string(year));
  }
}

TEST(Period, LabelsAndPrecision) {
  EXPECT_EQ(period_label(period_index(2019, 7, Resolution::kQuarter), Resolution::kQuarter),
            "2019-Q3");
  EXPECT_EQ(period_label(period_index(2019, 7, Resolution::kMonth), Resolution::kMonth), "2019-07");
  EXPECT_EQ(period_last_day(period_index(2020, 2, Resolution::kMonth), Resolution::kMonth),
            "2020-02-29");
  // A year-only date is placed in a year but in no month or quarter.
  EXPECT_TRUE(period_of({"2019-01-01", 'y'}, Resolution::kYear).has_value());
  EXPECT_FALSE(period_of({"2019-01-01", 'y'}, Resolution::kMonth).has_value());
  EXPECT_FALSE(period_of({"", 0}, Resolution::kYear).has_value());
  EXPECT_FALSE(parse_resolution("week"));
}

}  // namespace
}  // namespace fissure::analysis

namespace fissure::analysis {
namespace {

TEST(Statistics, StudentTQuantilesMatchTables) {
  EXPECT_NEAR(t_quantile_two_sided(0.05, 3), 3.182446, 1e-5);
  EXPECT_NEAR(t_quantile_two_sided(0.05, 30), 2.042272, 1e-5);
  EXPECT_NEAR(t_quantile_two_sided(0.01, 10), 3.169273, 1e-5);
  EXPECT_NEAR(t_quantile_two_sided(0.05, 1e7), 1.959964, 1e-4);
  EXPECT_NEAR(t_p_two_sided(2.228139, 10), 0.05, 1e-6);
  EXPECT_NEAR(incomplete_beta(0.5, 2, 3), 0.6875, 1e-12);
}

}  // namespace
}  // namespace fissure::analysis
