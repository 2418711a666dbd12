// Ingest: read inputs with the corpus readers, split and fingerprint documents in parallel, and
// write them in batches through one writer: new documents, revisions of changed ones, duplicate
// links, boilerplate. Part of the store layer. Re-running the same ingest is a no-op; a killed
// ingest leaves a consistent archive that the next run completes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fissure/coding/sentence_coding.h"
#include "fissure/corpus/reader.h"
#include "fissure/store/archive.h"
#include "fissure/util/status.h"

namespace fissure {

struct IngestOptions {
  ReaderOptions reader;
  int threads = 0;  // preparing threads; 0 = one less than the hardware has (one per core when coding)
  // Stop at the first skipped record and write nothing from this run.
  bool strict = false;
  // The inputs are complete snapshots of their sources: documents of those sources that are
  // absent from this run are marked withdrawn (their text stays).
  bool snapshot = false;
  // A write transaction holds up to batch_documents documents or batch_bytes of text, whichever
  // comes first: large enough that commits are rare (each rewrites the pages that random keys
  // touched in the indexes), small enough that a killed run loses little. The reading and
  // preparing pipeline works in smaller batches, so memory does not grow with these.
  size_t batch_documents = 16384;
  size_t batch_bytes = 16u << 20;
  std::string command;           // recorded in ingest_run for provenance
  // Codes every new sentence (actors, speaker, events, domains, tone) when set; not owned.
  const SentenceCoder* coder = nullptr;
};

struct IngestSummary {
  int64_t files = 0;
  int64_t documents_read = 0;  // records that became documents (new + revised + unchanged)
  int64_t documents_new = 0;
  int64_t documents_revised = 0;
  int64_t documents_unchanged = 0;
  int64_t records_skipped = 0;  // bad records, each reported once
  int64_t exact_duplicates = 0;
  int64_t near_duplicates = 0;
  int64_t sentences = 0;  // sentences written (new documents and new revisions)
  int64_t boilerplate_lines = 0;  // sentences newly recognised as boilerplate
  int64_t withdrawn = 0;
  int64_t text_bytes = 0;   // UTF-8 bytes of document text read
  int64_t input_bytes = 0;  // bytes of input files read (compressed size)
  double seconds = 0;
  bool aborted = false;  // --strict stopped at a bad record; nothing was written
};

struct IngestProgress {
  int64_t files_done = 0, files_total = 0;
  int64_t documents = 0;
  int64_t skipped = 0;
  int64_t input_bytes = 0;
  double seconds = 0;
};

class IngestObserver {
 public:
  virtual ~IngestObserver() = default;
  // A record was skipped: "FILE:LINE: reason". Called from the reading thread, in input order.
  virtual void on_skip(const std::string& message) = 0;
  // About twice a second, from the reading thread.
  virtual void on_progress(const IngestProgress&) {}
};

// Ingests the inputs (files or folders). The result is an error only when the archive could
// not be written; bad input is reported through the observer and counted in the summary.
Result<IngestSummary> ingest(Archive& archive, const std::vector<std::string>& inputs,
                             const IngestOptions& options, IngestObserver& observer);

}  // namespace fissure
