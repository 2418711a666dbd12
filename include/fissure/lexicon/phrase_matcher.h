// Finds the phrases of one or more phrase dictionaries in a sentence: every pattern of every
// dictionary is compiled into one Vectorscan database, scanned once per sentence. Matches sit on
// token boundaries; patterns are case-insensitive unless written with '='; spaces and hyphens are
// interchangeable; a possessive 's does not prevent a match; among overlapping matches of one
// dictionary the longest wins, and a discard entry that wins codes nothing.
//
// A compiled matcher is immutable and shared read-only across threads; each thread scans with its
// own Vectorscan scratch space, which the matcher allocates on the thread's first scan.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "fissure/lexicon/phrase_dictionary.h"
#include "fissure/util/status.h"

namespace fissure {

struct PhraseMatch {
  uint32_t begin = 0;  // byte offsets into the scanned text, without a possessive 's
  uint32_t end = 0;
  uint32_t dictionary = 0;  // index into PhraseMatcher::dictionaries()
  uint32_t entry = 0;       // index into that dictionary's entries()
  int line = 0;             // the matching pattern's line
  bool case_sensitive = false;
  bool operator==(const PhraseMatch&) const = default;
};

class PhraseMatcher {
 public:
  // Decides whether an entry takes part in a scan (e.g. whether it is valid on a date).
  using EntryFilter = std::function<bool(uint32_t dictionary, uint32_t entry)>;

  // Compiles every pattern of `dictionaries`. A pattern Vectorscan rejects is dropped and listed
  // in problems(); fails only when the database as a whole cannot be built.
  static Result<std::shared_ptr<const PhraseMatcher>> compile(
      std::vector<PhraseDictionary> dictionaries);

  ~PhraseMatcher();
  PhraseMatcher(const PhraseMatcher&) = delete;
  PhraseMatcher& operator=(const PhraseMatcher&) = delete;

  const std::vector<PhraseDictionary>& dictionaries() const { return dictionaries_; }
  const PhraseEntry& entry(const PhraseMatch& m) const {
    return dictionaries_[m.dictionary].entries()[m.entry];
  }
  size_t pattern_count() const;
  const std::vector<DictionaryProblem>& problems() const { return problems_; }

  // The winning matches: longest first within each dictionary, entries rejected by `keep` left
  // out before overlaps are resolved, discards removed. Sorted by dictionary, then begin.
  std::vector<PhraseMatch> find(std::string_view text, const EntryFilter& keep = {}) const;

  // Every match on token boundaries, overlapping ones included, discards included; sorted by
  // begin, then end, then pattern line.
  std::vector<PhraseMatch> candidates(std::string_view text) const;

  struct Compiled;  // the Vectorscan database and the patterns behind its ids

 private:
  PhraseMatcher() = default;

  std::vector<PhraseDictionary> dictionaries_;
  std::vector<DictionaryProblem> problems_;
  std::unique_ptr<Compiled> compiled_;
};

// Resolves overlaps the way PhraseMatcher::find does: within each dictionary the longest match
// wins (ties: case-sensitive pattern, then earlier begin, then lower entry index); matches of
// entries for which `is_discard` holds are then removed.
std::vector<PhraseMatch> resolve_overlaps(
    std::vector<PhraseMatch> candidates, const std::function<bool(const PhraseMatch&)>& is_discard);

}  // namespace fissure
