// align_bench: the time of `fissure align` for one UN General Debate year (~190 speakers) on an
// archive of the real UNGDC corpus: loading the year's tones from the archive, and the whole
// matrix (profiles and every pair). Target (issue #4): under 5 s.
//
//   align_bench [--db ARCHIVE] [--year Y] [--repeat R]
//
// Without --db the bench ingests ../shared/corpora/ungdc/ungdc_subset.jsonl.gz, coded as
// `fissure ingest --reference ../shared/reference` codes it, into a temporary folder first (a
// few minutes on two cores; the ingest time is printed but is not part of the figure). --year
// (default 2019), --repeat (default 5): the best and the median of R runs are printed, each on a
// fresh read-only open of the archive, as the command does.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fissure/analysis/alignment.h"
#include "fissure/coding/sentence_coder.h"
#include "fissure/store/archive.h"
#include "fissure/store/ingest.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace fissure;

constexpr double kTargetSeconds = 5.0;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Quiet : IngestObserver {
  void on_skip(const std::string& m) override { std::fprintf(stderr, "skipped: %s\n", m.c_str()); }
};

// Ingests the shared UNGDC file into dir/ungdc.db with the coder `--reference` builds.
std::string build_archive(const fs::path& dir) {
  const fs::path shared = FISSURE_SHARED_DIR;
  const fs::path corpus = shared / "corpora/ungdc/ungdc_subset.jsonl.gz";
  if (!fs::exists(corpus)) {
    std::fprintf(stderr, "align_bench: %s not found (pass --db)\n", corpus.c_str());
    std::exit(2);
  }
  CoderConfig config;
  config.tone_lexicons = {(shared / "reference/vader/vader_lexicon.txt").string()};
  config.verbs = (shared / "reference/petrarch2/dictionaries/CAMEO.2.0.txt").string();
  config.cameo_dir = (shared / "reference/cameo").string();
  config.plover_dir = (shared / "reference/plover").string();
  std::vector<std::string> problems;
  auto coder = FissureCoder::create(config, &problems);
  if (!coder) {
    std::fprintf(stderr, "align_bench: %s\n", coder.status().message().c_str());
    std::exit(1);
  }
  const std::string db = (dir / "ungdc.db").string();
  auto archive = Archive::open(db, Archive::Mode::kReadWrite);
  if (!archive) {
    std::fprintf(stderr, "align_bench: %s\n", archive.status().message().c_str());
    std::exit(1);
  }
  IngestOptions options;
  options.coder = coder->get();
  Quiet observer;
  const auto start = Clock::now();
  auto summary = ingest(**archive, {corpus.string()}, options, observer);
  if (!summary) {
    std::fprintf(stderr, "align_bench: %s\n", summary.status().message().c_str());
    std::exit(1);
  }
  std::printf("ingest_seconds: %.1f s (%lld documents, %lld sentences; not part of the figure)\n",
              seconds_since(start), static_cast<long long>(summary->documents_read),
              static_cast<long long>(summary->sentences));
  return db;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  int year = 2019, repeat = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--db" && i + 1 < argc) {
      db = argv[++i];
    } else if (arg == "--year" && i + 1 < argc) {
      year = std::atoi(argv[++i]);
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: align_bench [--db ARCHIVE] [--year Y] [--repeat R]\n");
      return 2;
    }
  }
  fs::path temp;
  if (db.empty()) {
    temp = fs::temp_directory_path() / ("align_bench_" + std::to_string(::getpid()));
    fs::create_directories(temp);
    db = build_archive(temp);
  }

  auto period = parse_alignment_period(std::to_string(year));
  if (!period) {
    std::fprintf(stderr, "align_bench: %s\n", period.status().message().c_str());
    return 2;
  }
  std::vector<double> load_times, total_times;
  size_t speakers = 0, pairs = 0, measured = 0, observations = 0;
  for (int r = 0; r < repeat; ++r) {
    const auto start = Clock::now();
    auto archive = Archive::open(db, Archive::Mode::kReadOnly);
    if (!archive) {
      std::fprintf(stderr, "align_bench: %s\n", archive.status().message().c_str());
      return 1;
    }
    AlignmentQuery query;
    query.from = period->from;
    query.to = period->to;
    auto data = load_alignment_data(**archive, query);
    if (!data) {
      std::fprintf(stderr, "align_bench: %s\n", data.status().message().c_str());
      return 1;
    }
    load_times.push_back(seconds_since(start));
    AlignmentMatrix m = compute_alignment(*data, AlignmentOptions{});
    total_times.push_back(seconds_since(start));
    speakers = m.speakers.size();
    pairs = m.pairs.size();
    observations = data->observations.size();
    measured = static_cast<size_t>(
        std::count_if(m.pairs.begin(), m.pairs.end(),
                      [](const AlignmentPair& p) { return !std::isnan(p.alignment); }));
  }
  std::sort(load_times.begin(), load_times.end());
  std::sort(total_times.begin(), total_times.end());
  const double best = total_times.front(), median = total_times[total_times.size() / 2];
  std::printf("year: %d (%zu tone observations, %zu speakers, %zu pairs, %zu measured)\n", year,
              observations, speakers, pairs, measured);
  std::printf("align_load_seconds: %.3f s (best of %d)\n", load_times.front(), repeat);
  std::printf("align_year_seconds: %.3f s (best of %d; median %.3f s)\n", best, repeat, median);
  std::printf("align_year_vs_target: %.1fx under the %.0f s target\n", kTargetSeconds / median,
              kTargetSeconds);
  if (!temp.empty()) fs::remove_all(temp);
  return 0;
}
