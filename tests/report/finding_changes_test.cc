#include <gtest/gtest.h>

#include "fissure/report/digest.h"

namespace fissure::report {
namespace {

analysis::Finding finding(const std::string& kind, const std::string& period, double magnitude) {
  analysis::Finding f;
  f.kind = kind;
  f.speaker = "IRN";
  f.target = "PRK";
  f.period = period;
  f.magnitude = magnitude;
  f.ci_low = magnitude - 0.1;
  f.ci_high = magnitude + 0.1;
  return f;
}

TEST(FindingKey, WholeWindowPeriodsCompareEqual) {
  EXPECT_EQ(finding_key(finding("reciprocity_gap", "2016..2019", 0.2)),
            finding_key(finding("reciprocity_gap", "2016..2024", 0.2)));
  EXPECT_NE(finding_key(finding("change_point", "2018", 0.2)),
            finding_key(finding("change_point", "2019", 0.2)));
  auto a = finding("third_party_divergence", "2016..2019", 0.2), b = a;
  b.third_party = "USA";
  EXPECT_NE(finding_key(a), finding_key(b));
}

TEST(CompareFindings, NewChangedGoneAndUnchanged) {
  std::vector<analysis::Finding> before = {finding("reciprocity_gap", "2016..2019", 0.2),
                                           finding("agenda_divergence", "2016..2019", 0.3),
                                           finding("change_point", "2018", 0.4)};
  std::vector<analysis::Finding> after = {finding("reciprocity_gap", "2016..2024", 0.25),   // same
                                          finding("agenda_divergence", "2016..2024", 0.5),  // moved
                                          finding("change_point", "2023", 0.4)};
  auto changes = compare_findings(before, after);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].kind, FindingChange::Kind::kChanged);
  EXPECT_EQ(changes[0].after.kind, "agenda_divergence");
  EXPECT_EQ(changes[1].kind, FindingChange::Kind::kNew);
  EXPECT_EQ(changes[1].after.period, "2023");
  EXPECT_EQ(changes[2].kind, FindingChange::Kind::kGone);
  EXPECT_EQ(changes[2].before.period, "2018");
  EXPECT_TRUE(compare_findings(before, before).empty());
}

}  // namespace
}  // namespace fissure::report
