// analysis_bench: time of `fissure dyad` and `fissure cracks` for a pair over a coded archive
// (default: the one ingest_bench leaves behind, build/bench_coded.db, or any archive given),
// against the targets of issue #4 (under 2 s each for IRN–PRK over the full shared archive).
//
//   analysis_bench [ARCHIVE] [--pair A B] [--by year|quarter|month] [--repeat N] [--null N]
//
// --null N (default 20) also deals the two voices' documents out again at random N times
// (shuffle_speakers) and counts, per kind, the deals in which cracks reports anything: the
// false-positive rate on this archive's real text, against the stated 5% per kind.
// Each measurement runs once to warm the page cache and then --repeat times (default 3); the
// figures are the median and the slowest run. The baseline is what SQLite alone needs for the
// simplest form of the same question: one aggregate query of mean tone per year for A about B,
// without intervals, third parties or quotes.
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fissure/analysis/findings.h"
#include "fissure/analysis/null_model.h"
#include "fissure/store/archive.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Timing {
  double median = 0, max = 0;
};

Timing time_runs(int repeat, const std::function<bool()>& run) {
  if (!run()) return {-1, -1};  // warm-up, and a check that it works at all
  std::vector<double> seconds;
  for (int i = 0; i < repeat; ++i) {
    auto start = Clock::now();
    if (!run()) return {-1, -1};
    seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  return {seconds[seconds.size() / 2], seconds.back()};
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = std::string(FISSURE_BUILD_DIR) + "/bench_coded.db";
  std::string a = "IRN", b = "PRK", by = "year";
  int repeat = 3, deals = 20;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--pair" && i + 2 < argc) {
      a = argv[++i];
      b = argv[++i];
    } else if (arg == "--by" && i + 1 < argc) {
      by = argv[++i];
    } else if (arg == "--null" && i + 1 < argc) {
      deals = std::max(0, std::atoi(argv[++i]));
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (!arg.empty() && arg[0] != '-') {
      path = arg;
    } else {
      std::fprintf(stderr,
                   "usage: analysis_bench [ARCHIVE] [--pair A B] [--by year|quarter|month] "
                   "[--repeat N] [--null N]\n");
      return 2;
    }
  }
  if (!std::filesystem::exists(path)) {
    std::fprintf(
        stderr,
        "analysis_bench: %s does not exist; run ingest_bench first (it leaves a coded archive "
        "there) or give a coded archive (fissure demo writes one)\n",
        path.c_str());
    return 2;
  }
  auto archive = fissure::Archive::open(path, fissure::Archive::Mode::kReadOnly);
  if (!archive) {
    std::fprintf(stderr, "analysis_bench: %s\n", archive.status().message().c_str());
    return 1;
  }
  auto resolution = fissure::analysis::parse_resolution(by);
  if (!resolution) {
    std::fprintf(stderr, "analysis_bench: %s\n", resolution.status().message().c_str());
    return 2;
  }
  fissure::analysis::CracksOptions options;
  options.dyad.a = a;
  options.dyad.b = b;
  options.dyad.resolution = *resolution;

  std::printf("archive: %s (%.0f MB)\npair: %s %s by %s\n", path.c_str(),
              static_cast<double>(std::filesystem::file_size(path)) / 1e6, a.c_str(), b.c_str(),
              by.c_str());
  size_t rows = 0, findings = 0;
  int64_t tests = 0;
  std::string error;
  Timing dyad = time_runs(repeat, [&] {
    auto s = fissure::analysis::compute_dyad(**archive, options.dyad);
    if (!s) error = s.status().message();
    rows = s ? s->rows.size() : 0;
    return static_cast<bool>(s);
  });
  Timing cracks = time_runs(repeat, [&] {
    auto c = fissure::analysis::find_cracks(**archive, options);
    if (!c) error = c.status().message();
    findings = c ? c->findings.size() : 0;
    tests = c ? c->tests : 0;
    return static_cast<bool>(c);
  });
  if (dyad.median < 0 || cracks.median < 0) {
    std::fprintf(stderr, "analysis_bench: %s\n", error.c_str());
    return 1;
  }
  // Baseline: SQLite alone, one aggregate, no intervals.
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  const std::string sql =
      "SELECT substr(d.date_start, 1, 4), count(*), avg(m.tone_fissure) FROM mention m"
      " JOIN sentence_coding sc ON sc.sentence_id = m.sentence_id JOIN sentence s ON s.id = "
      "m.sentence_id"
      " JOIN document d ON d.key = s.document_key WHERE m.code = ?2 AND sc.speaker = ?1"
      " AND s.revision = d.current_revision GROUP BY 1";
  Timing baseline = time_runs(repeat, [&] {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return false;
    sqlite3_bind_text(st, 1, a.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, b.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
    }
    sqlite3_finalize(st);
    return true;
  });
  sqlite3_close(db);

  std::printf("dyad_rows: %zu\n", rows);
  std::printf("dyad_seconds: %.3f s (slowest %.3f; target < 2 s)\n", dyad.median, dyad.max);
  std::printf("cracks_findings: %zu of %lld tests\n", findings, static_cast<long long>(tests));
  std::printf("cracks_seconds: %.3f s (slowest %.3f; target < 2 s)\n", cracks.median, cracks.max);
  std::printf("sqlite_one_aggregate_seconds: %.3f s\n", baseline.median);
  std::printf("ratio dyad vs one sqlite aggregate: %.1f\n",
              dyad.median / std::max(baseline.median, 1e-9));
  if (deals > 0) {
    auto voice_a = fissure::load_speaker_voice(**archive, a, options.dyad.scope);
    auto voice_b = fissure::load_speaker_voice(**archive, b, options.dyad.scope);
    if (!voice_a || !voice_b) {
      std::fprintf(stderr, "analysis_bench: cannot read the voices\n");
      return 1;
    }
    std::map<std::string, int> fired;
    int64_t null_tests = 0;
    auto start = Clock::now();
    for (int deal = 0; deal < deals; ++deal) {
      auto [sa, sb] = fissure::analysis::shuffle_speakers(*voice_a, *voice_b, 9000 + deal);
      auto series = fissure::analysis::build_dyad(options.dyad, std::move(sa), std::move(sb));
      auto c = fissure::analysis::find_cracks_in(series, options);
      if (!c) return 1;
      null_tests += c->tests;
      std::set<std::string> kinds;
      for (const auto& f : c->findings) kinds.insert(f.kind);
      for (const auto& k : kinds) fired[k]++;
    }
    const double per_deal = std::chrono::duration<double>(Clock::now() - start).count() / deals;
    std::printf("null_deals: %d (%.2f s each, %.0f tests each)\n", deals, per_deal,
                static_cast<double>(null_tests) / deals);
    for (const std::string& kind : fissure::analysis::finding_kinds())
      std::printf("null_fired.%s: %d of %d deals (stated rate 5%%)\n", kind.c_str(), fired[kind],
                  deals);
  }
  std::printf("peak_rss_mb: %.0f MB (includes the read-only archive's memory map)\n",
              peak_rss_mb());
  return 0;
}
