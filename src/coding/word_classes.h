// Closed word classes of English that the shallow coder needs in place of a parser.
#pragma once

#include <array>
#include <string_view>
#include <vector>

namespace fissure::word_class {

// Python's string.punctuation, byte by byte: what VADER strips from words and the clause
// splitter treats as punctuation.
inline constexpr auto kAsciiPunctuation = [] {
  std::array<bool, 256> punctuation{};
  for (int c = 0; c < 128; ++c)
    punctuation[c] = (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
                     (c >= 123 && c <= 126);
  return punctuation;
}();
inline bool ascii_punctuation(unsigned char c) { return kAsciiPunctuation[c]; }

bool determiner(std::string_view w);      // A, AN, THE, ITS, THEIR, ...
bool preposition(std::string_view w);     // OF, IN, BY, WITH, ...
bool auxiliary(std::string_view w);       // BE/HAVE/DO forms, modals, NOT, N'T, TO
bool modal(std::string_view w);           // WILL, WOULD, SHOULD, ...
bool be_form(std::string_view w);         // IS, WAS, BEEN, ...
bool conjunction(std::string_view w);     // AND, OR, NOR, BUT
bool pronoun(std::string_view w);         // HE, IT, THEY, ...
bool reporting_verb(std::string_view w);  // SAID, SAYS, REPORTED, TOLD, ...
bool punctuation(std::string_view w);     // a one-character non-word token
// A content word that may sit inside a noun phrase (adjectives, nouns): letters, not a
// function word.
bool modifier(std::string_view w);
// Every word some class above lists by name (their forms aside: "-LY" adverbs, modifiers and
// punctuation are told by their letters). A word not among them belongs to no listed class.
std::vector<std::string_view> listed_words();
// An adverb by its form ("-LY") or a few frequent ones (NOW, AGAIN, ALSO, ...).
bool adverb(std::string_view w);

}  // namespace fissure::word_class
