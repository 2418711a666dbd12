// fissure's VADER against nltk 3.8's, run at test time on the VADER ground-truth sentences with
// the same lexicon. Skipped when /usr/bin/python3 cannot import nltk.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fissure/coding/tone_eval.h"
#include "fissure/coding/vader.h"
#include "test_support.h"

namespace fissure {
namespace {

using testing::TempDir;

// nltk reads the lexicon with nltk.data.load and splits it on "\n"; the empty string after the
// file's final newline would make it fail, so the script gives it a copy without one.
constexpr const char* kNltkScript = R"py(
import json, os, sys
from nltk.sentiment.vader import SentimentIntensityAnalyzer
lexicon_path, texts_path, out_path = sys.argv[1:4]
with open(lexicon_path, encoding="utf-8") as f:
    content = f.read().rstrip("\n")
copy = os.path.join(os.path.dirname(out_path), "lexicon_for_nltk.txt")
with open(copy, "w", encoding="utf-8") as f:
    f.write(content)
analyzer = SentimentIntensityAnalyzer(lexicon_file="file:" + copy)
with open(texts_path, encoding="utf-8") as f, open(out_path, "w") as out:
    for line in f:
        out.write(repr(analyzer.polarity_scores(json.loads(line))["compound"]) + "\n")
)py";

bool nltk_available() {
  return std::system("/usr/bin/python3 -c 'import nltk.sentiment.vader' >/dev/null 2>&1") == 0;
}

// nltk's compound for each text, in order.
std::vector<double> nltk_compounds(const std::string& lexicon,
                                   const std::vector<std::string>& texts) {
  TempDir dir;
  testing::write_file(dir.file("vader.py"), kNltkScript);
  std::string lines;
  for (const auto& t : texts) lines += nlohmann::json(t).dump() + "\n";
  testing::write_file(dir.file("texts.jsonl"), lines);
  std::string command = "/usr/bin/python3 " + dir.file("vader.py") + " " + lexicon + " " +
                        dir.file("texts.jsonl") + " " + dir.file("out.txt");
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::vector<double> out;
  std::istringstream in(testing::read_file(dir.file("out.txt")));
  for (double v; in >> v;) out.push_back(v);
  return out;
}

class VaderNltkTest : public ::testing::TestWithParam<const char*> {};

TEST_P(VaderNltkTest, CompoundAgreesWithNltkOnGroundTruth) {
  if (!nltk_available()) GTEST_SKIP() << "python3-nltk is not installed";
  const std::string lexicon_path = testing::shared_path("reference/vader/vader_lexicon.txt");
  const std::string set_path =
      testing::shared_path(std::string("reference/vader/hutto_ICWSM_2014/") + GetParam());
  std::vector<std::string> messages;
  ToneLexicon lexicon;
  ASSERT_TRUE(lexicon.add_file(lexicon_path, &messages).is_ok());
  EXPECT_TRUE(messages.empty()) << messages.front();
  auto sentences = read_tone_ground_truth(set_path, &messages);
  ASSERT_TRUE(sentences.is_ok()) << sentences.status().message();
  ASSERT_GT(sentences->size(), 1000u);

  std::vector<std::string> texts;
  for (const auto& s : *sentences) texts.push_back(s.text);
  const std::vector<double> expected = nltk_compounds(lexicon_path, texts);
  ASSERT_EQ(expected.size(), texts.size());

  VaderScorer scorer(lexicon);
  size_t agree = 0;
  int shown = 0;
  double largest_difference = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    const double ours = scorer.score(texts[i]).compound;
    largest_difference = std::max(largest_difference, std::fabs(ours - expected[i]));
    if (std::fabs(ours - expected[i]) <= 1e-3) {
      ++agree;
    } else if (shown++ < 5) {
      std::printf("  differs: fissure %.4f nltk %.4f: %s\n", ours, expected[i], texts[i].c_str());
    }
  }
  const double share = static_cast<double>(agree) / static_cast<double>(texts.size());
  std::printf("%s: %zu of %zu sentences within 1e-3 of nltk (%.2f%%), largest difference %.2g\n",
              GetParam(), agree, texts.size(), 100 * share, largest_difference);
  EXPECT_GE(share, 0.995);
}

INSTANTIATE_TEST_SUITE_P(GroundTruth, VaderNltkTest,
                         ::testing::Values("tweets_GroundTruth.txt",
                                           "movieReviewSnippets_GroundTruth.txt",
                                           "amazonReviewSnippets_GroundTruth.txt"));

TEST(EvalToneCommand, TweetsCorrelateAsInTheVaderPaper) {
  const std::string lexicon = testing::shared_path("reference/vader/vader_lexicon.txt");
  const std::string tweets =
      testing::shared_path("reference/vader/hutto_ICWSM_2014/tweets_GroundTruth.txt");
  auto run = testing::run_fissure(
      {"eval", "tone", "--ground-truth", tweets, "--lexicon", lexicon, "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto j = nlohmann::json::parse(run.out);
  std::printf("fissure eval tone, tweets, VADER lexicon: pearson_r %.4f\n",
              j["pearson_r"].get<double>());
  EXPECT_EQ(j["sentences"], 4200);
  EXPECT_GT(j["pearson_r"].get<double>(), 0.85);  // Hutto & Gilbert 2014 report 0.881
  EXPECT_LT(j["pearson_r"].get<double>(), 0.92);
  auto table = testing::run_fissure({"eval", "tone", "--ground-truth", tweets});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("sentences  4200"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("pearson_r  0."), std::string::npos) << table.out;
}

TEST(EvalToneCommand, MalformedLinesAreReportedAndSkipped) {
  TempDir dir;
  testing::write_file(dir.file("gt.txt"),
                      "\xEF\xBB\xBF"
                      "1\t2.5\tgood times\r\n2\tx\tbad\r\n3\t-3\tawful war\r\n");
  testing::write_file(dir.file("lex.txt"), "good\t1.9\nawful\t-2\nwar\t-2.9\nbroken\n");
  auto run = testing::run_fissure(
      {"eval", "tone", "--ground-truth", dir.file("gt.txt"), "--lexicon", dir.file("lex.txt")});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("gt.txt:2: the rating is not a number"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("lex.txt:4: expected TOKEN<TAB>VALENCE"), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("sentences  2"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("pearson_r  1.0000"), std::string::npos) << run.out;
  auto missing = testing::run_fissure({"eval", "tone", "--ground-truth", dir.file("none.txt")});
  EXPECT_EQ(missing.exit_code, 2);
}

TEST(ToneCommand, OneScorePerLine) {
  auto run = testing::run_fissure(
      {"tone"},
      "Iran condemned the heinous crimes of the imperialists\r\n\nfraternal friendship\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::istringstream in(run.out);
  double a = 0, b = 1, c = 0;
  in >> a >> b >> c;
  EXPECT_LT(a, -0.5);
  EXPECT_EQ(b, 0);
  EXPECT_GT(c, 0.5);
  auto missing = testing::run_fissure({"tone", "--lexicon", "/nonexistent"}, "x\n");
  EXPECT_EQ(missing.exit_code, 2);
}

}  // namespace
}  // namespace fissure
