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
    // Corpora are mostly ASCII: skip it 16 (or 8) bytes at a time.
#ifdef __SSE2__
    while (n - i >= 16 &&
           _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i))) == 0)
      i += 16;
#endif
    while (n - i >= 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i == n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF)
      len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
      len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
      len = 4, cp = c & 0x07;
    else
      return i;
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
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
