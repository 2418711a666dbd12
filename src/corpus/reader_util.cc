#include "reader_util.h"

#include <algorithm>
#include <filesystem>

namespace fissure::corpus_internal {

std::string located(std::string_view name, size_t line, std::string_view reason) {
  std::string prefix = std::string(name) + ": ";
  if (reason.substr(0, prefix.size()) == prefix) reason.remove_prefix(prefix.size());
  std::string out(name);
  out += ':';
  out += std::to_string(line);
  out += ": ";
  out += reason;
  return out;
}

std::string located(std::string_view name, std::string_view reason) {
  std::string prefix = std::string(name) + ": ";
  if (reason.substr(0, prefix.size()) == prefix) reason.remove_prefix(prefix.size());
  return prefix + std::string(reason);
}

ReadStep skip_step(std::string message, bool fatal) {
  ReadStep s;
  s.kind = ReadStep::Kind::kSkipped;
  s.message = std::move(message);
  s.fatal = fatal;
  return s;
}

ReadStep document_step(Document doc) {
  ReadStep s;
  s.kind = ReadStep::Kind::kDocument;
  s.document = std::move(doc);
  return s;
}

std::string size_text(size_t bytes) {
  constexpr size_t kMiB = size_t{1} << 20;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

std::string_view strip_bom(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

bool wide_unicode_signature(std::string_view s) {
  if (s.size() < 2) return false;
  if (s.substr(0, 2) == "\xFF\xFE" || s.substr(0, 2) == "\xFE\xFF") return true;
  return s[0] == '\0' || s[1] == '\0';
}

std::string file_stem(const std::string& path) {
  if (path == "-") return "stdin";
  std::string name = std::filesystem::path(path).filename().string();
  for (std::string_view suffix : {".gz", ".zst", ".zstd"}) {
    if (name.size() > suffix.size() &&
        iequals(std::string_view(name).substr(name.size() - suffix.size()), suffix)) {
      name.resize(name.size() - suffix.size());
      break;
    }
  }
  size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  return name;
}

size_t line_of_offset(std::string_view s, size_t at) {
  at = std::min(at, s.size());
  return 1 + static_cast<size_t>(std::count(s.begin(), s.begin() + at, '\n'));
}

WholeRead read_whole(InputStream& in, size_t max_bytes, std::string* out, Status* error) {
  out->clear();
  char buf[1 << 16];
  for (;;) {
    auto got = in.read(buf, sizeof buf);
    if (!got) {
      *error = got.status();
      return WholeRead::kError;
    }
    if (*got == 0) return WholeRead::kOk;
    if (out->size() + *got > max_bytes) {
      // Release what was held: the caller skips this input.
      std::string().swap(*out);
      return WholeRead::kTooLarge;
    }
    out->append(buf, *got);
  }
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

void LineBuilder::add(std::string_view s, bool keep_newlines) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n' && keep_newlines) {
      break_line();
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space_ = true;
    } else if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      space_ = true;
      ++i;
    } else {
      if (space_ && !line_.empty()) line_ += ' ';
      space_ = false;
      line_ += c;
    }
  }
}

void LineBuilder::break_line() {
  if (!line_.empty()) {
    if (!out_.empty()) out_ += '\n';
    out_ += line_;
    line_.clear();
  }
  space_ = false;
}

std::string LineBuilder::finish() {
  break_line();
  std::string out = std::move(out_);
  out_.clear();
  return out;
}

std::string collapse_whitespace(std::string_view s) {
  LineBuilder b;
  b.add(s, false);
  return b.finish();
}

}  // namespace fissure::corpus_internal
