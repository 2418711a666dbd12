// `fissure digest`: what is new about a pair since a date — the morning brief. New documents in
// which one side names the other (a quote each), and the findings that are new, changed or gone
// when the analysis runs over everything instead of up to the date. docs/report.md ("Digest").
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fissure/analysis/findings.h"
#include "fissure/analysis/period.h"
#include "fissure/store/archive.h"
#include "fissure/store/voice_data.h"
#include "fissure/util/status.h"

namespace fissure::report {

using Pair = std::pair<std::string, std::string>;

// "IRN-PRK" → {IRN, PRK}; kInvalidInput for anything else.
Result<Pair> parse_pair(const std::string& text);

// IRN-PRK when both speak in the archive; otherwise kInvalidInput naming the speakers there are.
Result<std::vector<Pair>> default_pairs(Archive& archive);

struct DigestOptions {
  std::string since;  // yyyy, yyyy-mm or yyyy-mm-dd
  std::vector<Pair> pairs;
  analysis::Resolution resolution = analysis::Resolution::kYear;
  int max_documents = 10;  // quoted per direction, most recent first
};

// A document dated on or after `since` in which `speaker` names `target`.
struct NewDocument {
  std::string speaker, target;
  Quote quote;            // one sentence of it, the target marked
  int64_t sentences = 0;  // its sentences naming the target
};

struct FindingChange {
  enum class Kind { kNew, kChanged, kGone };
  Kind kind = Kind::kNew;
  analysis::Finding before, after;  // before: up to `since`; after: over everything
};

struct PairDigest {
  std::string a, b;
  int64_t new_documents_ab = 0, new_documents_ba = 0;
  std::vector<NewDocument> documents;  // at most max_documents per direction
  std::vector<FindingChange> changes;
  int64_t findings_before = 0, findings_after = 0;
  std::vector<std::string> notes;
};

struct Digest {
  std::string since, archive_name, generated_at;
  std::vector<PairDigest> pairs;
};

// The key a finding is compared by: kind, speaker, target, third party and period, with a
// whole-window period ("FROM..TO") read as one period whatever its ends.
std::string finding_key(const analysis::Finding& f);

// Compares the findings up to a date with those over everything.
std::vector<FindingChange> compare_findings(const std::vector<analysis::Finding>& before,
                                            const std::vector<analysis::Finding>& after);

Result<Digest> build_digest(Archive& archive, const DigestOptions& options);

std::string digest_text(const Digest& digest);
std::string digest_html(const Digest& digest);

}  // namespace fissure::report
