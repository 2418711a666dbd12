#include "fissure/coding/target_tone.h"

#include "test_support.h"

namespace fissure {
namespace {

TargetSpan span_of(std::string_view sentence, std::string_view mention) {
  size_t at = sentence.find(mention);
  EXPECT_NE(at, std::string_view::npos) << mention;
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + mention.size())};
}

std::vector<std::string> clause_texts(const ClauseSplitter& splitter, std::string_view s) {
  std::vector<std::string> out;
  for (const ToneClause& c : splitter.split(s))
    out.emplace_back(s.substr(c.begin, c.end - c.begin));
  return out;
}

class TargetToneTest : public ::testing::Test {
 protected:
  TargetToneTest()
      : lexicon_(*ToneLexicon::load({}, nullptr)), splitter_(lexicon_), scorer_(lexicon_) {}
  std::vector<TargetTone> score(std::string_view s,
                                std::initializer_list<std::string_view> targets) {
    std::vector<TargetSpan> spans;
    for (auto t : targets) spans.push_back(span_of(s, t));
    return scorer_.score(s, spans);
  }
  ToneLexicon lexicon_;
  ClauseSplitter splitter_;
  TargetToneScorer scorer_;
};

TEST_F(TargetToneTest, ButSeparatesPraiseFromCondemnation) {
  std::string_view s = "Iran praised the DPRK but condemned the US";
  auto r = score(s, {"DPRK", "US"});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_GT(r[0].compound, 0.3);
  EXPECT_LT(r[1].compound, -0.3);
  EXPECT_EQ(r[0].clause.opened_by, "start");
  EXPECT_EQ(r[1].clause.opened_by, "but");
  EXPECT_EQ(s.substr(r[1].clause.begin, r[1].clause.end - r[1].clause.begin), "condemned the US");
}

TEST_F(TargetToneTest, TheSameWithVadersLexicon) {
  ToneLexicon vader;
  ASSERT_TRUE(
      vader.add_file(testing::shared_path("reference/vader/vader_lexicon.txt"), nullptr).is_ok());
  TargetToneScorer scorer(vader);
  std::string_view s = "Iran praised the DPRK but condemned the US.";
  std::vector<TargetSpan> spans = {span_of(s, "DPRK"), span_of(s, "US")};
  auto r = scorer.score(s, spans);
  EXPECT_GT(r[0].compound, 0.3);
  EXPECT_LT(r[1].compound, -0.3);
}

TEST_F(TargetToneTest, AndBeforeAValencedVerbCuts) {
  auto r =
      score("Tehran hailed its fraternal ties with Pyongyang and strongly denounced Washington.",
            {"Pyongyang", "Washington"});
  EXPECT_GT(r[0].compound, 0);
  EXPECT_LT(r[1].compound, 0);
  EXPECT_EQ(r[1].clause.opened_by, "and+verb");
  // "and" before a noun does not cut.
  EXPECT_EQ(clause_texts(splitter_, "friendship and solidarity between Iran and the DPRK").size(),
            1u);
}

TEST_F(TargetToneTest, PunctuationAndContrastiveWordsCut) {
  EXPECT_EQ(clause_texts(splitter_, "We support Cuba; we condemn the blockade"),
            (std::vector<std::string>{"We support Cuba", "we condemn the blockade"}));
  EXPECT_EQ(clause_texts(splitter_, "Friends \xE2\x80\x94 and enemies"),
            (std::vector<std::string>{"Friends", "and enemies"}));
  EXPECT_EQ(clause_texts(splitter_, "The US, however, continued its hostile policy").size(), 1u);
  EXPECT_EQ(clause_texts(splitter_, "Peace was near; however the US refused").size(), 2u);
  EXPECT_EQ(clause_texts(splitter_, "It has yet to reply, yet it threatens us").size(), 2u);
  EXPECT_EQ(clause_texts(splitter_, "After a while the talks resumed").size(), 1u);
  EXPECT_EQ(clause_texts(splitter_, "Russia cooperates whereas the US sabotages").size(), 2u);
  EXPECT_EQ(clause_texts(splitter_, "At 10:30 the delegation arrived").size(), 1u);
}

TEST_F(TargetToneTest, OpeningSubordinateClauseEndsAtItsComma) {
  std::string_view s = "While Iran praised the DPRK, it condemned the US";
  EXPECT_EQ(clause_texts(splitter_, s),
            (std::vector<std::string>{"Iran praised the DPRK", "it condemned the US"}));
  auto r = score(s, {"DPRK", "US"});
  EXPECT_GT(r[0].compound, 0);
  EXPECT_LT(r[1].compound, 0);
}

TEST_F(TargetToneTest, MentionsOutsideOrEmptySentences) {
  std::vector<TargetSpan> far = {{1000, 1004}};
  auto r = scorer_.score("The DPRK praised Iran", far);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_GT(r[0].compound, 0);  // the last clause
  r = scorer_.score("   ", far);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].compound, 0);
  EXPECT_EQ(r[0].clause.opened_by, "none");
  EXPECT_TRUE(scorer_.score("anything", {}).empty());
}

TEST_F(TargetToneTest, AnyBytesAndSpansNeverCrash) {
  testing::check_property(
      [&](const std::string& text, const std::vector<std::pair<uint32_t, uint32_t>>& raw) {
        std::string sentence = text + " but ; while , and condemned \xE2\x80\x94 " + text;
        std::vector<TargetSpan> spans;
        for (auto [b, e] : raw)
          spans.push_back({b % (static_cast<uint32_t>(sentence.size()) + 5), e});
        auto r = scorer_.score(sentence, spans);
        RC_ASSERT(r.size() == spans.size());
        for (const TargetTone& t : r) {
          RC_ASSERT(t.compound >= -1 && t.compound <= 1);
          RC_ASSERT(t.clause.begin <= t.clause.end && t.clause.end <= sentence.size());
        }
        uint32_t previous = 0;
        for (const ToneClause& c : splitter_.split(sentence)) {
          RC_ASSERT(c.begin >= previous && c.begin < c.end);
          previous = c.end;
        }
      });
  std::string huge;
  while (huge.size() < 100000) huge += "while but and condemned; yet, however, x ";
  EXPECT_GT(splitter_.split(huge).size(), 1000u);
}

// split_each reads the sentence once for several lexicons and must cut as each splitter alone:
// here "and denounced" is a cut only for the lexicon that knows "denounced".
TEST(ClauseSplitEach, EqualsEachSplitterAlone) {
  ToneLexicon knows, ignores;
  knows.add_text("praised\t2\ndenounced\t-2.5\n", "knows", nullptr);
  ignores.add_text("praised\t2\n", "ignores", nullptr);
  const ClauseSplitter a(knows), b(ignores);
  const ClauseSplitter* splitters[] = {&a, &b};
  for (std::string_view s :
       {"Iran praised Syria and denounced the US", "While Iran praised X, it denounced Y; fine", "",
        "   ", "a -- b \u2014 c: d but e"}) {
    std::vector<ToneClause> ca, cb;
    std::vector<ToneClause>* out[] = {&ca, &cb};
    ClauseSplitter::split_each(s, splitters, out);
    const auto same = [](const std::vector<ToneClause>& x, const std::vector<ToneClause>& y) {
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i)
        if (x[i].begin != y[i].begin || x[i].end != y[i].end || x[i].opened_by != y[i].opened_by)
          return false;
      return true;
    };
    EXPECT_TRUE(same(ca, a.split(s))) << s;
    EXPECT_TRUE(same(cb, b.split(s))) << s;
  }
  std::vector<ToneClause> ca, cb;
  std::vector<ToneClause>* out[] = {&ca, &cb};
  ClauseSplitter::split_each("Iran praised Syria and denounced the US", splitters, out);
  EXPECT_EQ(ca.size(), 2u);
  EXPECT_EQ(cb.size(), 1u);
}

}  // namespace
}  // namespace fissure
