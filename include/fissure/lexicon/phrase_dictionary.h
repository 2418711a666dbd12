// fissure phrase dictionaries (docs/dictionaries.md): entries with a code, a kind, a display name,
// an optional validity period and the phrases that name them. Used for actors and domain terms;
// the Lexicoder loader produces the same structure. Part of the lexicon layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/corpus/date.h"
#include "fissure/util/status.h"

namespace fissure {

// A malformed line, skipped by the loader: printed as "FILE:LINE: reason".
struct DictionaryProblem {
  std::string file;
  int line = 0;
  std::string reason;
  std::string to_string() const;
};

struct PhrasePattern {
  std::string text;             // the phrase without its markers (no leading '=', no trailing '*')
  int line = 0;                 // 1-based line in the dictionary
  bool case_sensitive = false;  // written with a leading '='
  bool prefix = false;          // written with a trailing '*': the last token may continue
};

struct PhraseEntry {
  std::string code;     // "PRK", "IAEA", "military", "-" for discards
  std::string kind;     // state, former_state, org, leader, official, group, discard, domain, ...
  std::string name;     // display name
  std::string country;  // ISO3 of the state the actor belongs to, or ""
  std::optional<Date> from, to;  // inclusive validity; absent = unbounded
  // Only in sentences of this outlet country (outlet=ISO3): a word one state's media use for a
  // state ("Korea" in North Korea's press) that means something else elsewhere. "" = everywhere.
  std::string outlet;
  int line = 0;                  // line of the header
  std::vector<PhrasePattern> patterns;

  bool is_discard() const { return kind == "discard"; }
  // True when the entry's validity period overlaps the days `date` can mean. An undated sentence
  // (year 0) is valid for every entry.
  bool valid_on(const Date& date) const;
  bool valid_for_outlet(std::string_view outlet_country) const {
    return outlet.empty() || outlet == outlet_country;
  }
  // True when the two entries' validity periods share a day.
  bool overlaps_in_time(const PhraseEntry& other) const;
};

// The identity of a pattern for duplicate detection: case-folded (unless case-sensitive), runs of
// spaces and hyphens as one space, typographic apostrophes as "'".
std::string pattern_key(const PhrasePattern& p);

class PhraseDictionary {
 public:
  PhraseDictionary() = default;
  PhraseDictionary(std::string name, std::vector<PhraseEntry> entries,
                   std::vector<DictionaryProblem> problems);

  // Parses dictionary text; `name` is used in problems and provenance (a file name or path).
  // Never fails: malformed lines are skipped and listed in problems().
  static PhraseDictionary parse(std::string_view text, std::string name);
  // Reads and parses a file; fails only when the file cannot be read.
  static Result<PhraseDictionary> load_file(const std::string& path);
  // Parses an embedded data/dictionaries/ file; kNotFound when there is no such file.
  static Result<PhraseDictionary> load_builtin(std::string_view name);

  const std::string& name() const { return name_; }
  const std::vector<PhraseEntry>& entries() const { return entries_; }
  const std::vector<DictionaryProblem>& problems() const { return problems_; }
  size_t pattern_count() const;

 private:
  std::string name_;
  std::vector<PhraseEntry> entries_;
  std::vector<DictionaryProblem> problems_;
};

// Reports patterns that appear twice, on `entries` appended in order: the same key under two
// entries valid on a common date, or twice under one entry. The later occurrence is removed and
// reported ("duplicate of line N"). Shared by the loaders of every format.
void remove_duplicate_patterns(const std::string& file, std::vector<PhraseEntry>& entries,
                               std::vector<DictionaryProblem>& problems);

// Checks a pattern's text (without markers) and returns the reason it is unusable, or "".
std::string pattern_problem(std::string_view text);

}  // namespace fissure
