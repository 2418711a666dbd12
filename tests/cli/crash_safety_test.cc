// Crash safety: an ingest killed with SIGKILL at a random moment leaves an archive that `fissure
// check` accepts, and the next ingest of the same input completes it to exactly the input's
// documents, with no document counted twice or revised.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::gzip;
using fissure::testing::shared_path;
using fissure::testing::TempDir;
using fissure::testing::write_file;
using Clock = std::chrono::steady_clock;

constexpr size_t kDocuments = 3000;
constexpr int kKills = 20;

// The first n lines (with their "\n") of a gzip file.
std::string first_lines(const std::string& path, size_t n) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return "";
  std::string out;
  size_t lines = 0;
  char buf[1 << 16];
  while (lines < n) {
    int got = gzread(f, buf, sizeof buf);
    if (got <= 0) break;
    for (int i = 0; i < got && lines < n; ++i) {
      out += buf[i];
      if (buf[i] == '\n') ++lines;
    }
  }
  gzclose(f);
  return out;
}

// Starts the fissure binary with args, its output thrown away. Returns the child's pid.
pid_t spawn(const std::vector<std::string>& args) {
  std::fflush(nullptr);  // the child must not write out the parent's buffered output again
  pid_t pid = fork();
  if (pid == 0) {
    if (!freopen("/dev/null", "wb", stdout) || !freopen("/dev/null", "wb", stderr)) _exit(126);
    std::vector<std::string> copy = args;
    std::string bin = FISSURE_BINARY;
    std::vector<char*> argv = {bin.data()};
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// Waits for pid; its exit code, or 128 + signal.
int wait_for(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct Counts {
  int64_t documents = -1, distinct_ids = -1, revisions = -1;
};

Counts count_documents(const std::string& db_path) {
  Counts c;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << db_path << ": " << sqlite3_errmsg(db);
    sqlite3_close(db);
    return c;
  }
  auto one = [&](const char* sql) -> int64_t {
    sqlite3_stmt* st = nullptr;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      v = sqlite3_column_int64(st, 0);
    else
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    sqlite3_finalize(st);
    return v;
  };
  c.documents = one("SELECT count(*) FROM document");
  c.distinct_ids = one("SELECT count(DISTINCT id) FROM document");
  c.revisions = one("SELECT count(*) FROM revision");
  sqlite3_close(db);
  return c;
}

void remove_archive(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::filesystem::remove(path + suffix);
}

TEST(CrashSafetyTest, KilledIngestLeavesConsistentArchiveThatNextRunCompletes) {
  TempDir dir;
  const std::string input = dir.file("kcna_3000.jsonl.gz");
  {
    std::string lines = first_lines(
        shared_path("corpora/kcna_stories/kcna_stories_2011_2012.jsonl.gz"), kDocuments);
    size_t n = static_cast<size_t>(std::count(lines.begin(), lines.end(), '\n'));
    ASSERT_EQ(n, kDocuments) << "the corpus is shorter than expected";
    // The ids are unique: the archive must end up with exactly one document per line.
    std::set<std::string> ids;
    size_t start = 0;
    for (size_t i = 0; i < kDocuments; ++i) {
      size_t end = lines.find('\n', start);
      ids.insert(nlohmann::json::parse(lines.substr(start, end - start))["id"].get<std::string>());
      start = end + 1;
    }
    ASSERT_EQ(ids.size(), kDocuments);
    write_file(input, gzip(lines));
  }

  // One clean run, to know how long an ingest takes.
  const std::string clean = dir.file("clean.db");
  auto t0 = Clock::now();
  ASSERT_EQ(wait_for(spawn({"ingest", "--quiet", "--batch-docs", "100", "--db", clean, input})), 0);
  const double clean_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  Counts clean_counts = count_documents(clean);
  ASSERT_EQ(clean_counts.documents, static_cast<int64_t>(kDocuments));
  std::printf("clean ingest of %zu documents: %.2f s\n", kDocuments, clean_seconds);

  // Kill times spread over the whole ingest, from before the archive exists to after it is done.
  std::mt19937 rng(20240607);
  std::uniform_real_distribution<double> when(0.0, clean_seconds * 1.1);
  int killed_midway = 0, killed_before_archive = 0;
  const std::string db = dir.file("A.db");
  for (int round = 0; round < kKills; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    remove_archive(db);
    const double delay = when(rng);
    pid_t pid = spawn({"ingest", "--quiet", "--batch-docs", "100", "--db", db, input});
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    kill(pid, SIGKILL);
    const int code = wait_for(pid);
    ASSERT_TRUE(code == 128 + SIGKILL || code == 0) << "ingest ended with " << code;

    if (std::filesystem::exists(db)) {
      testing::RunResult c = testing::run_fissure({"check", "--db", db});
      ASSERT_EQ(c.exit_code, 0) << "after a kill at " << delay << " s:\n" << c.out << c.err;
      Counts partial = count_documents(db);
      ASSERT_GE(partial.documents, 0);
      ASSERT_LE(partial.documents, static_cast<int64_t>(kDocuments));
      ASSERT_EQ(partial.revisions, partial.documents);
      if (code != 0 && partial.documents > 0 &&
          partial.documents < static_cast<int64_t>(kDocuments))
        ++killed_midway;
    } else {
      ++killed_before_archive;
    }

    testing::RunResult again = testing::run_fissure({"ingest", "--quiet", "--batch-docs", "100", "--db", db, input});
    ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
    Counts done = count_documents(db);
    EXPECT_EQ(done.documents, static_cast<int64_t>(kDocuments));
    EXPECT_EQ(done.distinct_ids, static_cast<int64_t>(kDocuments));
    EXPECT_EQ(done.revisions, static_cast<int64_t>(kDocuments))
        << "a resumed ingest revised documents";
    testing::RunResult c = testing::run_fissure({"check", "--db", db});
    ASSERT_EQ(c.exit_code, 0) << c.out << c.err;
  }
  std::printf("%d of %d kills left a partly written archive; %d came before the archive existed\n",
              killed_midway, kKills, killed_before_archive);
  // The kills must have hit running ingests, not only the start or the end.
  EXPECT_GE(killed_midway, kKills / 4);
}

}  // namespace
}  // namespace fissure
