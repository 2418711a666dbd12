// Fingerprints: SHA-256, normalised sentence hashes (boilerplate) and MinHash (near duplicates).
#include "fissure/text/fingerprint.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace fissure {
namespace {

// A text of n words drawn from a vocabulary of plain English words, with a full stop every
// dozen words, deterministic for a seed.
std::vector<std::string> random_words(size_t n, uint32_t seed) {
  static const std::vector<std::string> kVocabulary = {
      "the",           "people",     "party",        "state",       "republic",    "leader",
      "army",          "nuclear",    "peace",        "war",         "imperialist", "enemy",
      "workers",       "victory",    "struggle",     "revolution",  "economy",     "science",
      "delegation",    "minister",   "foreign",      "visit",       "talks",       "agreement",
      "sanctions",     "united",     "nations",      "security",    "council",     "resolution",
      "country",       "friendship", "cooperation",  "development", "policy",      "government",
      "president",     "ambassador", "embassy",      "message",     "greetings",   "anniversary",
      "congress",      "committee",  "central",      "meeting",     "report",      "speech",
      "great",         "socialist",  "construction", "farm",        "factory",     "steel",
      "coal",          "power",      "station",      "railway",     "bridge",      "school",
      "students",      "teachers",   "hospital",     "doctors",     "artists",     "film",
      "music",         "sports",     "games",        "gold",        "medal",       "islamic",
      "revolutionary", "guards",     "tehran",       "pyongyang",   "korea",       "iran",
      "oil",           "tanker",     "ship",         "sea",         "water",       "river",
      "mountain",      "forest",     "harvest"};
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, kVocabulary.size() - 1);
  std::vector<std::string> words;
  for (size_t i = 0; i < n; ++i) words.push_back(kVocabulary[pick(rng)]);
  return words;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    out += words[i];
    out += (i % 12 == 11) ? ". " : " ";
  }
  return out;
}

TEST(FingerprintTest, Sha256OfAbcIsTheKnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(FingerprintTest, Sha256OfEmptyInputIsTheKnownVector) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(FingerprintTest, Hash64IsDeterministicAndSeeded) {
  EXPECT_EQ(hash64("Pyongyang"), hash64("Pyongyang"));
  EXPECT_NE(hash64("Pyongyang"), hash64("Pyongyanh"));
  EXPECT_NE(hash64("Pyongyang", 1), hash64("Pyongyang", 2));
}

TEST(FingerprintTest, NormalizedSentenceHashIgnoresCasePunctuationAndSpace) {
  const int64_t h = normalized_sentence_hash("All Content by KCNA is protected.");
  EXPECT_EQ(h, normalized_sentence_hash("all content by kcna is protected"));
  EXPECT_EQ(h, normalized_sentence_hash("  ALL   CONTENT BY KCNA IS PROTECTED ..."));
  EXPECT_EQ(h, normalized_sentence_hash("All content, by KCNA -- is protected!"));
  EXPECT_EQ(h, normalized_sentence_hash("All\tcontent\nby KCNA is protected."));
}

TEST(FingerprintTest, NormalizedSentenceHashDiffersForDifferentWords) {
  const int64_t h = normalized_sentence_hash("All Content by KCNA is protected.");
  EXPECT_NE(h, normalized_sentence_hash("All Content by KCNA is unprotected."));
  EXPECT_NE(h, normalized_sentence_hash("All Content by KCNA is protected too."));
  EXPECT_NE(h, normalized_sentence_hash("Content by KCNA is protected."));
  // Word boundaries matter: joining two words is a different sentence.
  EXPECT_NE(h, normalized_sentence_hash("AllContent by KCNA is protected."));
}

TEST(FingerprintTest, MinHashOfIdenticalTextsIsOne) {
  const std::string text = join(random_words(300, 1));
  EXPECT_EQ(minhash_similarity(minhash(text), minhash(text)), 1.0);
  EXPECT_EQ(minhash(text).shingles, 300u - kShingleWords + 1);
}

TEST(FingerprintTest, MinHashOfLightlyEditedCopyIsHigh) {
  auto words = random_words(300, 2);
  const std::string original = join(words);
  words[150] = "zeppelin";
  const std::string edited = join(words);
  ASSERT_NE(original, edited);
  double sim = minhash_similarity(minhash(original), minhash(edited));
  EXPECT_GE(sim, 0.9);
  EXPECT_LT(sim, 1.0 + 1e-9);
}

TEST(FingerprintTest, MinHashOfUnrelatedTextsIsLow) {
  const std::string a = join(random_words(300, 3));
  const std::string b = join(random_words(300, 4));
  EXPECT_LT(minhash_similarity(minhash(a), minhash(b)), 0.3);
}

TEST(FingerprintTest, MinHashIgnoresCaseAndPunctuation) {
  const std::string text = join(random_words(200, 5));
  std::string upper = text;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(minhash_similarity(minhash(text), minhash(upper)), 1.0);
}

TEST(FingerprintTest, MinHashOfTooShortTextHasNoShingles) {
  EXPECT_EQ(minhash("only four words here").shingles, 0u);
  EXPECT_EQ(minhash("").shingles, 0u);
}

}  // namespace
}  // namespace fissure
