#include <nlohmann/json.hpp>

#include "test_support.h"

namespace fissure {
namespace {

using testing::run_fissure;

TEST(EvalEventsCommand, JsonFigures) {
  std::string records =
      testing::shared_path("reference/petrarch2/unit_tests/PETR.UnitTest.records.xml");
  auto r = run_fissure({"eval", "events", "--records", records, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["records"], 284);
  EXPECT_EQ(j["codings_expected"], 359);
  EXPECT_GT(j["codings_produced"].get<int>(), 300);
  EXPECT_GE(j["precision_2digit"].get<double>(), 0.92);
  EXPECT_GE(j["recall_2digit"].get<double>(), 0.86);
  EXPECT_LE(j["precision_4digit"].get<double>(), j["precision_2digit"].get<double>());
  EXPECT_TRUE(j["by_category"].contains("SYNSET"));
  EXPECT_EQ(j["by_category"]["SYNSET"]["records"], 52);
}

TEST(EvalEventsCommand, MissingFilesAreUsageErrors) {
  auto r = run_fissure({"eval", "events", "--records", "/nonexistent/records.xml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot open"), std::string::npos);
  auto usage = run_fissure({"eval", "events"});
  EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace
}  // namespace fissure
