#include "fissure/lexicon/tone_lexicon.h"

#include <cmath>

#include "test_support.h"

namespace fissure {
namespace {

TEST(ToneLexicon, ReadsVaderLayoutAndIgnoresExtraColumns) {
  ToneLexicon lex;
  std::vector<std::string> messages;
  size_t added = lex.add_text(
      "good\t1.9\t0.9434\t[2, 1, 2, 3, 1, 2, 3, 1, 2, 2]\n"
      "bad\t-2.5\t0.67082\t[-3, -2]\n",
      "vader.txt", &messages);
  EXPECT_EQ(added, 2u);
  EXPECT_TRUE(messages.empty());
  ASSERT_NE(lex.find("good"), nullptr);
  EXPECT_DOUBLE_EQ(lex.find("good")->valence, 1.9);
  EXPECT_DOUBLE_EQ(lex.find("bad")->valence, -2.5);
  EXPECT_EQ(lex.find("bad")->line, 2u);
  EXPECT_EQ(lex.sources().at(lex.find("bad")->source), "vader.txt");
  EXPECT_EQ(lex.find("ugly"), nullptr);
  EXPECT_EQ(lex.find("Good"), nullptr);  // keys are exact: the scorer looks up lower case
}

TEST(ToneLexicon, ReadsFissureLayoutWithNotesCommentsCrlfAndBom) {
  ToneLexicon lex;
  std::vector<std::string> messages;
  lex.add_text(
      "\xEF\xBB\xBF# header comment\r\n\r\nfraternal\t2.0\t# KCNA\r\n"
      "puppet\t-2.5  # a note in the valence column\r\n   \r\nhail\t+1.5\r\n",
      "f.txt", &messages);
  EXPECT_TRUE(messages.empty()) << messages.front();
  EXPECT_EQ(lex.size(), 3u);
  EXPECT_DOUBLE_EQ(lex.find("fraternal")->valence, 2.0);
  EXPECT_EQ(lex.find("fraternal")->line, 3u);
  EXPECT_DOUBLE_EQ(lex.find("puppet")->valence, -2.5);
  EXPECT_DOUBLE_EQ(lex.find("hail")->valence, 1.5);
}

TEST(ToneLexicon, ReportsMalformedLinesWithFileAndLineAndGoesOn) {
  ToneLexicon lex;
  std::vector<std::string> messages;
  size_t added =
      lex.add_text("ok\t1\nnotab 2\n\t1.0\nword\tabc\nhuge\t4.5\nnan\tnan\nempty\t\nfine\t-1\n",
                   "bad.txt", &messages);
  EXPECT_EQ(added, 2u);
  ASSERT_EQ(messages.size(), 6u);
  EXPECT_EQ(messages[0], "bad.txt:2: expected TOKEN<TAB>VALENCE, found no tab");
  EXPECT_EQ(messages[1], "bad.txt:3: empty token");
  EXPECT_EQ(messages[2], "bad.txt:4: valence 'abc' is not a number");
  EXPECT_EQ(messages[3], "bad.txt:5: valence 4.5 is outside -4..+4");
  EXPECT_EQ(messages[4].rfind("bad.txt:6: ", 0), 0u);
  EXPECT_EQ(messages[5], "bad.txt:7: missing valence");
  EXPECT_NE(lex.find("fine"), nullptr);
}

TEST(ToneLexicon, LaterEntriesOverrideEarlierOnes) {
  ToneLexicon lex;
  lex.add_text("war\t-2.9\nexploits\t-1.4\npeace\t2.5\n", "first", nullptr);
  lex.add_text("exploits\t1.5\n", "second", nullptr);
  lex.add_text("war\t-2.0\nwar\t-1.0\n", "third", nullptr);
  EXPECT_DOUBLE_EQ(lex.find("exploits")->valence, 1.5);
  EXPECT_EQ(lex.sources()[lex.find("exploits")->source], "second");
  EXPECT_DOUBLE_EQ(lex.find("war")->valence, -1.0);
  EXPECT_EQ(lex.find("war")->line, 2u);
  EXPECT_DOUBLE_EQ(lex.find("peace")->valence, 2.5);
  EXPECT_EQ(lex.size(), 3u);
}

// "w" + number, without the operator+ chain GCC 12 misreads under -Wrestrict.
std::string word(int i) {
  std::string w = "w";
  w += std::to_string(i);
  return w;
}

TEST(ToneLexicon, GrowsPastManyEntries) {
  ToneLexicon lex;
  std::string text;
  for (int i = 0; i < 5000; ++i) {
    text += word(i);
    text += '\t';
    text += std::to_string((i % 9) - 4);
    text += '\n';
  }
  EXPECT_EQ(lex.add_text(text, "many", nullptr), 5000u);
  EXPECT_EQ(lex.size(), 5000u);
  for (int i = 0; i < 5000; i += 7) {
    ASSERT_NE(lex.find(word(i)), nullptr) << i;
    EXPECT_DOUBLE_EQ(lex.find(word(i))->valence, (i % 9) - 4);
  }
  EXPECT_EQ(lex.find("w5000"), nullptr);
}

TEST(ToneLexicon, MissingFileIsAnError) {
  ToneLexicon lex;
  Status st = lex.add_file("/nonexistent/lexicon.txt", nullptr);
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  EXPECT_EQ(lex.size(), 0u);
  auto loaded = ToneLexicon::load({"builtin", "/nonexistent/lexicon.txt"}, nullptr);
  EXPECT_FALSE(loaded.is_ok());
}

TEST(ToneLexicon, BuiltinLexiconIsCleanAndCoversTheRegister) {
  std::vector<std::string> messages;
  auto lex = ToneLexicon::load({}, &messages);
  ASSERT_TRUE(lex.is_ok()) << lex.status().message();
  EXPECT_TRUE(messages.empty()) << messages.front();
  EXPECT_GE(lex->size(), 300u);
  for (const char* positive : {"fraternal", "invincible", "friendship", "solidarity", "comradely",
                               "heroic", "cooperation", "mutual", "sovereignty", "exploits"}) {
    ASSERT_NE(lex->find(positive), nullptr) << positive;
    EXPECT_GT(lex->find(positive)->valence, 0) << positive;
  }
  for (const char* negative :
       {"imperialists", "imperialist", "puppet",     "puppets",  "provocation", "provocations",
        "heinous",      "hegemonic",   "hegemonism", "arrogant", "arrogance",   "aggressor",
        "aggressors",   "warmonger",   "warmongers", "traitor",  "traitors",    "zionist",
        "sanctions",    "hostile",     "bellicose",  "reckless", "condemn",     "denounce"}) {
    ASSERT_NE(lex->find(negative), nullptr) << negative;
    EXPECT_LT(lex->find(negative)->valence, 0) << negative;
  }
}

TEST(ToneLexicon, ReadsTheVaderLexicon) {
  std::vector<std::string> messages;
  ToneLexicon lex;
  ASSERT_TRUE(
      lex.add_file(testing::shared_path("reference/vader/vader_lexicon.txt"), &messages).is_ok());
  EXPECT_TRUE(messages.empty());
  EXPECT_GT(lex.size(), 7400u);  // 7,520 lines, a few tokens twice
  EXPECT_DOUBLE_EQ(lex.find("kind")->valence, 2.4);
  // VADER then the built-in file: fissure's re-rating wins.
  auto stacked = ToneLexicon::load(
      {testing::shared_path("reference/vader/vader_lexicon.txt"), "builtin"}, nullptr);
  ASSERT_TRUE(stacked.is_ok());
  EXPECT_DOUBLE_EQ(stacked->find("exploits")->valence, 1.5);
  EXPECT_LT(lex.find("exploits")->valence, 0);
}

TEST(ToneLexicon, ArbitraryTextNeverCrashesAndEveryMessageIsLocated) {
  testing::check_property([](const std::string& text) {
    ToneLexicon lex;
    std::vector<std::string> messages;
    size_t added = lex.add_text(text, "prop.txt", &messages);
    RC_ASSERT(lex.size() <= added);
    for (const std::string& m : messages) RC_ASSERT(m.rfind("prop.txt:", 0) == 0);
  });
}

}  // namespace
}  // namespace fissure
