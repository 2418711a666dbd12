// report_bench: how long `fissure report` takes for a pair, split into its stages.
//
//   report_bench [ARCHIVE] [--pair A B] [--by year|quarter|month] [--repeat N] [--out FILE]
//
// ARCHIVE defaults to build/demo.db (what `fissure demo` builds); it is opened read-only. Each
// repeat runs the whole report (gather + render + write); the first run also warms SQLite's
// page cache, so the best of --repeat (default 3) is the figure. The stage split (dyad series,
// findings, the rest of gathering, rendering) comes from the last run. Target: under 5 s for
// IRN–PRK over the full shared archive.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "fissure/analysis/dyad.h"
#include "fissure/analysis/findings.h"
#include "fissure/analysis/period.h"
#include "fissure/report/html_report.h"
#include "fissure/store/archive.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string db = std::string(FISSURE_BUILD_DIR) + "/demo.db";
  std::string a = "IRN", b = "PRK", by = "year", out = "/tmp/report_bench.html";
  int repeat = 3;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--pair" && i + 2 < argc) {
      a = argv[++i];
      b = argv[++i];
    } else if (arg == "--by" && i + 1 < argc) {
      by = argv[++i];
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--out" && i + 1 < argc) {
      out = argv[++i];
    } else if (!arg.empty() && arg[0] != '-') {
      db = arg;
    } else {
      std::fprintf(stderr,
                   "usage: report_bench [ARCHIVE] [--pair A B] [--by year|quarter|month] "
                   "[--repeat N] [--out FILE]\n");
      return 2;
    }
  }
  if (!std::filesystem::exists(db)) {
    std::fprintf(stderr, "report_bench: %s: no archive (build one with `fissure demo`)\n",
                 db.c_str());
    return 2;
  }
  auto resolution = fissure::analysis::parse_resolution(by);
  if (!resolution) {
    std::fprintf(stderr, "report_bench: %s\n", resolution.status().message().c_str());
    return 2;
  }
  auto archive = fissure::Archive::open(db, fissure::Archive::Mode::kReadOnly);
  if (!archive) {
    std::fprintf(stderr, "report_bench: %s\n", archive.status().message().c_str());
    return 1;
  }
  fissure::report::ReportOptions options;
  options.dyad.a = a;
  options.dyad.b = b;
  options.dyad.resolution = *resolution;

  double best = 1e300;
  size_t bytes = 0, findings = 0, documents = 0;
  for (int r = 0; r < repeat; ++r) {
    auto written = fissure::report::write_report(**archive, options, out);
    if (!written) {
      std::fprintf(stderr, "report_bench: %s\n", written.status().message().c_str());
      return 1;
    }
    best = std::min(best, written->seconds);
    bytes = written->bytes;
    findings = written->findings;
    documents = written->documents;
  }
  // The stages, timed separately.
  auto t = Clock::now();
  auto series = fissure::analysis::compute_dyad(**archive, options.dyad);
  double dyad_s = seconds_since(t);
  t = Clock::now();
  fissure::analysis::CracksOptions cracks_options;
  cracks_options.dyad = options.dyad;
  auto cracks = fissure::analysis::find_cracks(**archive, cracks_options);
  double cracks_s = seconds_since(t);
  t = Clock::now();
  auto data = fissure::report::gather_report(**archive, options);
  double gather_s = seconds_since(t);
  if (!series || !cracks || !data) {
    std::fprintf(stderr, "report_bench: a stage failed\n");
    return 1;
  }
  t = Clock::now();
  std::string html = fissure::report::render_report(*data);
  double render_s = seconds_since(t);

  std::printf("report_bench: %s %s-%s by %s, %d runs\n", db.c_str(), a.c_str(), b.c_str(),
              by.c_str(), repeat);
  std::printf("report_seconds_best: %.3f s\n", best);
  std::printf("report_bytes: %zu bytes\n", bytes);
  std::printf("report_findings: %zu\n", findings);
  std::printf("report_documents: %zu\n", documents);
  std::printf("stage_compute_dyad: %.3f s\n", dyad_s);
  std::printf("stage_find_cracks: %.3f s\n", cracks_s);
  std::printf("stage_gather_total: %.3f s\n", gather_s);
  std::printf("stage_render: %.3f s\n", render_s);
  return 0;
}
