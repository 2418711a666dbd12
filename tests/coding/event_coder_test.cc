#include "fissure/coding/event_coder.h"

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>

#include "fissure/corpus/petrarch_records.h"
#include "test_support.h"

namespace fissure {
namespace {

constexpr const char* kActors =
    "ARNOR [ARN]\nGONDOR [GON]\n+MINAS_TIRITH\nOSGILIATH [OSG]\nMORDOR [MOR]\nTHE_SHIRE "
    "[FRO/BIL/SAM]\n"
    "GOLLUM\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n";
constexpr const char* kAgents =
    "GOVERNMENT [~GOV]\nSOLDIER [~MIL]\nMSF {} [NGO~]\nPOLICE {} [~COP]\nPRIME_MINISTER "
    "[~GOV]\nOFFICIAL [~GOV]\n";
constexpr const char* kVerbs =
    "&NEG\n+DID N'T\n+WILL NOT\n"
    "--- RESTORE [064] ---\nRESTORE\n- &NEG * [112]\n"
    "--- CONDEMN [122] ---\nCONDEMN\n"
    "--- FREE [066] ---\nFREE\n- + * FROM $ [066]\n"
    "--- MEET [031:031] ---\nMEET {MET}\n"
    "--- OPPOSE [112] ---\nOPPOSE\n"
    "--- VISIT [032:032] ---\nVISIT\n"
    "--- SAID [023] ---\nSAID\n"
    "--- FIGHT [190] ---\nFIGHT\n- SAID WOULD * [173]\n"
    "--- EXPEL [201] ---\nEXPEL\n"
    "--- VOICE [020] ---\nVOICE\n- RAISED ITS * [042]\n";

PetrarchCoder make_coder() {
  auto actors = std::make_shared<PetrarchActorDictionaries>();
  parse_petrarch_actors(kActors, "actors", *actors);
  parse_petrarch_agents(kAgents, "agents", *actors);
  parse_petrarch_discards("BASEBALL\n", "discards", *actors);
  auto verbs = std::make_shared<PetrarchVerbDictionary>(parse_petrarch_verbs(kVerbs, "verbs"));
  EXPECT_TRUE(actors->problems.empty()) << ::testing::PrintToString(actors->problems);
  EXPECT_TRUE(verbs->problems.empty()) << ::testing::PrintToString(verbs->problems);
  return PetrarchCoder(actors, verbs);
}

std::set<std::string> codes(const std::vector<CodedEvent>& events) {
  std::set<std::string> out;
  for (const auto& e : events) out.insert(e.source + "-" + e.target + "-" + e.cameo);
  return out;
}

using Set = std::set<std::string>;

TEST(EventCoder, SourceVerbTarget) {
  auto coder = make_coder();
  auto events = coder.code("Arnor is about to restore full diplomatic ties with Gondor.", 19950101);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].source, "ARN");
  EXPECT_EQ(events[0].target, "GON");
  EXPECT_EQ(events[0].cameo, "064");
  EXPECT_EQ(events[0].quad_class, 2);
  EXPECT_EQ(events[0].why.dictionary, "verbs");
  EXPECT_EQ(events[0].why.line, 4);  // the block header: no pattern matched
  std::string text = "Arnor is about to restore full diplomatic ties with Gondor.";
  EXPECT_EQ(text.substr(events[0].verb_begin, events[0].verb_end - events[0].verb_begin),
            "restore");
}

TEST(EventCoder, PatternsWithSynsetsAndMarkers) {
  auto coder = make_coder();
  auto negated = coder.code("Arnor didn't restore ties with Gondor.", 19950101);
  ASSERT_EQ(negated.size(), 1u);
  EXPECT_EQ(negated[0].cameo, "112");
  EXPECT_EQ(negated[0].why.line, 6);
  EXPECT_EQ(codes(coder.code("Arnor will not restore ties with Gondor.", 19950101)),
            Set{"ARN-GON-112"});
  // '+' before the verb is the target, '$' after it the source.
  EXPECT_EQ(codes(coder.code("Gondor was freed from Mordor.", 19950101)), Set{"MOR-GON-066"});
}

TEST(EventCoder, AgentsCombineWithTheirActor) {
  auto coder = make_coder();
  EXPECT_EQ(codes(coder.code("The Arnor government condemned Gondor's soldiers.", 19950101)),
            Set{"ARNGOV-GONMIL-122"});
  EXPECT_EQ(codes(coder.code("MSF Arnor condemned the government of Gondor.", 19950101)),
            Set{"NGOARN-GONGOV-122"});
  EXPECT_EQ(codes(coder.code("Soldiers from Osgiliath condemned Minas Tirith police.", 19950101)),
            Set{"OSGMIL-GONCOP-122"});
  EXPECT_EQ(codes(coder.code("Arnor Prime Minister Gollum condemned Gondor.", 19900101)),
            Set{"ARNGOV-GON-122"});
  // Former office holders are elites (ELI), not the office.
  EXPECT_EQ(codes(coder.code("Former Arnor officials condemned Gondor.", 19950101)),
            Set{"ARNELI-GON-122"});
  EXPECT_EQ(codes(coder.code("Arnor former officials condemned Gondor.", 19950101)),
            Set{"ARNELI-GON-122"});
}

TEST(EventCoder, CompoundsReciprocalCodesAndDates) {
  auto coder = make_coder();
  EXPECT_EQ(codes(coder.code("Arnor and Osgiliath condemned Gondor.", 19950101)),
            (Set{"ARN-GON-122", "OSG-GON-122"}));
  EXPECT_EQ(codes(coder.code("The Shire condemned Mordor.", 19950101)),
            (Set{"FRO-MOR-122", "BIL-MOR-122", "SAM-MOR-122"}));
  EXPECT_EQ(codes(coder.code("Gollum met Gondor.", 19920101)), (Set{"HOB-GON-031", "GON-HOB-031"}));
  EXPECT_EQ(codes(coder.code("Gollum met Gondor.", 19970101)),
            (Set{"HOBGOV-GON-031", "GON-HOBGOV-031"}));
  // No date restriction fits and there is no default: Gollum is not an actor then.
  EXPECT_TRUE(coder.code("Gollum met Gondor.", 20050101).empty());
}

TEST(EventCoder, PassiveNounsAndDiscards) {
  auto coder = make_coder();
  EXPECT_EQ(codes(coder.code("Gondor was opposed earlier by Osgiliath.", 19950101)),
            Set{"OSG-GON-112"});
  // A noun is coded only by a pattern that spells out the words before it.
  EXPECT_EQ(codes(coder.code("Arnor raised its voice for Gondor.", 19950101)), Set{"ARN-GON-042"});
  EXPECT_TRUE(coder.code("Arnor heard the voice of Gondor.", 19950101).empty());
  // "a brief visit" is a noun: nothing to code.
  EXPECT_TRUE(coder.code("Arnor made a brief visit to Gondor.", 19950101).empty());
  EXPECT_TRUE(coder.code("Arnor condemned Gondor over baseball.", 19950101).empty());
  // The attribution at the end is no target of the first verb.
  EXPECT_EQ(codes(coder.code("Arnor condemned the plan, a Gondor official said.", 19950101)),
            Set{});
}

TEST(EventCoder, ClausesAndReportedSpeech) {
  auto coder = make_coder();
  // The relative clause is skipped when looking for the subject of the main verb, and its own
  // subject is the actor it follows.
  EXPECT_EQ(codes(coder.code("Arnor, which has long opposed Gondor, condemned Mordor.", 19950101)),
            (Set{"ARN-GON-112", "ARN-MOR-122"}));
  // "said" is coded toward the first actor after it, unless a pattern of the embedded verb uses it.
  EXPECT_EQ(codes(coder.code("Gondor said Mordor was evil.", 19950101)), Set{"GON-MOR-023"});
  EXPECT_EQ(codes(coder.code("Gondor said it would fight Mordor.", 19950101)), Set{"GON-MOR-173"});
  // A subject pronoun stands for the actor before it.
  EXPECT_EQ(codes(coder.code("Gondor said it would condemn Mordor.", 19950101)),
            (Set{"GON-MOR-023", "GON-MOR-122"}));
  // Doubled consonants: EXPEL -> expelled.
  EXPECT_EQ(codes(coder.code("Gondor has expelled Arnor soldiers.", 19950101)),
            Set{"GON-ARNMIL-201"});
  // A verb after "and" shares the subject of the verb before it.
  EXPECT_EQ(codes(coder.code("Arnor condemned Mordor and met Gondor.", 19950101)),
            (Set{"ARN-MOR-122", "ARN-GON-031", "GON-ARN-031"}));
}

TEST(EventCoder, ActorsFromAnotherRecogniser) {
  auto verbs = std::make_shared<PetrarchVerbDictionary>(parse_petrarch_verbs(kVerbs, "verbs"));
  EventCoder coder(verbs);
  std::string text = "Iran condemned North Korea and Japan.";
  std::vector<ActorMention> mentions(3);
  mentions[0].begin = 0, mentions[0].end = 4, mentions[0].code = "IRN";
  mentions[1].begin = 15, mentions[1].end = 26, mentions[1].code = "PRK";
  mentions[2].begin = 31, mentions[2].end = 36, mentions[2].code = "JPN";
  EXPECT_EQ(codes(coder.code(text, 20200101, mentions)), (Set{"IRN-PRK-122", "IRN-JPN-122"}));
}

TEST(EventCoder, OddInputNeverCrashes) {
  auto coder = make_coder();
  EXPECT_TRUE(coder.code("", 0).empty());
  std::string big;
  while (big.size() < 100000) big += "Arnor condemned Gondor and Mordor, ";
  auto start = std::chrono::steady_clock::now();
  auto events = coder.code(big, 19950101);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_FALSE(events.empty());
  EXPECT_NO_FATAL_FAILURE(
      coder.code("\xff\xfe\x00 Arnor \x80\x80 restore 's 's n't , , ( ) Gondor", 0));
  testing::check_property([&](const std::string& s) { coder.code(s, 19950101); });
}

// The PETRARCH unit-test suite, coded from raw text with its own dictionaries.
TEST(EventCoder, PetrarchUnitTestSuite) {
  std::string base = testing::shared_path("reference/petrarch2/");
  std::ifstream in(base + "unit_tests/PETR.UnitTest.records.xml");
  ASSERT_TRUE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  auto set = parse_petrarch_records(ss.str(), "PETR.UnitTest.records.xml");
  std::vector<std::string> problems;
  auto coder = PetrarchCoder::load(base + "dictionaries", set.environment["Verbfile"],
                                   {set.environment["Actorfile"]}, {set.environment["Agentfile"]},
                                   {set.environment["Discardfile"]}, nullptr, &problems);
  ASSERT_TRUE(coder.is_ok()) << coder.status().message();
  long expected = 0, produced = 0, hits = 0;
  for (const auto& r : set.records) {
    std::multiset<std::string> want, got;
    for (const auto& c : r.codings)
      want.insert(c.source + "-" + c.target + "-" + c.event.substr(0, 2));
    for (const auto& e : coder->code(r.text, date_number(r.date)))
      got.insert(e.source + "-" + e.target + "-" + e.cameo.substr(0, 2));
    expected += static_cast<long>(want.size());
    produced += static_cast<long>(got.size());
    for (const auto& g : got) {
      auto it = want.find(g);
      if (it != want.end()) {
        want.erase(it);
        ++hits;
      }
    }
  }
  double precision = static_cast<double>(hits) / static_cast<double>(produced);
  double recall = static_cast<double>(hits) / static_cast<double>(expected);
  // Measured 0.938 / 0.880 (2-digit); the floor leaves a little room.
  EXPECT_GE(precision, 0.92);
  EXPECT_GE(recall, 0.86);
  RecordProperty("precision_2digit", std::to_string(precision));
  RecordProperty("recall_2digit", std::to_string(recall));
}

}  // namespace
}  // namespace fissure
