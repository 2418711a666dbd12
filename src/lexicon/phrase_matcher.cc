#include "fissure/lexicon/phrase_matcher.h"

#include <hs/hs.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <string>

#include "text_scan.h"

namespace fissure {
namespace {

// Patterns and texts meet in a normalised form: every run of separators (spaces, hyphens, line
// breaks) is one space and a typographic apostrophe is "'", so that patterns compile to plain
// literals (a repeat such as "[ -]+" in every pattern makes compiling twenty times slower).
// A pattern is a sequence of units. Vectorscan gets them as a regular expression; the same units
// walked backwards from a reported end find where the match begins (cheaper than asking
// Vectorscan for start-of-match, which slows every scan).
struct Unit {
  enum class Kind { kByte, kAlternatives };
  Kind kind = Kind::kByte;
  char byte = 0;
  bool fold = false;                      // kByte: an ASCII letter matched in either case
  std::vector<std::string> alternatives;  // kAlternatives: byte strings, any one matches
};

std::string utf8(UChar32 c) {
  char buf[4];
  int32_t k = 0;
  UBool err = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), k, 4, c, err);
  return err ? std::string() : std::string(buf, k);
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::vector<Unit> units_of(std::string_view text, bool case_sensitive) {
  std::vector<Unit> units;
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  int32_t n = static_cast<int32_t>(text.size()), i = 0;
  while (i < n) {
    size_t sep = separator_length(text, static_cast<size_t>(i));
    if (sep > 0) {
      if (units.empty() || units.back().byte != ' ') {
        units.push_back({Unit::Kind::kByte, ' ', false, {}});
      }
      i += static_cast<int32_t>(sep);
      continue;
    }
    size_t apos = apostrophe_length(text, static_cast<size_t>(i));
    if (apos > 0) {
      units.push_back({Unit::Kind::kByte, '\'', false, {}});
      i += static_cast<int32_t>(apos);
      continue;
    }
    int32_t at = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0x80) {
      char b = text[static_cast<size_t>(at)];
      units.push_back({Unit::Kind::kByte, b, !case_sensitive && is_ascii_letter(b), {}});
      continue;
    }
    Unit u{Unit::Kind::kAlternatives, 0, false, {}};
    std::vector<UChar32> forms = {c};
    if (!case_sensitive) {
      forms.insert(forms.end(),
                   {u_tolower(c), u_toupper(c), u_totitle(c), u_foldCase(c, U_FOLD_CASE_DEFAULT)});
    }
    for (UChar32 f : forms) {
      std::string s = utf8(f);
      if (!s.empty() &&
          std::find(u.alternatives.begin(), u.alternatives.end(), s) == u.alternatives.end()) {
        u.alternatives.push_back(std::move(s));
      }
    }
    units.push_back(std::move(u));
  }
  return units;
}

void append_byte(std::string& re, unsigned char b) {
  if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
    re += static_cast<char>(b);
    return;
  }
  char buf[5];
  std::snprintf(buf, sizeof buf, "\\x%02X", b);
  re += buf;
}

std::string regex_of(const std::vector<Unit>& units) {
  std::string re;
  for (const auto& u : units) {
    switch (u.kind) {
      case Unit::Kind::kByte:
        append_byte(re, static_cast<unsigned char>(u.byte));
        break;
      case Unit::Kind::kAlternatives:
        re += "(?:";
        for (size_t k = 0; k < u.alternatives.size(); ++k) {
          if (k) re += '|';
          for (char b : u.alternatives[k]) append_byte(re, static_cast<unsigned char>(b));
        }
        re += ')';
        break;
    }
  }
  return re;
}

// Matches units[0, k) so that they end at `pos`; the leftmost begin goes to *begin.
bool match_back(const std::vector<Unit>& units, size_t k, std::string_view s, size_t pos,
                size_t* begin) {
  if (k == 0) {
    *begin = pos;
    return true;
  }
  const Unit& u = units[k - 1];
  switch (u.kind) {
    case Unit::Kind::kByte: {
      if (pos == 0) return false;
      char c = s[pos - 1];
      bool same = u.fold ? ascii_lower(c) == ascii_lower(u.byte) : c == u.byte;
      return same && match_back(units, k - 1, s, pos - 1, begin);
    }
    case Unit::Kind::kAlternatives:
      for (const auto& alt : u.alternatives) {
        if (pos >= alt.size() && s.compare(pos - alt.size(), alt.size(), alt) == 0 &&
            match_back(units, k - 1, s, pos - alt.size(), begin)) {
          return true;
        }
      }
      return false;
  }
  return false;
}

std::atomic<uint64_t> next_serial{1};

}  // namespace

struct PhraseMatcher::Compiled {
  struct Pattern {
    std::vector<Unit> units;
    uint32_t dictionary = 0;
    uint32_t entry = 0;
    int line = 0;
    bool case_sensitive = false;
    bool prefix = false;
    bool word_at_start = false;  // the pattern's edges are word characters: need a boundary
    bool word_at_end = false;
  };
  std::vector<Pattern> patterns;
  hs_database_t* database = nullptr;
  uint64_t serial = 0;  // tells thread-local scratch spaces which databases they were sized for

  ~Compiled() {
    if (database) hs_free_database(database);
  }
};

namespace {

// One scratch space per thread, grown to fit every database the thread has scanned with.
class ThreadScratch {
 public:
  ~ThreadScratch() {
    if (scratch_) hs_free_scratch(scratch_);
  }
  hs_scratch_t* for_database(const hs_database_t* db, uint64_t serial) {
    if (std::find(prepared_.begin(), prepared_.end(), serial) == prepared_.end()) {
      if (hs_alloc_scratch(db, &scratch_) != HS_SUCCESS) return nullptr;
      prepared_.push_back(serial);
    }
    return scratch_;
  }

 private:
  hs_scratch_t* scratch_ = nullptr;
  std::vector<uint64_t> prepared_;
};

// The text in the patterns' normalised form, and where each of its bytes came from.
struct NormalisedText {
  std::string text;
  std::vector<uint32_t> origin;  // origin[i]: offset in the original of byte i; one past the end

  void assign(std::string_view s) {
    // Written through raw pointers: this loop runs over every byte scanned.
    text.resize(s.size());
    origin.resize(s.size() + 1);
    char* out = text.data();
    uint32_t* from = origin.data();
    size_t i = 0, n = 0;
    while (i < s.size()) {
      from[n] = static_cast<uint32_t>(i);
      if (!kMayStartSeparatorOrApostrophe[static_cast<unsigned char>(s[i])]) {
        out[n++] = s[i++];
      } else if (size_t sep = separator_at(s, i)) {
        while (sep) {
          i += sep;
          sep = separator_at(s, i);
        }
        out[n++] = ' ';
      } else if (size_t apos = apostrophe_length(s, i)) {
        i += apos;
        out[n++] = '\'';
      } else {
        out[n++] = s[i++];
      }
    }
    from[n] = static_cast<uint32_t>(s.size());
    text.resize(n);
    origin.resize(n + 1);
  }

 private:
  // The first bytes of separators and apostrophes (see text_scan.h); everything else is copied.
  static constexpr auto kMayStartSeparatorOrApostrophe = [] {
    std::array<bool, 256> may{};
    for (unsigned char c : {' ', '\t', '\n', '\v', '\f', '\r', '-', '\''}) may[c] = true;
    may[0xC2] = may[0xE2] = true;
    return may;
  }();
  // separator_length() with its ASCII cases inline: a space or a hyphen follows every word.
  static size_t separator_at(std::string_view s, size_t i) {
    if (i >= s.size()) return 0;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == '-';
    return c == 0xC2 || c == 0xE2 ? separator_length(s, i) : 0;
  }
};

struct ScanContext {
  const PhraseMatcher::Compiled* compiled;
  std::string_view text;  // normalised
  std::vector<PhraseMatch>* out;
};

int on_match(unsigned int id, unsigned long long /*from*/, unsigned long long to,
             unsigned int /*flags*/, void* ctx) {
  auto* c = static_cast<ScanContext*>(ctx);
  const auto& p = c->compiled->patterns[id];
  size_t end = static_cast<size_t>(to), begin = 0;
  if (!match_back(p.units, p.units.size(), c->text, end, &begin)) return 0;
  if (p.word_at_start && word_char_before(c->text, begin)) return 0;
  if (p.prefix) {
    int32_t next = 0;
    while (end < c->text.size() && word_char_at(c->text, end, &next))
      end = static_cast<size_t>(next);
  } else if (p.word_at_end && word_char_after(c->text, end)) {
    return 0;
  }
  c->out->push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end), p.dictionary,
                     p.entry, p.line, p.case_sensitive});
  return 0;
}

}  // namespace

Result<std::shared_ptr<const PhraseMatcher>> PhraseMatcher::compile(
    std::vector<PhraseDictionary> dictionaries) {
  std::shared_ptr<PhraseMatcher> m(new PhraseMatcher());
  m->dictionaries_ = std::move(dictionaries);
  m->compiled_ = std::make_unique<Compiled>();
  m->compiled_->serial = next_serial.fetch_add(1);
  auto& patterns = m->compiled_->patterns;
  for (uint32_t d = 0; d < m->dictionaries_.size(); ++d) {
    const auto& entries = m->dictionaries_[d].entries();
    for (uint32_t e = 0; e < entries.size(); ++e) {
      for (const auto& p : entries[e].patterns) {
        Compiled::Pattern cp;
        cp.units = units_of(p.text, p.case_sensitive);
        if (cp.units.empty()) continue;
        cp.dictionary = d;
        cp.entry = e;
        cp.line = p.line;
        cp.case_sensitive = p.case_sensitive;
        cp.prefix = p.prefix;
        cp.word_at_start = starts_with_word_char(p.text);
        cp.word_at_end = ends_with_word_char(p.text);
        patterns.push_back(std::move(cp));
      }
    }
  }
  // A pattern Vectorscan rejects is reported and dropped, and the rest compiled again.
  for (;;) {
    if (patterns.empty()) return std::shared_ptr<const PhraseMatcher>(std::move(m));
    std::vector<std::string> regexes;
    std::vector<const char*> exprs;
    std::vector<unsigned int> flags, ids;
    regexes.reserve(patterns.size());
    for (size_t i = 0; i < patterns.size(); ++i) {
      regexes.push_back(regex_of(patterns[i].units));
      flags.push_back(patterns[i].case_sensitive ? 0u
                                                 : static_cast<unsigned int>(HS_FLAG_CASELESS));
      ids.push_back(static_cast<unsigned int>(i));
    }
    for (const auto& r : regexes) exprs.push_back(r.c_str());
    hs_compile_error_t* error = nullptr;
    hs_database_t* db = nullptr;
    hs_error_t rc = hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                                     static_cast<unsigned int>(exprs.size()), HS_MODE_BLOCK,
                                     nullptr, &db, &error);
    if (rc == HS_SUCCESS) {
      m->compiled_->database = db;
      return std::shared_ptr<const PhraseMatcher>(std::move(m));
    }
    std::string message = error && error->message ? error->message : "unknown error";
    int bad = error ? error->expression : -1;
    hs_free_compile_error(error);
    if (bad < 0 || static_cast<size_t>(bad) >= patterns.size()) {
      return Status::internal("Vectorscan could not compile the phrase patterns: " + message);
    }
    const auto& p = patterns[static_cast<size_t>(bad)];
    m->problems_.push_back({m->dictionaries_[p.dictionary].name(), p.line,
                            "pattern rejected by Vectorscan: " + message});
    patterns.erase(patterns.begin() + bad);
  }
}

PhraseMatcher::~PhraseMatcher() = default;

size_t PhraseMatcher::pattern_count() const { return compiled_->patterns.size(); }

std::vector<PhraseMatch> PhraseMatcher::candidates(std::string_view text) const {
  std::vector<PhraseMatch> out;
  if (!compiled_->database || text.empty()) return out;
  thread_local ThreadScratch scratch;
  hs_scratch_t* s = scratch.for_database(compiled_->database, compiled_->serial);
  if (!s) return out;
  // Vectorscan takes a 32-bit length; longer texts are scanned as far as it reaches.
  thread_local NormalisedText norm;
  norm.assign(text.substr(0, std::min<size_t>(text.size(), 0xFFFFFFF0u)));
  ScanContext ctx{compiled_.get(), norm.text, &out};
  hs_scan(compiled_->database, norm.text.data(), static_cast<unsigned int>(norm.text.size()), 0, s,
          on_match, &ctx);
  for (auto& m : out) {
    m.begin = norm.origin[m.begin];
    m.end = norm.origin[m.end];
  }
  std::sort(out.begin(), out.end(), [](const PhraseMatch& a, const PhraseMatch& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end < b.end;
    if (a.dictionary != b.dictionary) return a.dictionary < b.dictionary;
    if (a.entry != b.entry) return a.entry < b.entry;
    return a.line < b.line;
  });
  return out;
}

std::vector<PhraseMatch> PhraseMatcher::find(std::string_view text, const EntryFilter& keep) const {
  std::vector<PhraseMatch> all = candidates(text);
  if (keep) {
    std::erase_if(all, [&](const PhraseMatch& m) { return !keep(m.dictionary, m.entry); });
  }
  return resolve_overlaps(std::move(all),
                          [this](const PhraseMatch& m) { return entry(m).is_discard(); });
}

std::vector<PhraseMatch> resolve_overlaps(
    std::vector<PhraseMatch> candidates,
    const std::function<bool(const PhraseMatch&)>& is_discard) {
  std::sort(candidates.begin(), candidates.end(), [](const PhraseMatch& a, const PhraseMatch& b) {
    if (a.dictionary != b.dictionary) return a.dictionary < b.dictionary;
    uint32_t la = a.end - a.begin, lb = b.end - b.begin;
    if (la != lb) return la > lb;
    if (a.case_sensitive != b.case_sensitive) return a.case_sensitive;
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.entry != b.entry) return a.entry < b.entry;
    return a.line < b.line;
  });
  // The winners of the current dictionary, kept sorted by begin; they never overlap, so a
  // candidate can only collide with its neighbours in that order.
  std::vector<PhraseMatch> out, group;
  auto flush = [&] {
    for (const auto& m : group) {
      if (!is_discard || !is_discard(m)) out.push_back(m);
    }
    group.clear();
  };
  for (const auto& c : candidates) {
    if (!group.empty() && group.front().dictionary != c.dictionary) flush();
    auto at = std::lower_bound(group.begin(), group.end(), c.begin,
                               [](const PhraseMatch& m, uint32_t b) { return m.begin < b; });
    bool overlaps = (at != group.end() && at->begin < c.end) ||
                    (at != group.begin() && std::prev(at)->end > c.begin);
    if (!overlaps) group.insert(at, c);
  }
  flush();
  return out;
}

}  // namespace fissure
