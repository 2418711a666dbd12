#include "fissure/lexicon/phrase_dictionary.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "fissure/lexicon/builtin_data.h"
#include "fissure/text/words.h"
#include "text_scan.h"
#include "fissure/util/messages.h"

namespace fissure {
namespace {

constexpr size_t kMaxLineBytes = 4096;
constexpr size_t kMaxPatternBytes = 256;

// Days as an ordered number, for interval comparisons.
int day_number(const Date& d) { return d.year * 10000 + d.month * 100 + d.day; }

bool all_of(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_upper_or_digit(char c) { return is_upper(c) || (c >= '0' && c <= '9'); }
bool is_lower_code_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_iso3(std::string_view s) { return s.size() == 3 && all_of(s, is_upper); }

const char* const kKinds[] = {"state",    "former_state", "org",     "leader",
                              "official", "group",        "discard", "domain"};

bool known_kind(std::string_view kind) {
  return std::find(std::begin(kKinds), std::end(kKinds), kind) != std::end(kKinds);
}

// The reason `code` is not valid for `kind`, or "".
std::string code_problem(std::string_view code, std::string_view kind) {
  if (code == "-") return kind == "discard" ? "" : "code '-' is only allowed with kind discard";
  if (kind == "state" || kind == "former_state") {
    return is_iso3(code) ? "" : "a state's code must be ISO 3166-1 alpha-3 (three capital letters)";
  }
  if (kind == "domain") {
    bool ok = code.size() <= 32 && !code.empty() && code[0] >= 'a' && code[0] <= 'z' &&
              all_of(code, is_lower_code_char);
    return ok ? "" : "a domain's code must be its name in lower case";
  }
  bool ok = code.size() >= 2 && code.size() <= 8 && all_of(code, is_upper_or_digit);
  return ok ? "" : "an actor code must be 2-8 capital letters or digits";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Removes a comment: the whole line after a leading '#', or from " #" / "\t#" on.
std::string_view strip_comment(std::string_view line) {
  std::string_view t = trim(line);
  if (!t.empty() && t.front() == '#') return {};
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '#' && (line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
  }
  return line;
}

std::vector<std::string_view> split_blanks(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string name) : name_(std::move(name)) {}

  PhraseDictionary run(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    int line_no = 0;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      ++line_no;
      handle_line(text.substr(pos, nl - pos), line_no);
      pos = nl + 1;
    }
    close_entry();
    remove_duplicate_patterns(name_, entries_, problems_);
    return PhraseDictionary(name_, std::move(entries_), std::move(problems_));
  }

 private:
  void problem(int line, std::string reason) {
    problems_.push_back({name_, line, std::move(reason)});
  }

  void handle_line(std::string_view raw, int line_no) {
    if (raw.size() > kMaxLineBytes) return problem(line_no, "line longer than 4096 bytes");
    if (!is_valid_utf8(raw)) return problem(line_no, "not valid UTF-8");
    std::string_view line = trim(strip_comment(raw));
    if (line.empty()) return;
    if (line.front() == '[') return handle_header(line, line_no);
    if (!open_) {
      if (!skipping_) problem(line_no, "pattern line before any header");
      return;
    }
    handle_pattern(line, line_no);
  }

  void handle_header(std::string_view line, int line_no) {
    close_entry();
    skipping_ = true;  // until the header proves valid, its patterns are skipped silently
    size_t close = line.find(']');
    if (close == std::string_view::npos) return problem(line_no, "header without ']'");
    PhraseEntry e;
    e.line = line_no;
    e.code = std::string(trim(line.substr(1, close - 1)));
    auto words = split_blanks(line.substr(close + 1));
    if (words.empty()) return problem(line_no, "header without a kind");
    e.kind = std::string(words[0]);
    if (!known_kind(e.kind)) return problem(line_no, "unknown kind '" + e.kind + "'");
    std::string why = code_problem(e.code, e.kind);
    if (!why.empty()) return problem(line_no, why + ": '" + e.code + "'");
    std::string name;
    for (size_t i = 1; i < words.size(); ++i) {
      std::string_view w = words[i];
      size_t eq = w.find('=');
      if (eq == std::string_view::npos || eq == 0) {
        if (!name.empty()) name += ' ';
        name.append(w);
        continue;
      }
      std::string reason = attribute(e, w.substr(0, eq), w.substr(eq + 1));
      if (!reason.empty()) return problem(line_no, reason);
    }
    if (e.from && e.to && day_number(e.from->first_day()) > day_number(e.to->last_day())) {
      return problem(line_no, "from= is after to=");
    }
    e.name = name.empty() ? e.code : name;
    if (e.country.empty() && (e.kind == "state" || e.kind == "former_state")) e.country = e.code;
    if (e.country.empty() && (e.kind == "leader" || e.kind == "official")) {
      if (!is_iso3(e.code)) {
        return problem(line_no,
                       "a leader or official needs country=ISO3 when its code is no state");
      }
      e.country = e.code;
    }
    current_ = std::move(e);
    open_ = true;
    skipping_ = false;
  }

  std::string attribute(PhraseEntry& e, std::string_view key, std::string_view value) {
    if (key == "from" || key == "to") {
      auto d = parse_iso_date(value);
      if (!d || value.size() > 10)
        return "bad date in " + std::string(key) + "=" + std::string(value);
      (key == "from" ? e.from : e.to) = *d;
      return "";
    }
    if (key == "country") {
      if (!is_iso3(value))
        return "country= must be ISO 3166-1 alpha-3: '" + std::string(value) + "'";
      e.country = std::string(value);
      return "";
    }
    if (key == "outlet") {
      if (!is_iso3(value))
        return "outlet= must be ISO 3166-1 alpha-3: '" + std::string(value) + "'";
      e.outlet = std::string(value);
      return "";
    }
    return "unknown attribute '" + std::string(key) + "'";
  }

  void handle_pattern(std::string_view line, int line_no) {
    PhrasePattern p;
    p.line = line_no;
    if (line.front() == '=') {
      p.case_sensitive = true;
      line = trim(line.substr(1));
    }
    while (!line.empty() && line.back() == '*') {
      p.prefix = true;
      line = trim(line.substr(0, line.size() - 1));
    }
    std::string why = pattern_problem(line);
    if (why.empty() && p.prefix && !ends_with_word_char(line)) {
      why = "'*' must follow a letter or digit";
    }
    if (!why.empty()) return problem(line_no, why);
    p.text = std::string(line);
    current_.patterns.push_back(std::move(p));
  }

  void close_entry() {
    if (!open_) return;
    if (current_.patterns.empty()) problem(current_.line, "entry without patterns");
    entries_.push_back(std::move(current_));
    current_ = PhraseEntry{};
    open_ = false;
  }

  std::string name_;
  std::vector<PhraseEntry> entries_;
  std::vector<DictionaryProblem> problems_;
  PhraseEntry current_;
  bool open_ = false;
  bool skipping_ = false;
};

}  // namespace

std::string DictionaryProblem::to_string() const {
  return located_message(file, static_cast<size_t>(line), reason);
}

bool PhraseEntry::valid_on(const Date& date) const {
  if (date.year == 0) return true;
  if (from && day_number(date.last_day()) < day_number(from->first_day())) return false;
  if (to && day_number(date.first_day()) > day_number(to->last_day())) return false;
  return true;
}

bool PhraseEntry::overlaps_in_time(const PhraseEntry& other) const {
  auto starts_after_end = [](const PhraseEntry& a, const PhraseEntry& b) {
    return a.from && b.to && day_number(a.from->first_day()) > day_number(b.to->last_day());
  };
  return !starts_after_end(*this, other) && !starts_after_end(other, *this);
}

std::string pattern_key(const PhrasePattern& p) {
  std::string text = p.case_sensitive ? p.text : fold_case(p.text);
  std::string key = p.case_sensitive ? "=" : "";
  bool in_separator = false;
  size_t i = 0;
  while (i < text.size()) {
    size_t len = separator_length(text, i);
    if (len > 0) {
      in_separator = true;
      i += len;
      continue;
    }
    if (in_separator && !key.empty() && key != "=") key += ' ';
    in_separator = false;
    len = apostrophe_length(text, i);
    if (len > 0) {
      key += '\'';
      i += len;
      continue;
    }
    key += text[i++];
  }
  if (p.prefix) key += '*';
  return key;
}

std::string pattern_problem(std::string_view text) {
  if (text.empty()) return "empty pattern";
  if (text.size() > kMaxPatternBytes) return "pattern longer than 256 bytes";
  if (!is_valid_utf8(text)) return "pattern is not valid UTF-8";
  bool has_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t') return "control character in pattern";
    if (c == '*') return "'*' is only allowed at the end of a pattern";
  }
  for (size_t i = 0; i < text.size();) {
    int32_t next = 0;
    if (word_char_at(text, i, &next)) has_word = true;
    i = static_cast<size_t>(next);
  }
  if (!has_word) return "pattern without a letter or digit";
  return "";
}

PhraseDictionary::PhraseDictionary(std::string name, std::vector<PhraseEntry> entries,
                                   std::vector<DictionaryProblem> problems)
    : name_(std::move(name)), entries_(std::move(entries)), problems_(std::move(problems)) {}

PhraseDictionary PhraseDictionary::parse(std::string_view text, std::string name) {
  return Parser(std::move(name)).run(text);
}

Result<PhraseDictionary> PhraseDictionary::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::io_error(path + ": read failed");
  return parse(ss.str(), path);
}

Result<PhraseDictionary> PhraseDictionary::load_builtin(std::string_view name) {
  auto content = builtin_file(name);
  if (!content) return Status::not_found("no built-in dictionary " + std::string(name));
  return parse(*content, std::string(name));
}

size_t PhraseDictionary::pattern_count() const {
  size_t n = 0;
  for (const auto& e : entries_) n += e.patterns.size();
  return n;
}

void remove_duplicate_patterns(const std::string& file, std::vector<PhraseEntry>& entries,
                               std::vector<DictionaryProblem>& problems) {
  struct Seen {
    size_t entry;
    int line;
  };
  std::unordered_map<std::string, std::vector<Seen>> seen;
  for (size_t ei = 0; ei < entries.size(); ++ei) {
    auto& patterns = entries[ei].patterns;
    std::vector<PhrasePattern> kept;
    kept.reserve(patterns.size());
    for (auto& p : patterns) {
      auto& earlier = seen[pattern_key(p)];
      const Seen* clash = nullptr;
      for (const auto& s : earlier) {
        const PhraseEntry& a = entries[s.entry];
        const PhraseEntry& b = entries[ei];
        const bool same_outlets = a.outlet.empty() || b.outlet.empty() || a.outlet == b.outlet;
        if (s.entry == ei || (same_outlets && a.overlaps_in_time(b))) {
          clash = &s;
          break;
        }
      }
      if (clash) {
        std::string reason = "duplicate of the pattern on line " + std::to_string(clash->line);
        if (clash->entry != ei) reason += " (" + entries[clash->entry].code + ")";
        problems.push_back({file, p.line, std::move(reason)});
        continue;
      }
      earlier.push_back({ei, p.line});
      kept.push_back(std::move(p));
    }
    patterns = std::move(kept);
  }
  std::stable_sort(
      problems.begin(), problems.end(),
      [](const DictionaryProblem& a, const DictionaryProblem& b) { return a.line < b.line; });
}

}  // namespace fissure
