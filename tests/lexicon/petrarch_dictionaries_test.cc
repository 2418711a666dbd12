#include "fissure/lexicon/petrarch_dictionaries.h"

#include <algorithm>

#include "fissure/lexicon/petrarch_tokens.h"
#include "test_support.h"

namespace fissure {
namespace {

using Words = std::vector<std::string>;

bool has_problem(const std::vector<std::string>& problems, const std::string& needle) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(needle) != std::string::npos; });
}

TEST(PetrarchTokens, SplitsCliticsAndKeepsAbbreviations) {
  auto t = petrarch_tokenize("Gondor's U.S. ally didn't go, said W. Bush.");
  Words words;
  for (const auto& tok : t) words.push_back(tok.word);
  EXPECT_EQ(words, (Words{"GONDOR", "'S", "U.S.", "ALLY", "DID", "N'T", "GO", ",", "SAID", "W.",
                          "BUSH", "."}));
  EXPECT_EQ(t[0].begin, 0u);
  EXPECT_EQ(t[0].end, 6u);
  EXPECT_EQ(petrarch_phrase_words("NORTH_KOREA"), (Words{"NORTH", "KOREA"}));
}

TEST(PetrarchTokens, ReusedVectorGivesTheSameTokensAsAFreshOne) {
  // A long sentence leaves spare tokens with long words behind; the next, shorter ones must not
  // see them, nor keep any of their bytes.
  const std::string_view sentences[] = {
      "The Ministers of Foreign Affairs' long-awaited U.N.-brokered talks weren't held, "
      "officials said.",
      "'Gondor isn't Mordor's ally.'",
      "Arnor...",
      "",
      "W. Bush can't go; K.U. didn't (either).",
  };
  std::vector<PetrarchToken> reused;
  for (std::string_view text : sentences) {
    const size_t count = petrarch_tokenize_into(text, reused);
    const std::vector<PetrarchToken> fresh = petrarch_tokenize(text);
    ASSERT_EQ(count, fresh.size()) << text;
    ASSERT_GE(reused.size(), count);
    for (size_t i = 0; i < count; ++i) {
      EXPECT_EQ(reused[i].word, fresh[i].word) << text;
      EXPECT_EQ(reused[i].begin, fresh[i].begin) << text;
      EXPECT_EQ(reused[i].end, fresh[i].end) << text;
    }
  }
  // As the tokenizer has always split them: the quote after "ally." goes, the period stays.
  Words words;
  for (const auto& tok : petrarch_tokenize("'Gondor isn't Mordor's ally.'"))
    words.push_back(tok.word);
  EXPECT_EQ(words, (Words{"'", "GONDOR", "IS", "N'T", "MORDOR", "'S", "ALLY."}));
}

TEST(PetrarchActors, NamesSynonymsAndDatedCodes) {
  PetrarchActorDictionaries d;
  parse_petrarch_actors(
      "<!-- a comment\n over two lines -->\n"
      "GONDOR [GON]\n+MINAS_TIRITH\n"
      "GOLLUM  # a comment\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB "
      "> 990816]\n"
      "THE_SHIRE [FRO/BIL/SAM]\n"
      "BAD_DATE [XYZ 2004017-20061201]\n",
      "actors.txt", d);
  ASSERT_EQ(d.actors.size(), 3u);  // BAD_DATE has no valid code left
  EXPECT_EQ(d.actors[0].phrases[1], (Words{"MINAS", "TIRITH"}));
  const auto& gollum = d.actors[1];
  EXPECT_EQ(gollum.phrases.size(), 2u);
  EXPECT_EQ(gollum.codes_on(19920102), Words{"HOB"});
  EXPECT_EQ(gollum.codes_on(19950601), Words{"HOBGOV"});
  EXPECT_EQ(gollum.codes_on(19990815), Words{"HOBGOV"});
  EXPECT_EQ(gollum.codes_on(20010101), Words{"HOBREB"});
  EXPECT_EQ(d.actors[2].codes_on(19950101), (Words{"FRO", "BIL", "SAM"}));
  EXPECT_TRUE(has_problem(d.problems, "actors.txt:11: bad date '2004017'"))
      << ::testing::PrintToString(d.problems);
}

TEST(PetrarchActors, DefaultCodeAfterRestrictions) {
  PetrarchActorDictionaries d;
  parse_petrarch_actors("ZIMBABWE\n\t[RHO <790606]\n\t[ZBW]\nENT\n\t[ENT]\n+ORPHAN [\n", "a.txt",
                        d);
  ASSERT_EQ(d.actors.size(), 2u);
  EXPECT_EQ(d.actors[0].codes_on(19781223), Words{"RHO"});
  EXPECT_EQ(d.actors[0].codes_on(20010101), Words{"ZBW"});
  EXPECT_EQ(d.actors[0].codes_on(0), Words{"ZBW"});
  EXPECT_TRUE(has_problem(d.problems, "a.txt:6: unclosed '['"));
  EXPECT_EQ(parse_dictionary_date("950601"), 19950601);
  EXPECT_EQ(parse_dictionary_date("200101"), 20200101);
  EXPECT_EQ(parse_dictionary_date("19951301"), 0);
}

TEST(PetrarchAgents, CodesPluralsAndSubstitutions) {
  PetrarchActorDictionaries d;
  parse_petrarch_agents(
      "!PERSON! = MAN, WOMAN\n"
      "PRESIDENT [~GOV]\nMSF {} [NGO~]\nGOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]\nCONGRESS!PERSON! "
      "[~LEG]\n"
      "!PERSON!_OF_SILLY_WALKS [~GOV]\nAUTHORITY [~GOV]\nBROKEN [GOV]\n",
      "agents.txt", d);
  ASSERT_EQ(d.agents.size(), 6u);
  EXPECT_EQ(d.agents[0].code, "GOV");
  EXPECT_FALSE(d.agents[0].prefix);
  EXPECT_EQ(d.agents[0].phrases, (std::vector<Words>{{"PRESIDENTS"}, {"PRESIDENT"}}));
  EXPECT_TRUE(d.agents[1].prefix);
  EXPECT_EQ(d.agents[1].phrases, (std::vector<Words>{{"MSF"}}));
  EXPECT_EQ(d.agents[2].phrases, (std::vector<Words>{{"GOLDEN", "GOOSE"}, {"GOLDEN", "GEESE"}}));
  EXPECT_EQ(d.agents[3].phrases, (std::vector<Words>{{"CONGRESSMAN"}, {"CONGRESSWOMAN"}}));
  EXPECT_EQ(d.agents[4].phrases[0], (Words{"MAN", "OF", "SILLY", "WALKS"}));
  EXPECT_EQ(d.agents[5].phrases[0], Words{"AUTHORITIES"});
  EXPECT_TRUE(has_problem(d.problems, "agents.txt:8: agent code without '~'"));
}

TEST(PetrarchDiscards, SentenceAndStoryLevel) {
  PetrarchActorDictionaries d;
  parse_petrarch_discards("# comment\nBASEBALL\n+World Golf Championships   # pas\n", "d.txt", d);
  ASSERT_EQ(d.discards.size(), 2u);
  EXPECT_FALSE(d.discards[0].whole_story);
  EXPECT_TRUE(d.discards[1].whole_story);
  EXPECT_EQ(d.discards[1].words, (Words{"WORLD", "GOLF", "CHAMPIONSHIPS"}));
}

TEST(PetrarchVerbs, ValidationLayout) {
  auto v = parse_petrarch_verbs(
      "&TIES\n+MILITARY\n+ECONOMIC TIES\n\n"
      "--- BREAK [1717] ---\nBREAK { BROKE BROKEN }\n+BREAK_DOWN {+BROKE_DOWN}\n"
      "- + KNOWN_ * IN_ $ [076]\n- * NEW_&TIES_RELATIONS [903]\n- * OFF [195:196]\n- * XX [+++]\n- "
      "NO VERB [010]\n"
      "--- ARRIVE [032:033] ---\nARRIVE\nWIRE_+TAP {WIRE_+TAPPED}\n- % * [:173]\n",
      "verbs.txt");
  ASSERT_EQ(v.blocks.size(), 2u);
  EXPECT_EQ(v.synsets.at("TIES").size(), 2u);
  const VerbBlock& b = v.blocks[0];
  EXPECT_EQ(b.code, "1717");
  ASSERT_EQ(b.verbs.size(), 2u);
  auto has_form = [](const VerbForm& f, const Words& w) {
    return std::find(f.forms.begin(), f.forms.end(), w) != f.forms.end();
  };
  EXPECT_TRUE(has_form(b.verbs[0], {"BREAKS"}));
  EXPECT_TRUE(has_form(b.verbs[0], {"BREAKING"}));
  EXPECT_TRUE(has_form(b.verbs[0], {"BROKEN"}));
  EXPECT_TRUE(has_form(b.verbs[1], {"BREAKING", "DOWN"}));
  EXPECT_TRUE(has_form(b.verbs[1], {"BROKE", "DOWN"}));
  ASSERT_EQ(b.patterns.size(), 3u);
  const auto& p = b.patterns[0].elements;
  ASSERT_EQ(p.size(), 5u);
  EXPECT_EQ(p[0].kind, PatternElement::Kind::kTarget);
  EXPECT_EQ(p[1].text, "KNOWN");
  EXPECT_FALSE(p[1].glued_to_next);  // a trailing '_' marks an exact word, not a join
  EXPECT_EQ(p[2].kind, PatternElement::Kind::kVerb);
  EXPECT_EQ(p[4].kind, PatternElement::Kind::kSource);
  const auto& q = b.patterns[1].elements;
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[2].kind, PatternElement::Kind::kSynset);
  EXPECT_TRUE(q[1].glued_to_next && q[2].glued_to_next);
  EXPECT_FALSE(q[0].glued_to_next);
  EXPECT_EQ(b.patterns[2].reverse_code, "196");
  EXPECT_TRUE(has_problem(v.problems, "verbs.txt:11: bad event code [+++]"));
  EXPECT_TRUE(has_problem(v.problems, "verbs.txt:12: pattern without '*'"));
  const VerbBlock& arrive = v.blocks[1];
  EXPECT_EQ(arrive.reverse_code, "033");
  EXPECT_TRUE(has_form(arrive.verbs[1], {"WIRE", "TAPPED"}));
  EXPECT_EQ(arrive.verbs[1].head[0], 1);
  EXPECT_EQ(arrive.patterns[0].code, "");
  EXPECT_EQ(arrive.patterns[0].reverse_code, "173");
}

TEST(PetrarchVerbs, Petrarch2Layout) {
  auto v = parse_petrarch_verbs(
      "&WEAPON\n+MISSILE\n--- RUSH [---] ---\nRUSH\nHURRY {HURRIES HURRIED}\n"
      "- * (TO {BANNED PARTIES}) $  [1722]  # ADD\n- * &WEAPON [194]\n- * &NOWHERE [195]\n",
      "CAMEO.2.0.txt");
  ASSERT_EQ(v.blocks.size(), 1u);
  const auto& e = v.blocks[0].patterns[0].elements;
  ASSERT_EQ(e.size(), 5u);
  EXPECT_EQ(e[1].text, "TO");
  EXPECT_FALSE(e[1].glued_to_next);
  EXPECT_EQ(e[2].text, "BANNED");
  EXPECT_TRUE(e[2].glued_to_next);
  EXPECT_EQ(e[3].text, "PARTIES");
  EXPECT_TRUE(has_problem(v.problems, "CAMEO.2.0.txt:8: unknown synset &NOWHERE"));
}

TEST(PetrarchVerbs, FormsSeparatedByCommas) {
  auto v = parse_petrarch_verbs(
      "--- SELECT [---] ---\n+IS_DETERMINED {+WAS_DETERMINED , +ARE_DETERMINED} [030]\n", "v.txt");
  ASSERT_EQ(v.blocks.size(), 1u);
  for (const auto& form : v.blocks[0].verbs[0].forms)
    for (const auto& w : form) EXPECT_NE(w, ",");
  EXPECT_EQ(v.blocks[0].verbs[0].code, "030");
}

TEST(PetrarchVerbs, RegularForms) {
  EXPECT_EQ(regular_verb_forms("DIE"), (Words{"DIE", "DIES", "DIED", "DYING"}));
  EXPECT_EQ(regular_verb_forms("DENY"), (Words{"DENY", "DENIES", "DENIED", "DENYING"}));
  EXPECT_EQ(regular_verb_forms("CRITICIZE"),
            (Words{"CRITICIZE", "CRITICIZES", "CRITICIZED", "CRITICIZING"}));
  EXPECT_EQ(regular_verb_forms("PUSH"), (Words{"PUSH", "PUSHES", "PUSHED", "PUSHING"}));
  EXPECT_EQ(regular_verb_forms("EXPEL"),
            (Words{"EXPEL", "EXPELS", "EXPELED", "EXPELLED", "EXPELLING", "EXPELING"}));
}

TEST(PetrarchDictionaries, ReferenceFilesLoad) {
  std::string dir = testing::shared_path("reference/petrarch2/dictionaries/");
  auto verbs = read_dictionary_file(dir + "CAMEO.2.0.txt");
  ASSERT_TRUE(verbs.is_ok()) << verbs.status().message();
  auto v = parse_petrarch_verbs(*verbs, "CAMEO.2.0.txt");
  EXPECT_GT(v.blocks.size(), 300u);
  size_t patterns = 0;
  for (const auto& b : v.blocks) patterns += b.patterns.size();
  EXPECT_GT(patterns, 4500u);
  EXPECT_LT(v.problems.size(), 60u) << ::testing::PrintToString(v.problems);
  PetrarchActorDictionaries d;
  for (const char* f : {"Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                        "Phoenix.MilNonState.actors.txt"}) {
    auto c = read_dictionary_file(dir + f);
    ASSERT_TRUE(c.is_ok());
    parse_petrarch_actors(*c, f, d);
  }
  EXPECT_GT(d.actors.size(), 10000u);
  EXPECT_LT(d.problems.size(), d.actors.size() / 100) << ::testing::PrintToString(d.problems);
  auto agents = read_dictionary_file(dir + "Phoenix.agents.txt");
  ASSERT_TRUE(agents.is_ok());
  parse_petrarch_agents(*agents, "Phoenix.agents.txt", d);
  EXPECT_GT(d.agents.size(), 1500u);
  // Iran's Supreme Leader is coded IRNGOV after 1989-06-04.
  bool found = false;
  for (const auto& a : d.actors)
    for (const auto& p : a.phrases)
      if (p == Words{"IRAN"}) found = a.codes_on(20100101) == Words{"IRN"};
  EXPECT_TRUE(found);
  EXPECT_TRUE(has_problem(d.problems, "Phoenix.International.actors.txt:"));
}

}  // namespace
}  // namespace fissure
