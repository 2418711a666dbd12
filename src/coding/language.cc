#include "fissure/coding/language.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

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

// A word of up to seven bytes as one integer: its bytes, and its length in the top byte.
uint64_t packed(std::string_view w) {
  uint64_t v = static_cast<uint64_t>(w.size()) << 56;
  for (size_t i = 0; i < w.size() && i < 7; ++i)
    v |= static_cast<uint64_t>(static_cast<unsigned char>(w[i])) << (8 * i);
  return v;
}

// The function words, packed, in an open-addressing table: a look-up is a multiply and one or
// two integer comparisons.
class FunctionWords {
 public:
  FunctionWords() {
    static constexpr std::string_view kWords[] = {
        "a",   "an",   "and", "are",  "as",    "at",   "be",   "been",  "but",  "by",
        "for", "from", "had", "has",  "have",  "he",   "his",  "in",    "is",   "it",
        "its", "not",  "of",  "on",   "or",    "that", "the",  "their", "they", "this",
        "to",  "was",  "we",  "were", "which", "will", "with", "would", "our",  "who"};
    for (std::string_view w : kWords) {
      const uint64_t v = packed(w);
      size_t b = slot_of(v);
      while (slots_[b] != 0 && slots_[b] != v) b = (b + 1) % kSlots;
      slots_[b] = v;
    }
  }

  // `word` as packed() packs it; 0 is never a word (a packed word has its length).
  bool contains(uint64_t word) const {
    for (size_t b = slot_of(word);; b = (b + 1) % kSlots) {
      if (slots_[b] == word) return true;
      if (slots_[b] == 0) return false;
    }
  }

 private:
  static constexpr size_t kSlots = 128;
  static size_t slot_of(uint64_t v) { return (v * 0x9E3779B97F4A7C15ull) >> 57; }
  std::array<uint64_t, kSlots> slots_{};
};

const FunctionWords& function_words_table() {
  static const FunctionWords table;
  return table;
}

// Per byte, what a run of ASCII letters and apostrophes adds up: 1 for a letter, 1 << 32 for an
// apostrophe, 0 for a byte that ends the run.
constexpr auto kRunKinds = [] {
  std::array<uint64_t, 256> kinds{};
  for (int c = 'a'; c <= 'z'; ++c) kinds[c] = 1;
  for (int c = 'A'; c <= 'Z'; ++c) kinds[c] = 1;
  kinds['\''] = uint64_t{1} << 32;
  return kinds;
}();

}  // namespace

std::string sentence_language(std::string_view s, std::string_view document_lang) {
  if (!document_lang.empty()) {
    std::string lang(document_lang.substr(0, 2));
    for (char& c : lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lang != "en") return std::string(document_lang);
  }
  int latin = 0, other = 0;
  int words = 0, function_words = 0;
  // The current word as far as a function word could match it: lower-case ASCII letters, '_' for
  // any other letter, '\'' for an apostrophe. Longer words are only counted.
  constexpr size_t kLongestFunctionWord = 5;
  // Its first bytes, packed as packed() packs a word (the length is added at its end).
  uint64_t word = 0;
  size_t word_size = 0;
  bool capitalised = false;
  const FunctionWords& table = function_words_table();
  const auto add = [&](char c) {
    if (word_size < kLongestFunctionWord)
      word |= static_cast<uint64_t>(static_cast<unsigned char>(c)) << (8 * word_size);
    ++word_size;
  };
  auto end_word = [&] {
    if (word_size >= 2 && !capitalised) {
      ++words;
      if (word_size <= kLongestFunctionWord &&
          table.contains(word | static_cast<uint64_t>(word_size) << 56))
        ++function_words;
    }
    word = 0;
    word_size = 0;
    capitalised = false;
  };
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(std::min<size_t>(s.size(), INT32_MAX));
  for (int32_t i = 0; i < n;) {
    // ASCII without ICU: letters are Latin, and upper case is A-Z.
    const uint64_t kind = kRunKinds[bytes[i]];
    if (kind != 0) {
      // A run of ASCII letters and apostrophes, taken as add() would take it byte by byte.
      if (word_size == 0) capitalised = bytes[i] >= 'A' && bytes[i] <= 'Z';
      const int32_t run_begin = i;
      uint64_t counts = 0;  // letters in the low half, apostrophes in the high half
      do {
        counts += kRunKinds[bytes[i]];
        ++i;
      } while (i < n && kRunKinds[bytes[i]] != 0);
      latin += static_cast<int>(counts & 0xFFFFFFFF);
      const size_t run = static_cast<size_t>(i - run_begin);
      if (word_size < kLongestFunctionWord) {
        // Only the first bytes are packed, lower-cased: c | 0x20 lowers A-Z and keeps a-z and '.
        const size_t keep = std::min(run, kLongestFunctionWord - word_size);
        for (size_t k = 0; k < keep; ++k)
          word |= static_cast<uint64_t>(bytes[run_begin + static_cast<int32_t>(k)] | 0x20)
                  << (8 * (word_size + k));
      }
      word_size += run;
      continue;
    }
    if (bytes[i] < 0x80) {
      if (word_size != 0) end_word();  // with no word begun, end_word() changes nothing
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c < 0) {
      end_word();
      continue;
    }
    if (u_isalpha(c)) {
      UErrorCode error = U_ZERO_ERROR;
      UScriptCode script = uscript_getScript(c, &error);
      if (U_SUCCESS(error) && script == USCRIPT_LATIN)
        ++latin;
      else
        ++other;
      if (word_size == 0) capitalised = u_isupper(c);
      add('_');  // keeps the word a word without matching any function word
    } else if (c == 0x2019) {
      add('\'');
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
