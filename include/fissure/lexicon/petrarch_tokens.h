// Word tokens as the PETRARCH/TABARI dictionaries see them: upper case, possessive "'S" and the
// contraction "N'T" split off (Penn Treebank style, which the dictionaries were written for),
// abbreviations such as "U.S." kept whole. Used both for dictionary phrases and sentence text so
// that the two always agree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fissure {

struct PetrarchToken {
  std::string word;    // upper-cased (ASCII letters only; other bytes kept as they are)
  uint32_t begin = 0;  // byte offsets into the tokenised text
  uint32_t end = 0;
};

// Splits text into tokens. Punctuation marks become one-character tokens (",", ";", "(", ...);
// an underscore separates words like a space (dictionary phrases join words with '_').
std::vector<PetrarchToken> petrarch_tokenize(std::string_view text);

// The same tokens written over `tokens` (which grows as needed and never shrinks, so that its
// words keep their buffers from one sentence to the next); returns how many are valid, from the
// front. For hot paths that tokenise many sentences with one vector.
size_t petrarch_tokenize_into(std::string_view text, std::vector<PetrarchToken>& tokens);

// The words of a dictionary phrase ("NORTH_KOREA", "Arnor's", "U.S.") as the tokenizer produces
// them for sentence text.
std::vector<std::string> petrarch_phrase_words(std::string_view phrase);

}  // namespace fissure
