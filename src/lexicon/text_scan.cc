#include "text_scan.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace fissure {

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t n = static_cast<int32_t>(s.size()), i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

bool is_word_codepoint(int32_t c) {
  if (c < 0) return false;
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  int8_t t = u_charType(c);
  return u_isalnum(c) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK ||
         t == U_ENCLOSING_MARK;
}

bool word_char_at(std::string_view s, size_t i, int32_t* next) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t n = static_cast<int32_t>(s.size()), k = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(p, k, n, c);
  if (next) *next = k;
  return is_word_codepoint(c);
}

bool starts_with_word_char(std::string_view s) { return !s.empty() && word_char_at(s, 0, nullptr); }

bool ends_with_word_char(std::string_view s) { return word_char_before(s, s.size()); }

bool word_char_before(std::string_view s, size_t pos) {
  if (pos == 0 || pos > s.size()) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t k = static_cast<int32_t>(pos);
  UChar32 c;
  U8_PREV(p, 0, k, c);
  return is_word_codepoint(c);
}

bool word_char_after(std::string_view s, size_t pos) {
  if (pos >= s.size()) return false;
  return word_char_at(s, pos, nullptr);
}

size_t separator_length(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '-')
    return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(s[i + 2]);
    if (d >= 0x90 && d <= 0x93) return 3;
  }
  return 0;
}

size_t apostrophe_length(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == '\'') return 1;
  if (s.substr(i, 3) == "\xE2\x80\x99") return 3;
  return 0;
}

}  // namespace fissure
