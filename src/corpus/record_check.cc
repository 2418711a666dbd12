#include "fissure/corpus/record_check.h"

#include <cstdint>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace fissure {

size_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    // Corpora are mostly ASCII: skip it 16 (or 8) bytes at a time, straight to the next byte of
    // 0x80 or more.
#ifdef __SSE2__
    while (n - i >= 16) {
      int high = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
      if (high) {
        i += static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(high)));
        break;
      }
      i += 16;
    }
#endif
    while (n - i >= 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      uint64_t high = w & 0x8080808080808080ull;
      if (high) {
        if constexpr (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
          i += static_cast<size_t>(__builtin_ctzll(high)) / 8;
        break;
      }
      i += 8;
    }
    if (i == n) break;
    // Decided by the lead byte and the first continuation byte alone, as RFC 3629's table does:
    // no code point is assembled.
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      if (n - i < 2 || (p[i + 1] & 0xC0) != 0x80) return i;
      i += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      if (n - i < 3 || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) return i;
      if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0))
        return i;  // overlong, surrogate
      i += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      if (n - i < 4 || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80 ||
          (p[i + 3] & 0xC0) != 0x80)
        return i;
      if ((c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] >= 0x90))
        return i;  // overlong, > U+10FFFF
      i += 4;
    } else {
      return i;
    }
  }
  return std::string_view::npos;
}

Status check_document(const Document& doc) {
  if (doc.id.empty()) return Status::invalid("record has no id");
  if (doc.text.empty()) return Status::invalid("record has no text");
  struct Field {
    const char* name;
    const std::string* value;
  };
  const Field fields[] = {{"id", &doc.id},       {"source", &doc.source}, {"country", &doc.country},
                          {"title", &doc.title}, {"url", &doc.url},       {"lang", &doc.lang},
                          {"text", &doc.text}};
  for (const auto& f : fields) {
    if (std::memchr(f.value->data(), '\0', f.value->size()))
      return Status::invalid(std::string("NUL byte in \"") + f.name + "\"");
    size_t bad = find_invalid_utf8(*f.value);
    if (bad != std::string_view::npos)
      return Status::invalid(std::string("invalid UTF-8 in \"") + f.name + "\" at byte " +
                             std::to_string(bad));
  }
  if (doc.text.find_first_not_of(" \n\r\t") == std::string::npos)
    return Status::invalid("record has no text (only white space)");
  return Status::ok();
}

std::string trimmed(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

}  // namespace fissure
