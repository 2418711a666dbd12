// Character classes shared by the phrase dictionary loader and the phrase matcher: what a word
// character, a separator and an apostrophe are, on UTF-8 bytes that may be invalid. Private to
// the lexicon layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fissure {

bool is_valid_utf8(std::string_view s);

// Word characters are Unicode letters, digits and marks, as in text/words.h. Invalid bytes are
// not word characters.
bool is_word_codepoint(int32_t c);
// Whether the code point starting at byte i is a word character; *next gets the byte after it.
bool word_char_at(std::string_view s, size_t i, int32_t* next);
bool starts_with_word_char(std::string_view s);
bool ends_with_word_char(std::string_view s);
// Whether the code point ending just before byte `pos` (or starting at it) is a word character;
// false at the text's edges.
bool word_char_before(std::string_view s, size_t pos);
bool word_char_after(std::string_view s, size_t pos);

// Bytes of the separator character at i (space, tab, line break, hyphen, no-break space, the
// Unicode hyphens U+2010-U+2013), or 0. Spaces and hyphens are interchangeable in patterns.
size_t separator_length(std::string_view s, size_t i);
// Bytes of the apostrophe at i ("'" or U+2019), or 0.
size_t apostrophe_length(std::string_view s, size_t i);

}  // namespace fissure
