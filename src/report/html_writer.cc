#include "fissure/report/html_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace fissure::report {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and code points past U+10FFFF are not valid UTF-8.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return n;
}

bool is_continuation(std::string_view s, size_t i) {
  return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
}

void append_escaped(std::string_view s, std::string* out) {
  size_t i = 0;
  while (i < s.size()) {
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      *out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n == 1) {
      char c = s[i];
      switch (c) {
        case '&':
          *out += "&amp;";
          break;
        case '<':
          *out += "&lt;";
          break;
        case '>':
          *out += "&gt;";
          break;
        case '"':
          *out += "&quot;";
          break;
        case '\'':
          *out += "&#39;";
          break;
        default:
          if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') {
            *out += (c == 0x7F) ? ' ' : c;
          } else if (c == '\r') {
            *out += '\n';
          }
      }
    } else {
      out->append(s.substr(i, n));
    }
    i += n;
  }
}

}  // namespace

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  append_escaped(s, &out);
  return out;
}

std::string mark_spans(std::string_view text, std::vector<std::pair<int, int>> spans) {
  std::sort(spans.begin(), spans.end());
  std::string out;
  size_t done = 0;
  for (auto [start, end] : spans) {
    if (start < 0 || end <= start) continue;
    size_t s = static_cast<size_t>(start), e = std::min(static_cast<size_t>(end), text.size());
    if (s < done || s >= text.size()) continue;
    // Offsets inside a character move outwards to the character's boundaries.
    while (s > done && is_continuation(text, s)) --s;
    while (e < text.size() && is_continuation(text, e)) ++e;
    if (e <= s) continue;
    append_escaped(text.substr(done, s - done), &out);
    out += "<mark>";
    append_escaped(text.substr(s, e - s), &out);
    out += "</mark>";
    done = e;
  }
  append_escaped(text.substr(done), &out);
  return out;
}

std::string anchor_id(std::string_view prefix, std::string_view key) {
  static const char* hex = "0123456789abcdef";
  std::string out(prefix);
  for (char c : key) {
    auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-') {
      out += c;
    } else {
      out += '_';
      out += hex[u >> 4];
      out += hex[u & 15];
    }
  }
  return out;
}

std::string format_number(double v, int decimals, bool with_sign) {
  if (!std::isfinite(v)) return "\xE2\x80\x93";
  char buf[64];
  std::snprintf(buf, sizeof buf, with_sign ? "%+.*f" : "%.*f", decimals, v);
  std::string s = buf;
  // "-0.000" reads as a sign where there is none.
  if (s.find_first_of("123456789") == std::string::npos && (s[0] == '-' || s[0] == '+'))
    s = with_sign ? "\xC2\xB1" + s.substr(1) : s.substr(1);
  return s;
}

std::string format_percent(double share, int decimals) {
  if (!std::isfinite(share)) return "\xE2\x80\x93";
  std::string s = format_number(share * 100, decimals);
  s += '%';
  return s;
}

std::string format_interval(double low, double high, int decimals) {
  if (!std::isfinite(low) || !std::isfinite(high)) return "";
  std::string s = "[";
  s += format_number(low, decimals);
  s += ", ";
  s += format_number(high, decimals);
  s += ']';
  return s;
}

std::string format_p_value(double p) {
  if (!std::isfinite(p)) return "\xE2\x80\x93";
  if (p < 1e-6) return "<1e-6";
  char buf[32];
  std::snprintf(buf, sizeof buf, p < 0.001 ? "%.1e" : "%.4f", p);
  return buf;
}

std::string format_count(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "\xE2\x80\x89";
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

}  // namespace fissure::report
