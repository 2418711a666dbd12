#include "fissure/coding/language.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace fissure {
namespace {

// Sentences of fewer common words are coded as English when their script is Latin: headlines,
// lists of names and fragments carry too few function words to judge. Only words that start in
// lower case and have two letters or more count: names and initials ("U.S.", "Zarif") are the
// same in every language.
constexpr int kMinWordsToJudge = 8;
// English prose has a function word in roughly every third token; other languages written in
// Latin script share only a few of these ("a", "on", "in", "is"), rarely one in ten.
constexpr double kMinFunctionWordShare = 0.12;

bool is_function_word(std::string_view w) {
  static constexpr std::array<std::string_view, 40> kWords = {
      "a",   "an",   "and",  "are",  "as",   "at",    "be",   "been", "but",   "by",
      "for", "from", "had",  "has",  "have", "he",    "his",  "in",   "is",    "it",
      "its", "not",  "of",   "on",   "or",   "that",  "the",  "their", "they", "this",
      "to",  "was",  "we",   "were", "which", "will", "with", "would", "our",  "who"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

}  // namespace

std::string sentence_language(std::string_view s, std::string_view document_lang) {
  if (!document_lang.empty()) {
    std::string lang(document_lang.substr(0, 2));
    for (char& c : lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lang != "en") return std::string(document_lang);
  }
  int latin = 0, other = 0;
  int words = 0, function_words = 0;
  std::string word;
  bool capitalised = false;
  auto end_word = [&] {
    if (word.size() >= 2 && !capitalised) {
      ++words;
      if (is_function_word(word)) ++function_words;
    }
    word.clear();
    capitalised = false;
  };
  const int32_t n = static_cast<int32_t>(std::min<size_t>(s.size(), INT32_MAX));
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, n, c);
    if (c < 0) {
      end_word();
      continue;
    }
    if (u_isalpha(c)) {
      UErrorCode error = U_ZERO_ERROR;
      UScriptCode script = uscript_getScript(c, &error);
      if (U_SUCCESS(error) && script == USCRIPT_LATIN) ++latin;
      else ++other;
      if (word.empty()) capitalised = u_isupper(c);
      if (c < 128) word += static_cast<char>(std::tolower(static_cast<int>(c)));
      else word += '_';  // keeps the word a word without matching any function word
    } else if (c == '\'' || c == 0x2019) {
      word += '\'';
    } else {
      end_word();
    }
  }
  end_word();
  if (other > latin) return "und-script";
  if (words < kMinWordsToJudge) return "en";
  return function_words >= kMinFunctionWordShare * words ? "en" : "und";
}

}  // namespace fissure
