#include "fissure/lexicon/lexicoder.h"

#include <fstream>
#include <sstream>

#include "text_scan.h"

namespace fissure {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool valid_category_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool looks_like_lexicoder(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = trim(text.substr(pos, nl - pos));
    if (!line.empty()) return line.front() == '+';
    pos = nl + 1;
  }
  return false;
}

PhraseDictionary parse_lexicoder(std::string_view text, std::string name) {
  std::vector<PhraseEntry> entries;
  std::vector<DictionaryProblem> problems;
  auto problem = [&](int line, std::string reason) {
    problems.push_back({name, line, std::move(reason)});
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  bool open = false, skipping = false;
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (raw.size() > 4096) {
      problem(line_no, "line longer than 4096 bytes");
      continue;
    }
    if (!is_valid_utf8(raw)) {
      problem(line_no, "not valid UTF-8");
      continue;
    }
    std::string_view line = trim(raw);
    if (line.empty()) continue;
    if (line.front() == '+') {
      std::string_view header = line.substr(1);
      std::string_view category = header.substr(0, header.find('#'));
      skipping = true;
      open = false;
      if (!valid_category_name(category)) {
        problem(line_no, "bad category name '" + std::string(category) + "'");
        continue;
      }
      PhraseEntry e;
      e.code = e.name = std::string(category);
      e.kind = "category";
      e.line = line_no;
      entries.push_back(std::move(e));
      open = true;
      skipping = false;
      continue;
    }
    if (!open) {
      if (!skipping) problem(line_no, "pattern line before any +category line");
      continue;
    }
    PhrasePattern p;
    p.line = line_no;
    while (!line.empty() && line.back() == '*') {
      p.prefix = true;
      line = trim(line.substr(0, line.size() - 1));
    }
    std::string why = pattern_problem(line);
    if (why.empty() && p.prefix && !ends_with_word_char(line)) {
      why = "'*' must follow a letter or digit";
    }
    if (!why.empty()) {
      problem(line_no, why);
      continue;
    }
    p.text = std::string(line);
    entries.back().patterns.push_back(std::move(p));
  }
  for (const auto& e : entries) {
    if (e.patterns.empty()) problem(e.line, "category without patterns");
  }
  remove_duplicate_patterns(name, entries, problems);
  return PhraseDictionary(std::move(name), std::move(entries), std::move(problems));
}

Result<PhraseDictionary> load_lexicoder_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::io_error(path + ": read failed");
  return parse_lexicoder(ss.str(), path);
}

}  // namespace fissure
