// DocumentReader: the interface every input format implements, and the factory that picks one.
// Part of the corpus layer; depends only on util. A reader is used by one thread at a time.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fissure/corpus/document.h"
#include "fissure/util/status.h"

namespace fissure {

enum class Format { kAuto, kJsonl, kCsv, kText, kHtml, kFeed, kWarc };

const char* format_name(Format f);
// "jsonl", "csv", "txt"/"text", "html", "rss"/"atom"/"feed", "warc", "auto".
Result<Format> parse_format(const std::string& name);

struct ReaderOptions {
  Format format = Format::kAuto;
  // Defaults for fields the input does not carry (for example the outlet of an HTML folder).
  std::string default_source;
  std::string default_country;
  // CSV: document field -> column header ("text" -> "body"). Unmapped fields are looked up
  // under their own name; unmapped columns go to metadata.
  std::map<std::string, std::string> csv_columns;
  char csv_delimiter = ',';
  // A record larger than this is skipped with a message instead of being held in memory.
  size_t max_record_bytes = 64u << 20;
};

// One step of a reader: a document, a skipped record (with a "file:line: reason" message),
// or the end of the input.
struct ReadStep {
  enum class Kind { kDocument, kSkipped, kEnd } kind = Kind::kEnd;
  Document document;    // when kDocument
  std::string message;  // when kSkipped: "FILE:LINE: reason"
  // True when the skip ends the input (unreadable file, truncated stream): nothing follows.
  bool fatal = false;
};

class DocumentReader {
 public:
  virtual ~DocumentReader() = default;
  virtual ReadStep next() = 0;
  // Compressed bytes consumed so far, for progress and throughput.
  virtual size_t bytes_read() const = 0;
};

// Detects the format of path from its extension and first bytes (after decompression).
Result<Format> detect_format(const std::string& path);

// Opens one file with the reader for its (detected or forced) format.
Result<std::unique_ptr<DocumentReader>> open_reader(const std::string& path,
                                                    const ReaderOptions& options);

// Expands inputs: files stay as they are; folders are walked recursively in name order and
// yield every regular file whose extension a reader knows. Unreadable paths are reported.
struct ExpandedInputs {
  std::vector<std::string> files;
  std::vector<std::string> errors;  // "PATH: reason"
};
ExpandedInputs expand_inputs(const std::vector<std::string>& inputs);

}  // namespace fissure
