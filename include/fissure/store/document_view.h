// One document as a reader sees it: a revision's text with its sentences (offsets into the text),
// their coding and the actors they name, every revision, and the documents it duplicates or that
// duplicate it. Part of the store layer; the web API's document page reads it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/store/search.h"
#include "fissure/util/status.h"

namespace fissure {

struct MentionSpan {
  std::string code, kind, name;
  int64_t start = 0, end = 0;  // byte offsets into the revision's text
  std::optional<double> tone;  // tone toward the actor (tone_fissure of its clause)
};

struct DocumentSentence {
  int64_t id = 0;
  int64_t start = 0, end = 0;  // byte offsets into the revision's text
  bool boilerplate = false;
  CodingSummary coding;
  std::vector<MentionSpan> mentions;
};

struct RevisionSummary {
  int n = 0;
  std::string seen_at, sha256, origin;
  std::optional<std::string> title, date;
  int64_t sentences = 0;
};

struct DuplicateLink {
  std::string document_id;
  std::string kind;  // exact or near
  double similarity = 0;
  bool is_original = false;  // the linked document is the earlier one this one duplicates
};

struct DocumentView {
  std::string id, source;
  std::optional<std::string> country, date, title, url, lang, metadata, withdrawn_at;
  int current_revision = 0;
  int revision = 0;                        // the revision shown
  std::vector<RevisionSummary> revisions;  // oldest first
  std::vector<DuplicateLink> duplicates;
  std::string text;
  std::vector<DocumentSentence> sentences;
};

// revision 0 shows the current one. kNotFound for an unknown id or revision.
Result<DocumentView> load_document_view(Archive& archive, const std::string& document_id,
                                        int revision = 0);

}  // namespace fissure
