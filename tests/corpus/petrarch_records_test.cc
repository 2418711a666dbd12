#include "fissure/corpus/petrarch_records.h"

#include <fstream>
#include <sstream>

#include "test_support.h"

namespace fissure {
namespace {

TEST(PetrarchRecords, LenientMarkup) {
  auto set = parse_petrarch_records(
      "<Environment>\n<Verbfile>V.txt</Verbfile>\n<Actorfile name=\"A.txt\">\n</Environment>\n"
      "<Sentences>\n<!--Stop></Stop-->\n"
      "<Sentence date = \"19950101\" id =\"X-1\" category=\"DEMO\" sentence=\"true\">\n"
      "<!-- a <comment> inside -->\n"
      "<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n"
      "<EventCoding sourcecode='\"INJURY TOLL\"' targetcode=\"OSG\" eventcode=\"223\">\n"
      "<Text>\nArnor &amp; Gondor\n  restore ties.\n</Text>\n<Parse>(ROOT "
      "(S))</Parse>\n</Sentence>\n"
      "<Sentence date=\"19950102\" id=\"X-2\" category=\"ERROR\">\n<EventCoding noevents = "
      "\"True\"></EventCoding>\n"
      "<Text>Nothing.</Text></Sentence>\n"
      "<Sentence id=\"X-3\"><EventCoding error=\"dateline\"></EventCoding>\n</Sentence>\n",
      "r.xml");
  ASSERT_EQ(set.records.size(), 2u);
  EXPECT_EQ(set.environment.at("Verbfile"), "V.txt");
  EXPECT_EQ(set.environment.at("Actorfile"), "A.txt");
  const auto& r = set.records[0];
  EXPECT_EQ(r.id, "X-1");
  EXPECT_EQ(r.date, "19950101");
  EXPECT_EQ(r.category, "DEMO");
  EXPECT_EQ(r.text, "Arnor & Gondor restore ties.");
  ASSERT_EQ(r.codings.size(), 2u);
  EXPECT_EQ(r.codings[1].source, "INJURY TOLL");
  EXPECT_TRUE(set.records[1].no_events);
  EXPECT_TRUE(set.records[1].codings.empty());
  ASSERT_EQ(set.problems.size(), 1u);
  EXPECT_NE(set.problems[0].find("r.xml:20: record X-3 has no <Text>"), std::string::npos)
      << set.problems[0];
}

TEST(PetrarchRecords, RecoversBrokenTextMarkup) {
  auto set = parse_petrarch_records(
      "<Sentence id=\"A\"><!-- note -->\nNo opening tag here.\n</Text></Sentence>\n"
      "<Sentence id=\"B\"><EventCoding sourcecode=\"X\" targetcode=\"Y\" eventcode=\"01\">\n"
      "<!--EventCoding noevents = \"True\">\n<Text>Unclosed comment before.</Text></Sentence>\n",
      "b.xml");
  ASSERT_EQ(set.records.size(), 2u);
  EXPECT_EQ(set.records[0].text, "No opening tag here.");
  EXPECT_EQ(set.records[1].text, "Unclosed comment before.");
  EXPECT_EQ(set.records[1].codings.size(), 1u);
  EXPECT_EQ(set.skipped, 0);
  ASSERT_EQ(set.problems.size(), 1u);
  EXPECT_EQ(set.problems[0], "b.xml:1: record A lacks the <Text> tag; text read up to </Text>");
}

TEST(PetrarchRecords, UnitTestSuites) {
  for (const char* name : {"PETR.UnitTest.records.xml", "PETR.UnitTest.records.txt"}) {
    std::ifstream in(testing::shared_path(std::string("reference/petrarch2/unit_tests/") + name));
    ASSERT_TRUE(in) << name;
    std::stringstream ss;
    ss << in.rdbuf();
    auto set = parse_petrarch_records(ss.str(), name);
    size_t codings = 0;
    for (const auto& r : set.records) codings += r.codings.size();
    if (std::string(name).find("xml") != std::string::npos) {
      EXPECT_EQ(set.records.size(), 284u);
      EXPECT_EQ(codings, 359u);
    } else {
      // Two records have broken markup (no <Text> tag; an unclosed comment): both are recovered.
      EXPECT_EQ(set.records.size(), 250u);
      EXPECT_EQ(set.skipped, 0);
      EXPECT_GT(codings, 300u);
    }
    EXPECT_EQ(set.environment["Verbfile"], "PETR.Validate.verbs.txt");
    EXPECT_EQ(set.environment["Agentfile"], "PETR.Validate.agents.txt");
  }
}

TEST(PetrarchRecords, NeverCrashesOnTruncatedInput) {
  std::string doc = "<Sentence date=\"1\" id=\"a\"><Text>x</Text><EventCoding sourcecode=\"A\"";
  for (size_t cut = 0; cut <= doc.size(); ++cut) {
    auto set = parse_petrarch_records(doc.substr(0, cut), "t.xml");
    for (const auto& r : set.records) EXPECT_EQ(r.id, "a");
  }
}

}  // namespace
}  // namespace fissure
