// `fissure report`: one self-contained HTML file about a pair of states — the findings in plain
// words, the directed series as charts, the evidence with the documents it comes from, and what
// the numbers rest on (method, dictionaries, corpus coverage). docs/report.md explains how to
// read it.
//
// Gathering (reading the archive, running the analysis) and rendering (numbers to HTML) are
// separate, so that rendering can be tested on hand-built values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fissure/analysis/dyad.h"
#include "fissure/analysis/findings.h"
#include "fissure/analysis/statistics.h"
#include "fissure/store/archive.h"
#include "fissure/store/report_data.h"
#include "fissure/store/voice_data.h"
#include "fissure/util/status.h"

namespace fissure::report {

struct ReportOptions {
  analysis::DyadOptions dyad;  // the pair, resolution and date window
  std::string title;           // default: "<A> and <B>: how each speaks of the other"
  int evidence = 4;            // quotes per finding
  int max_third_parties = 12;  // in the third-party chart
};

// Each side's tone toward a third party over the whole window (cluster-robust 95% intervals).
struct ThirdPartyTone {
  std::string code;
  analysis::Estimate first, second;  // A's voice, B's voice
};

// What one side's voice rests on.
struct SideCoverage {
  std::string speaker;
  int64_t sentences = 0, documents = 0;  // English sentences in the speaker's voice
  std::string first_date, last_date;
  std::vector<std::string> gaps;  // runs of periods with no text: "2019-03..2019-07"
  int64_t gap_periods = 0;
  std::vector<OutletCoverage> outlets;  // the side's own outlets (document.country)
};

struct ReportData {
  ReportOptions options;
  analysis::DyadSeries series;
  analysis::Cracks cracks;
  std::vector<ThirdPartyTone> third_parties;
  std::vector<DocumentText> documents;  // every quoted document once, in order of first quote
  CodingVersions coding;
  SideCoverage coverage[2];
  std::string generated_at;  // UTC
  std::string archive_name;  // file name of the archive
  double seconds = 0;        // time to gather
};

// Reads and analyses: compute_dyad once, the signals of find_cracks on that series, the third
// parties' tones, the quoted documents, coverage and dictionary versions. Errors (all the
// user's to fix): kInvalidInput for a bad pair or a code that never speaks; kNotFound for an
// archive without coding, or when neither side names the other in the window ("no shared
// text") or a side has no text there.
Result<ReportData> gather_report(Archive& archive, const ReportOptions& options);

// The whole page. Pure: the same data give the same bytes.
std::string render_report(const ReportData& data);

// Periods with no text in a speaker's volume between its first and last, as runs of labels.
std::vector<std::string> gap_runs(const std::vector<VolumeRow>& volume, analysis::Resolution r,
                                  int64_t* empty_periods);

// The style sheet shared by the report and the digest.
const std::string& report_css();

}  // namespace fissure::report

namespace fissure::report {

struct ReportWritten {
  size_t bytes = 0;
  size_t findings = 0, documents = 0;
  double seconds = 0;  // gathering and rendering
};

// gather_report, render_report, and the page written to `path` (through a temporary file
// beside it, so that a failed run leaves no half-written report).
Result<ReportWritten> write_report(Archive& archive, const ReportOptions& options,
                                   const std::string& path);

// Writes `content` to `path` through a temporary file beside it.
Status write_file_atomically(const std::string& path, const std::string& content);

}  // namespace fissure::report
