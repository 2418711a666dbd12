#include "fissure/lexicon/cameo_tables.h"

#include "test_support.h"

namespace fissure {
namespace {

TEST(CameoTables, ParsesAndFallsBackToParents) {
  std::vector<std::string> problems;
  auto t = CameoTables::parse(
      "CAMEOEVENTCODE\tEVENTDESCRIPTION\n08\tYIELD\n087\tDe-escalate\n0874\tRetreat\nbad line\n",
      "CAMEOEVENTCODE\tGOLDSTEINSCALE\n08\t5.0\n087\t9.0\n19\tx\n",
      "# header\n08: CONCEDE\n087: RETREAT,  , military # De-escalate\n", &problems);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.description("0874").value_or(""), "Retreat");
  EXPECT_DOUBLE_EQ(t.goldstein("0874").value_or(0), 9.0);
  EXPECT_DOUBLE_EQ(t.goldstein("081").value_or(0), 5.0);
  EXPECT_FALSE(t.goldstein("19").has_value());
  ASSERT_TRUE(t.plover("0874").has_value());
  EXPECT_EQ(t.plover("0874")->event, "RETREAT");
  EXPECT_EQ(t.plover("0874")->context, "military");
  EXPECT_EQ(t.plover("081")->event, "CONCEDE");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].rfind("CAMEO.eventcodes.txt:5:", 0), 0u);
  EXPECT_EQ(problems[1].rfind("CAMEO.goldsteinscale.txt:4:", 0), 0u);
}

TEST(CameoTables, QuadClassFromRootCode) {
  EXPECT_EQ(CameoTables::quad_class("010"), 1);
  EXPECT_EQ(CameoTables::quad_class("057"), 1);
  EXPECT_EQ(CameoTables::quad_class("0874"), 2);
  EXPECT_EQ(CameoTables::quad_class("112"), 3);
  EXPECT_EQ(CameoTables::quad_class("1385"), 3);
  EXPECT_EQ(CameoTables::quad_class("145"), 4);
  EXPECT_EQ(CameoTables::quad_class("2042"), 4);
  EXPECT_EQ(CameoTables::quad_class("21"), 0);
  EXPECT_EQ(CameoTables::quad_class("---"), 0);
  EXPECT_EQ(CameoTables::quad_class(""), 0);
}

TEST(CameoTables, ReferenceFiles) {
  std::vector<std::string> problems;
  auto t = CameoTables::load(testing::shared_path("reference/cameo"),
                             testing::shared_path("reference/plover"), &problems);
  ASSERT_TRUE(t.is_ok()) << t.status().message();
  EXPECT_EQ(t->size(), 311u);
  // The PLOVER table ends with a "~~~~~" rule line, the only line that is not a mapping.
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(problems);
  EXPECT_EQ(problems[0].rfind("CAMEO2PLOVER-2021.txt:301:", 0), 0u);
  EXPECT_DOUBLE_EQ(t->goldstein("057").value_or(0), 8.0);
  EXPECT_DOUBLE_EQ(t->goldstein("1385").value_or(0), -7.0);
  EXPECT_DOUBLE_EQ(t->goldstein("2042").value_or(0), -10.0);
  EXPECT_EQ(t->plover("0312")->event, "AGREE");
  EXPECT_EQ(t->plover("0312")->context, "military");
  EXPECT_EQ(t->description("11").value_or(""), "DISAPPROVE");
}

}  // namespace
}  // namespace fissure
