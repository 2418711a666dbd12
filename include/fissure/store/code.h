// `fissure code`: (re)codes an archive's sentences with a SentenceCoder after its dictionaries or
// its logic changed. Only what a change can affect is recoded: the archive remembers the entries
// it was coded with (dictionary_entry), and a changed, added or removed entry selects the
// sentences its phrase occurs in through the full-text index. Part of the store layer.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "fissure/coding/sentence_coding.h"
#include "fissure/store/archive.h"
#include "fissure/util/status.h"

namespace fissure {

struct CodeOptions {
  bool full = false;  // recode every current sentence whatever changed
  int threads = 0;    // coding threads; 0 = one less than the hardware has (at least one)
  size_t batch_sentences = 20000;  // sentences per write transaction
};

struct CodeSummary {
  bool full = false;          // everything was recoded (asked for, first coding or new coder logic)
  std::string reason;         // why this set of sentences, in words
  int64_t changed_entries = 0;  // dictionary entries added, changed or removed
  int64_t documents = 0;      // documents with at least one sentence recoded
  int64_t sentences = 0;      // sentences recoded
  int64_t changed_codings = 0;  // of those, sentences whose filter tokens changed
  double seconds = 0;
};

// Called about twice a second with (sentences done, sentences to do).
using CodeProgress = std::function<void(int64_t, int64_t)>;

Result<CodeSummary> code_archive(Archive& archive, const SentenceCoder& coder, const CodeOptions& options,
                                 const CodeProgress& progress = {});

}  // namespace fissure
