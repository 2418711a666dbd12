// ingest_bench: for every corpus folder under --corpora, fissure's full ingest (library API), the
// same ingest with every sentence coded (a FissureCoder built as `--reference` builds it) and, as
// the baseline, the same document texts inserted with the plain SQLite C API into a bare FTS5
// table (right after each corpus's uncoded ingest). Prints "name: figure unit" lines.
//
//   ingest_bench [--corpora DIR] [--db PATH] [--coded-db PATH] [--raw-db PATH] [--threads N]
//                [--reference DIR] [--no-coding]
//
// The archive (--db, default build/bench.db), the coded archive (--coded-db, default
// build/bench_coded.db) and the baseline table (--raw-db, default build/bench_raw.db) are created
// fresh at the start and kept (the first for search_bench). Corpora go in one after another, so
// each is ingested into an archive as the ones before it left it.
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "fissure/coding/sentence_coder.h"
#include "fissure/corpus/reader.h"
#include "fissure/store/archive.h"
#include "fissure/store/ingest.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr size_t kRawBatch = 512;  // rows per transaction in the baseline

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// CPU seconds of the calling thread: fissure's writer is the bench's main thread, and so is the
// baseline's inserting loop, so on a shared machine this shows their work without the waits.
double thread_cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_THREAD, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// CPU seconds per thread name ("fissure-read", "fissure-prep", the bench's own main thread) over
// a stretch of work: a sampler reads /proc/self/task every 20 ms and keeps each thread's last
// reading, so a thread that ends between two samples loses at most 20 ms. It shows which stage
// of the pipeline the cores were spent on, which the writer's CPU time alone does not.
class ThreadCpu {
 public:
  ThreadCpu() : sampler_([this] { run(); }) {}
  ~ThreadCpu() { stop(); }
  std::map<std::string, double> stop() {
    if (!stopped_.exchange(true)) sampler_.join();
    std::map<std::string, double> by_name;
    for (const auto& [tid, t] : last_)
      if (tid != sampler_tid_) by_name[t.name] += t.seconds - first_[tid];
    return by_name;
  }

 private:
  struct Reading {
    std::string name;
    double seconds = 0;
  };
  void run() {
    sampler_tid_ = std::to_string(gettid());
    sample(&first_);
    while (!stopped_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      sample(nullptr);
    }
    sample(nullptr);
  }
  void sample(std::map<std::string, double>* first) {
    static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    for (const auto& e : fs::directory_iterator("/proc/self/task")) {
      std::ifstream stat(e.path() / "stat");
      std::string line;
      if (!std::getline(stat, line)) continue;
      const size_t close = line.rfind(')');
      const size_t open = line.find('(');
      if (close == std::string::npos || open == std::string::npos) continue;
      // After "pid (comm) ": state is field 3, utime and stime fields 14 and 15.
      std::vector<std::string> fields;
      size_t at = close + 2;
      while (at < line.size() && fields.size() < 13) {
        size_t end = line.find(' ', at);
        if (end == std::string::npos) end = line.size();
        fields.push_back(line.substr(at, end - at));
        at = end + 1;
      }
      if (fields.size() < 13) continue;
      const std::string tid = e.path().filename().string();
      const double s = (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
      if (first)
        (*first)[tid] = s;
      else if (!first_.count(tid))
        first_[tid] = 0;  // born after the start
      last_[tid] = {line.substr(open + 1, close - open - 1), s};
    }
  }
  std::atomic<bool> stopped_{false};
  std::string sampler_tid_;
  std::map<std::string, double> first_;
  std::map<std::string, Reading> last_;
  std::thread sampler_;
};

void add_to(std::map<std::string, double>* total, const std::map<std::string, double>& part) {
  for (const auto& [name, s] : part) (*total)[name] += s;
}

void remove_db(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix);
}

class Quiet : public fissure::IngestObserver {
 public:
  void on_skip(const std::string&) override { ++skipped; }
  int64_t skipped = 0;
};

struct CorpusResult {
  std::string name;
  int64_t documents = 0;
  int64_t text_bytes = 0;
  double ingest_seconds = 0;
  double writer_cpu_seconds = 0;  // the main thread's CPU time during ingest()
  double coded_seconds = 0;       // 0 when the coded run was skipped
  double coded_writer_cpu_seconds = 0;
  int64_t coded_sentences = 0;
  int64_t raw_documents = 0;
  int64_t raw_bytes = 0;
  double raw_seconds = 0;
  double raw_cpu_seconds = 0;
  std::map<std::string, double> thread_cpu, coded_thread_cpu;  // seconds per thread name
};

bool exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s: %s\n", sql, err ? err : "?");
    sqlite3_free(err);
    return false;
  }
  return true;
}

// The baseline: the corpus' document texts, read with fissure's readers (not timed), inserted
// 512 per transaction into `CREATE VIRTUAL TABLE t USING fts5(text)` (timed).
bool raw_insert(sqlite3* db, const std::vector<std::string>& files, CorpusResult* r) {
  sqlite3_stmt* ins = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO t(text) VALUES (?)", -1, &ins, nullptr) != SQLITE_OK)
    return false;
  std::vector<std::string> batch;
  auto flush = [&]() -> bool {
    if (batch.empty()) return true;
    auto t = Clock::now();
    const double cpu = thread_cpu_seconds();
    if (!exec(db, "BEGIN")) return false;
    for (const auto& text : batch) {
      sqlite3_bind_text(ins, 1, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
      if (sqlite3_step(ins) != SQLITE_DONE) {
        std::fprintf(stderr, "sqlite insert: %s\n", sqlite3_errmsg(db));
        return false;
      }
      sqlite3_reset(ins);
    }
    if (!exec(db, "COMMIT")) return false;
    r->raw_seconds += seconds_since(t);
    r->raw_cpu_seconds += thread_cpu_seconds() - cpu;
    batch.clear();
    return true;
  };
  bool ok = true;
  for (const auto& file : files) {
    auto reader = fissure::open_reader(file, fissure::ReaderOptions{});
    if (!reader) {
      std::fprintf(stderr, "%s\n", reader.status().message().c_str());
      continue;
    }
    for (;;) {
      fissure::ReadStep step = (*reader)->next();
      if (step.kind == fissure::ReadStep::Kind::kEnd) break;
      if (step.kind == fissure::ReadStep::Kind::kSkipped) {
        if (step.fatal) break;
        continue;
      }
      r->raw_bytes += static_cast<int64_t>(step.document.text.size());
      ++r->raw_documents;
      batch.push_back(std::move(step.document.text));
      if (batch.size() >= kRawBatch && !(ok = flush())) break;
    }
    if (!ok) break;
  }
  if (ok) ok = flush();
  sqlite3_finalize(ins);
  return ok;
}

void usage() {
  std::fprintf(stderr,
               "usage: ingest_bench [--corpora DIR] [--db PATH] [--coded-db PATH] [--raw-db PATH] "
               "[--threads N] [--reference DIR] [--no-coding]\n");
}

// The coder `fissure ingest --reference DIR` uses: VADER's lexicon, PETRARCH's CAMEO verb
// patterns, the CAMEO and PLOVER tables, the built-in actors and domains.
std::unique_ptr<fissure::FissureCoder> reference_coder(const std::string& reference) {
  fissure::CoderConfig config;
  config.tone_lexicons = {reference + "/vader/vader_lexicon.txt"};
  config.verbs = reference + "/petrarch2/dictionaries/CAMEO.2.0.txt";
  config.cameo_dir = reference + "/cameo";
  config.plover_dir = reference + "/plover";
  std::vector<std::string> problems;
  auto coder = fissure::FissureCoder::create(config, &problems);
  if (!coder) {
    std::fprintf(stderr, "ingest_bench: coder: %s\n", coder.status().message().c_str());
    std::exit(1);
  }
  return std::move(*coder);
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpora = std::string(FISSURE_SHARED_DIR) + "/corpora";
  std::string db_path = std::string(FISSURE_BUILD_DIR) + "/bench.db";
  std::string raw_path = std::string(FISSURE_BUILD_DIR) + "/bench_raw.db";
  std::string coded_path = std::string(FISSURE_BUILD_DIR) + "/bench_coded.db";
  std::string reference = std::string(FISSURE_SHARED_DIR) + "/reference";
  bool coding = true;
  int threads = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--corpora")
      corpora = value();
    else if (a == "--db")
      db_path = value();
    else if (a == "--raw-db")
      raw_path = value();
    else if (a == "--coded-db")
      coded_path = value();
    else if (a == "--reference")
      reference = value();
    else if (a == "--no-coding")
      coding = false;
    else if (a == "--threads")
      threads = std::atoi(value().c_str());
    else {
      usage();
      return 2;
    }
  }
  if (!fs::is_directory(corpora)) {
    std::fprintf(stderr, "ingest_bench: no corpora folder at %s (give --corpora DIR)\n",
                 corpora.c_str());
    return 2;
  }
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(corpora))
    if (e.is_directory()) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());

  remove_db(db_path);
  remove_db(raw_path);
  remove_db(coded_path);
  std::printf("corpora: %s\narchive: %s\nbaseline: %s\n", corpora.c_str(), db_path.c_str(),
              raw_path.c_str());
  if (coding) std::printf("coded archive: %s\n", coded_path.c_str());

  // Phase 1: fissure's ingest, corpus by corpus, each followed at once by the baseline: the
  // same texts into a bare FTS5 table. On a shared machine the load changes by the minute, and
  // each pair is then measured under about the same load. The peak RSS is taken after phase 1.
  sqlite3* raw = nullptr;
  if (sqlite3_open(raw_path.c_str(), &raw) != SQLITE_OK) {
    std::fprintf(stderr, "ingest_bench: %s: %s\n", raw_path.c_str(), sqlite3_errmsg(raw));
    return 1;
  }
  if (!exec(raw, "PRAGMA journal_mode=WAL") || !exec(raw, "PRAGMA synchronous=NORMAL") ||
      !exec(raw, "CREATE VIRTUAL TABLE t USING fts5(text)"))
    return 1;
  std::vector<CorpusResult> results;
  {
    auto archive = fissure::Archive::open(db_path, fissure::Archive::Mode::kReadWrite);
    if (!archive) {
      std::fprintf(stderr, "ingest_bench: %s\n", archive.status().message().c_str());
      return 1;
    }
    for (const auto& dir : dirs) {
      CorpusResult r;
      r.name = dir.filename().string();
      fissure::IngestOptions options;
      options.threads = threads;
      options.command = "ingest_bench " + dir.string();
      Quiet quiet;
      auto t = Clock::now();
      const double cpu = thread_cpu_seconds();
      ThreadCpu threads_cpu;
      auto s = fissure::ingest(**archive, {dir.string()}, options, quiet);
      r.ingest_seconds = seconds_since(t);
      r.writer_cpu_seconds = thread_cpu_seconds() - cpu;
      r.thread_cpu = threads_cpu.stop();
      if (!s) {
        std::fprintf(stderr, "ingest_bench: %s: %s\n", r.name.c_str(),
                     s.status().message().c_str());
        return 1;
      }
      if (s->files == 0) continue;
      r.documents = s->documents_read;
      r.text_bytes = s->text_bytes;
      std::printf(
          "%s.documents: %lld docs\n%s.text_mb: %.1f MB\n%s.ingest_mb_per_s: %.2f "
          "MB/s\n%s.ingest_docs_per_s: %.0f docs/s\n",
          r.name.c_str(), static_cast<long long>(r.documents), r.name.c_str(),
          static_cast<double>(r.text_bytes) / 1e6, r.name.c_str(),
          static_cast<double>(r.text_bytes) / 1e6 / r.ingest_seconds, r.name.c_str(),
          static_cast<double>(r.documents) / r.ingest_seconds);
      std::printf("%s.ingest_writer_cpu_s: %.2f s\n", r.name.c_str(), r.writer_cpu_seconds);
      std::fflush(stdout);
      fissure::ExpandedInputs files = fissure::expand_inputs({dir.string()});
      if (!raw_insert(raw, files.files, &r)) return 1;
      results.push_back(r);
    }
  }
  sqlite3_close(raw);
  const double rss = peak_rss_mb();

  // Phase 1b: the same ingest, every sentence coded, into an archive of its own.
  if (coding) {
    const std::unique_ptr<fissure::FissureCoder> coder = reference_coder(reference);
    auto archive = fissure::Archive::open(coded_path, fissure::Archive::Mode::kReadWrite);
    if (!archive) {
      std::fprintf(stderr, "ingest_bench: %s\n", archive.status().message().c_str());
      return 1;
    }
    for (auto& r : results) {
      fissure::IngestOptions options;
      options.threads = threads;
      options.command = "ingest_bench --coded " + (fs::path(corpora) / r.name).string();
      options.coder = coder.get();
      Quiet quiet;
      auto t = Clock::now();
      const double cpu = thread_cpu_seconds();
      ThreadCpu threads_cpu;
      auto s = fissure::ingest(**archive, {(fs::path(corpora) / r.name).string()}, options, quiet);
      r.coded_seconds = seconds_since(t);
      r.coded_writer_cpu_seconds = thread_cpu_seconds() - cpu;
      r.coded_thread_cpu = threads_cpu.stop();
      if (!s) {
        std::fprintf(stderr, "ingest_bench: coded %s: %s\n", r.name.c_str(),
                     s.status().message().c_str());
        return 1;
      }
      r.coded_sentences = s->sentences;
      std::printf(
          "%s.coded_ingest_mb_per_s: %.2f MB/s\n%s.coded_ingest_sentences_per_s: %.0f "
          "sentences/s\n",
          r.name.c_str(), static_cast<double>(s->text_bytes) / 1e6 / r.coded_seconds,
          r.name.c_str(), static_cast<double>(s->sentences) / r.coded_seconds);
      std::fflush(stdout);
    }
  }

  const double coded_rss = peak_rss_mb();  // the larger of both runs' peaks

  // The baseline's figures (measured in phase 1) and the ratios.
  for (auto& r : results) {
    std::printf("%s.fts5_raw_mb_per_s: %.2f MB/s\n%s.ratio vs sqlite3 FTS5 raw insert: %.2f\n",
                r.name.c_str(), static_cast<double>(r.raw_bytes) / 1e6 / r.raw_seconds,
                r.name.c_str(),
                (static_cast<double>(r.text_bytes) / r.ingest_seconds) /
                    (static_cast<double>(r.raw_bytes) / r.raw_seconds));
    if (r.coded_seconds > 0)
      std::printf("%s.coded ratio vs sqlite3 FTS5 raw insert: %.2f\n", r.name.c_str(),
                  (static_cast<double>(r.text_bytes) / r.coded_seconds) /
                      (static_cast<double>(r.raw_bytes) / r.raw_seconds));
    std::fflush(stdout);
  }

  CorpusResult total;
  for (const auto& r : results) {
    total.documents += r.documents;
    total.text_bytes += r.text_bytes;
    total.ingest_seconds += r.ingest_seconds;
    total.writer_cpu_seconds += r.writer_cpu_seconds;
    total.raw_cpu_seconds += r.raw_cpu_seconds;
    total.coded_seconds += r.coded_seconds;
    total.coded_writer_cpu_seconds += r.coded_writer_cpu_seconds;
    total.coded_sentences += r.coded_sentences;
    total.raw_bytes += r.raw_bytes;
    total.raw_seconds += r.raw_seconds;
    add_to(&total.thread_cpu, r.thread_cpu);
    add_to(&total.coded_thread_cpu, r.coded_thread_cpu);
  }
  if (total.ingest_seconds <= 0 || total.raw_seconds <= 0) {
    std::fprintf(stderr, "ingest_bench: no corpus found under %s\n", corpora.c_str());
    return 1;
  }
  const double ingest_mb = static_cast<double>(total.text_bytes) / 1e6 / total.ingest_seconds;
  const double raw_mb = static_cast<double>(total.raw_bytes) / 1e6 / total.raw_seconds;
  std::printf("\ndocuments: %lld docs\n", static_cast<long long>(total.documents));
  std::printf("text_mb: %.1f MB\n", static_cast<double>(total.text_bytes) / 1e6);
  std::printf("ingest_seconds: %.2f s\n", total.ingest_seconds);
  std::printf("ingest_mb_per_s: %.2f MB/s\n", ingest_mb);
  std::printf("ingest_docs_per_s: %.0f docs/s\n",
              static_cast<double>(total.documents) / total.ingest_seconds);
  std::printf("fts5_raw_seconds: %.2f s\n", total.raw_seconds);
  std::printf("fts5_raw_mb_per_s: %.2f MB/s\n", raw_mb);
  std::printf("ratio vs sqlite3 FTS5 raw insert: %.2f\n", ingest_mb / raw_mb);
  std::printf("ingest_writer_cpu_seconds: %.2f s\n", total.writer_cpu_seconds);
  std::printf("fts5_raw_cpu_seconds: %.2f s\n", total.raw_cpu_seconds);
  std::printf("cpu ratio (fts5 raw cpu / writer cpu): %.2f\n",
              total.raw_cpu_seconds / total.writer_cpu_seconds);
  // The main thread is the writer; the others are the reader and the preparers.
  for (const auto& [name, seconds] : total.thread_cpu)
    std::printf("ingest_thread_cpu_seconds.%s: %.2f s\n", name.c_str(), seconds);
  std::printf("peak_rss_mb: %.0f MB\n", rss);
  std::printf("archive_mb: %.0f MB\n", static_cast<double>(fs::file_size(db_path)) / 1e6);
  if (total.coded_seconds > 0) {
    const double coded_mb = static_cast<double>(total.text_bytes) / 1e6 / total.coded_seconds;
    std::printf("coded_ingest_seconds: %.2f s\n", total.coded_seconds);
    std::printf("coded_ingest_mb_per_s: %.2f MB/s\n", coded_mb);
    std::printf("coded_ingest_sentences_per_s: %.0f sentences/s\n",
                static_cast<double>(total.coded_sentences) / total.coded_seconds);
    std::printf("coded ratio vs sqlite3 FTS5 raw insert: %.2f (target >= 0.3: %s)\n",
                coded_mb / raw_mb, coded_mb / raw_mb >= 0.3 ? "met" : "MISSED");
    std::printf("coded_ingest_writer_cpu_seconds: %.2f s\n", total.coded_writer_cpu_seconds);
    for (const auto& [name, seconds] : total.coded_thread_cpu)
      std::printf("coded_ingest_thread_cpu_seconds.%s: %.2f s\n", name.c_str(), seconds);
    std::printf("coded_peak_rss_mb: %.0f MB\n", coded_rss);
    std::printf("coded_archive_mb: %.0f MB\n",
                static_cast<double>(fs::file_size(coded_path)) / 1e6);
  }
  return 0;
}
