#include "fissure/text/words.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace fissure {
namespace {

bool is_word_char(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  int8_t t = u_charType(c);
  return u_isalnum(c) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

void append(std::string& out, UChar32 c) {
  char buf[4];
  int32_t k = 0;
  UBool err = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), k, 4, c, err);
  if (!err) out.append(buf, k);
}

}  // namespace

std::vector<Span> word_spans(std::string_view text) {
  std::vector<Span> out;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t n = static_cast<int32_t>(text.size()), i = 0;
  int32_t start = -1;
  while (i < n) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    bool word = c >= 0 && is_word_char(c);
    if (word && start < 0) start = at;
    if (!word && start >= 0) {
      out.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(at)});
      start = -1;
    }
  }
  if (start >= 0) out.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(n)});
  return out;
}

std::string fold_case(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t n = static_cast<int32_t>(text.size()), i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) continue;
    if (c == 0x130) c = 'i';  // İ: its simple folding is itself; the index reads it as i
    c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
    append(out, c);
  }
  return out;
}

}  // namespace fissure
