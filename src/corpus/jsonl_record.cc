#include "jsonl_record.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "fissure/corpus/record_check.h"

namespace fissure::corpus_internal {
namespace {

using nlohmann::json;

// A field as a string: strings as they are, numbers printed, null/absent as "".
Result<std::string> string_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return Status::invalid(std::string("field \"") + key + "\" is not a string");
}

constexpr const char* kMappedKeys[] = {"id",   "source", "country", "title",
                                       "text", "url",    "lang",    "date"};
constexpr int kMappedCount = 8;

std::string* mapped_field(JsonlFields* f, int index) {
  std::string* const fields[] = {&f->id,   &f->source, &f->country, &f->title,
                                 &f->text, &f->url,    &f->lang,    &f->date};
  return fields[index];
}

int mapped_index(std::string_view key) {
  // By length first: most metadata keys are ruled out without comparing a byte.
  switch (key.size()) {
    case 2:
      return key == "id" ? 0 : -1;
    case 3:
      return key == "url" ? 5 : -1;
    case 4:
      return key == "text" ? 4 : key == "lang" ? 6 : key == "date" ? 7 : -1;
    case 5:
      return key == "title" ? 3 : -1;
    case 6:
      return key == "source" ? 1 : -1;
    case 7:
      return key == "country" ? 2 : -1;
    default:
      return -1;
  }
}

// ---- the single-pass parser ----

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The first byte from p on that ends a plain run inside a string: '"', '\\' or a control byte
// (end if none). Sets *high when the run holds a byte of 0x80 or more, for UTF-8 checking. Texts
// are long, so this goes 16 (or 8) bytes per step.
const char* skip_plain(const char* p, const char* end, bool* high) {
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1F);
  __m128i seen = _mm_setzero_si128();
  while (end - p >= 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                     _mm_cmpeq_epi8(_mm_min_epu8(x, last_control), x));
    int mask = _mm_movemask_epi8(stop);
    if (mask) {
      // Only the bytes before the stop count: those after it may lie outside the string.
      int before = (1 << __builtin_ctz(static_cast<unsigned>(mask))) - 1;
      if (_mm_movemask_epi8(x) & before) *high = true;
      p += __builtin_ctz(static_cast<unsigned>(mask));
      if (_mm_movemask_epi8(seen)) *high = true;
      return p;
    }
    seen = _mm_or_si128(seen, x);
    p += 16;
  }
  if (_mm_movemask_epi8(seen)) *high = true;
#endif
  for (; p < end; ++p) {
    auto c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\' || c < 0x20) return p;
    if (c >= 0x80) *high = true;
  }
  return p;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// A decoded string as nlohmann's dump() writes it (ensure_ascii off): quotes, backslashes and
// control characters escaped, everything else as it is.
void append_dumped_string(std::string* out, std::string_view s) {
  out->push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out->append(buf);
      }
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

class FastParser {
 public:
  bool parse(std::string_view line, JsonlFields* out) {
    p_ = line.data();
    end_ = line.data() + line.size();
    skip_space();
    if (p_ == end_ || *p_ != '{') return false;
    ++p_;
    skip_space();
    unsigned seen = 0;
    meta_count_ = 0;
    if (p_ < end_ && *p_ == '}') {
      ++p_;
    } else {
      for (;;) {
        std::string_view key;
        if (!string_token(&key_buffer_, &key)) return false;
        skip_space();
        if (p_ == end_ || *p_ != ':') return false;
        ++p_;
        skip_space();
        int index = mapped_index(key);
        if (index >= 0) {
          // A repeated key is rare and nlohmann keeps the last one; leave that to it.
          if (seen & (1u << index)) return false;
          seen |= 1u << index;
          if (!mapped_value(mapped_field(out, index))) return false;
        } else {
          if (meta_count_ == meta_.size()) meta_.emplace_back();
          MetaField& field = meta_[meta_count_++];
          field.key.assign(key.data(), key.size());
          field.key_escaped = key.data() == key_buffer_.data();
          field.value.clear();
          if (!meta_value(&field.value, 0)) return false;
        }
        skip_space();
        if (p_ == end_) return false;
        if (*p_ == '}') {
          ++p_;
          break;
        }
        if (*p_ != ',') return false;
        ++p_;
        skip_space();
      }
    }
    skip_space();
    if (p_ != end_) return false;
    for (int i = 0; i < kMappedCount; ++i)
      if (!(seen & (1u << i))) mapped_field(out, i)->clear();
    out->metadata_json.clear();
    if (meta_count_ > 0) {
      order_.resize(meta_count_);
      for (size_t i = 0; i < meta_count_; ++i) order_[i] = &meta_[i];
      std::sort(order_.begin(), order_.end(),
                [](const MetaField* a, const MetaField* b) { return a->key < b->key; });
      for (size_t i = 1; i < order_.size(); ++i)
        if (order_[i]->key == order_[i - 1]->key) return false;
      std::string& m = out->metadata_json;
      m.push_back('{');
      for (size_t i = 0; i < order_.size(); ++i) {
        if (i > 0) m.push_back(',');
        const MetaField& field = *order_[i];
        if (field.key_escaped) {
          append_dumped_string(&m, field.key);
        } else {  // without escapes in the source there is nothing to escape in the dump
          m.push_back('"');
          m.append(field.key);
          m.push_back('"');
        }
        m.push_back(':');
        m.append(field.value);
      }
      m.push_back('}');
    }
    return true;
  }

 private:
  void skip_space() {
    while (p_ < end_ && is_json_space(*p_)) ++p_;
  }

  // A string at p_ ('"' expected). *value views the raw bytes when they hold no escape, else
  // the decoded bytes in *buffer.
  bool string_token(std::string* buffer, std::string_view* value) {
    if (p_ == end_ || *p_ != '"') return false;
    const char* start = ++p_;
    bool high = false;
    bool escaped = false;
    for (;;) {
      p_ = skip_plain(p_, end_, &high);
      if (p_ == end_) return false;
      char c = *p_;
      if (c == '"') break;
      if (c != '\\') return false;  // a raw control byte
      escaped = true;
      if (++p_ == end_) return false;
      // Skips the escape's letter, so that \" does not end the string; \u's digits and any bad
      // escape are left to decode().
      if (static_cast<unsigned char>(*p_) >= 0x80) high = true;
      ++p_;
    }
    std::string_view raw(start, static_cast<size_t>(p_ - start));
    ++p_;
    // The escapes are ASCII, so the raw bytes are valid UTF-8 exactly when nlohmann's lexer
    // accepts them.
    if (high && find_invalid_utf8(raw) != std::string_view::npos) return false;
    if (!escaped) {
      *value = raw;
      return true;
    }
    if (!decode(raw, buffer)) return false;
    *value = *buffer;
    return true;
  }

  static bool decode(std::string_view raw, std::string* out) {
    out->clear();
    out->reserve(raw.size());
    size_t i = 0;
    while (i < raw.size()) {
      size_t next = raw.find('\\', i);
      if (next == std::string_view::npos) {
        out->append(raw.substr(i));
        break;
      }
      out->append(raw.substr(i, next - i));
      i = next + 1;
      char e = raw[i++];
      switch (e) {
        case '"':
          out->push_back('"');
          break;
        case '\\':
          out->push_back('\\');
          break;
        case '/':
          out->push_back('/');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!hex4(raw, &i, &cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low;
            if (i + 2 > raw.size() || raw[i] != '\\' || raw[i + 1] != 'u') return false;
            i += 2;
            if (!hex4(raw, &i, &low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default:
          return false;
      }
    }
    return true;
  }

  static bool hex4(std::string_view raw, size_t* i, uint32_t* cp) {
    if (*i + 4 > raw.size()) return false;
    uint32_t v = 0;
    for (size_t k = 0; k < 4; ++k) {
      int h = hex_value(raw[*i + k]);
      if (h < 0) return false;
      v = (v << 4) | static_cast<uint32_t>(h);
    }
    *i += 4;
    *cp = v;
    return true;
  }

  bool literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
      return false;
    p_ += word.size();
    return true;
  }

  // A mapped field takes a string or null; numbers and the rest go to the reference.
  bool mapped_value(std::string* field) {
    if (p_ == end_) return false;
    if (*p_ == 'n') {
      if (!literal("null")) return false;
      field->clear();
      return true;
    }
    std::string_view value;
    if (!string_token(&value_buffer_, &value)) return false;
    field->assign(value.data(), value.size());
    return true;
  }

  // A metadata value, appended to *out as nlohmann's dump() prints it. Objects go to the
  // reference (their keys would need sorting and de-duplicating at every level).
  bool meta_value(std::string* out, int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '"': {
        const char* start = p_;
        std::string_view value;
        if (!string_token(&value_buffer_, &value)) return false;
        if (value.data() == start + 1) {
          out->append(start,
                      static_cast<size_t>(p_ - start));  // no escapes: the dump is the source
        } else {
          append_dumped_string(out, value);
        }
        return true;
      }
      case 'n':
        if (!literal("null")) return false;
        out->append("null");
        return true;
      case 't':
        if (!literal("true")) return false;
        out->append("true");
        return true;
      case 'f':
        if (!literal("false")) return false;
        out->append("false");
        return true;
      case '[': {
        if (depth >= 16) return false;
        ++p_;
        out->push_back('[');
        skip_space();
        if (p_ < end_ && *p_ == ']') {
          ++p_;
          out->push_back(']');
          return true;
        }
        for (;;) {
          if (!meta_value(out, depth + 1)) return false;
          skip_space();
          if (p_ == end_) return false;
          if (*p_ == ']') {
            ++p_;
            out->push_back(']');
            return true;
          }
          if (*p_ != ',') return false;
          ++p_;
          out->push_back(',');
          skip_space();
        }
      }
      default:
        return number(out);
    }
  }

  // JSON's number grammar. Integers nlohmann keeps as 64-bit integers print as written; floats
  // are converted as its lexer converts them (correctly rounded) and printed as its serializer
  // does.
  bool number(std::string* out) {
    const char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    if (p_ == end_ || !(*p_ >= '0' && *p_ <= '9')) return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    const char* int_end = p_;
    bool is_float = false;
    if (p_ < end_ && *p_ == '.') {
      is_float = true;
      ++p_;
      if (p_ == end_ || !(*p_ >= '0' && *p_ <= '9')) return false;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      is_float = true;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !(*p_ >= '0' && *p_ <= '9')) return false;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    std::string_view token(start, static_cast<size_t>(p_ - start));
    if (!is_float) {
      // "-0" reads as the integer 0; 19 digits and more may overflow into a float.
      if (token == "-0" || int_end - start > 18) return false;
      out->append(token);
      return true;
    }
    // from_chars rounds correctly, as glibc's strtod (nlohmann's lexer) does; where it reports a
    // range error, strtod would give a rounded or infinite value, and the reference decides.
    double value;
    auto parsed = std::from_chars(token.data(), token.data() + token.size(), value);
    if (parsed.ec != std::errc() || parsed.ptr != token.data() + token.size() ||
        !std::isfinite(value))
      return false;
    // What dump() prints for a double, without building a serializer for every number.
    char text[64];
    char* text_end = nlohmann::detail::to_chars(text, text + sizeof text, value);
    out->append(text, static_cast<size_t>(text_end - text));
    return true;
  }

  struct MetaField {
    std::string key;  // decoded
    bool key_escaped = false;
    std::string value;  // as dump() prints it
  };

  const char* p_ = nullptr;
  const char* end_ = nullptr;
  std::string key_buffer_;
  std::string value_buffer_;
  // Kept from line to line, with their buffers, so that a line allocates only what it returns.
  std::vector<MetaField> meta_;
  size_t meta_count_ = 0;
  std::vector<const MetaField*> order_;
};

}  // namespace

Status parse_jsonl_reference(std::string_view line, JsonlFields* out) {
  json obj;
  try {
    obj = json::parse(line.begin(), line.end());
  } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers like 1E9999
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: ..." -> keep the tail.
    auto pos = what.find("column");
    std::string detail = pos == std::string::npos ? what : what.substr(pos);
    // The parser quotes the bytes it last read; they may be the invalid ones, and a message must
    // stay valid UTF-8 itself.
    if (detail.find("UTF-8") != std::string::npos) {
      auto cut = detail.find("; last read");
      return Status::invalid("invalid UTF-8 (" + detail.substr(0, cut) + ")");
    }
    for (size_t bad; (bad = find_invalid_utf8(detail)) != std::string::npos;) detail[bad] = '?';
    return Status::invalid("malformed JSON (" + detail + ")");
  }
  if (!obj.is_object()) return Status::invalid("malformed JSON: line is not an object");
  for (int i = 0; i < kMappedCount; ++i) {
    auto v = string_field(obj, kMappedKeys[i]);
    if (!v) return v.status();
    *mapped_field(out, i) = std::move(*v);
  }
  json meta = json::object();
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (mapped_index(it.key()) < 0) meta[it.key()] = it.value();
  out->metadata_json = meta.empty() ? std::string() : meta.dump();
  return Status::ok();
}

bool parse_jsonl_fast(std::string_view line, JsonlFields* out) {
  thread_local FastParser parser;
  return parser.parse(line, out);
}

}  // namespace fissure::corpus_internal
