// The ingest's WAL checkpoints run on a thread of their own (src/store/background_checkpoint.h):
// every committed row must stay readable, the log file must stay within its bound however much
// is written, and the writer must get its automatic checkpoints back afterwards.
#include "../../src/store/background_checkpoint.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "test_support.h"

namespace fissure::store {
namespace {

using fissure::testing::TempDir;

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
      << (err ? err : "") << ": " << sql;
}

int64_t query_int(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  int64_t v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

TEST(BackgroundCheckpoint, CopiesTheLogBackWhileTheWriterGoesOnAndKeepsItBounded) {
  TempDir dir;
  const std::string path = dir.file("wal.db");
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &writer), SQLITE_OK);
  exec(writer, "PRAGMA journal_mode=WAL");
  exec(writer, "PRAGMA wal_autocheckpoint=1000");
  exec(writer, "PRAGMA cache_size=50");  // small: pages spill and are read back through the log
  exec(writer, "CREATE TABLE t(id INTEGER PRIMARY KEY, payload BLOB)");
  constexpr int kTransactions = 150, kRowsPerTransaction = 16;
  const BackgroundCheckpoint::Limits limits{8, 256};
  {
    BackgroundCheckpoint checkpoint(writer, limits);
    ASSERT_TRUE(checkpoint.active());
    for (int t = 0; t < kTransactions; ++t) {
      checkpoint.bound_log();
      exec(writer, "BEGIN IMMEDIATE");
      // About a page per row: each transaction adds some 16 frames to the log.
      exec(writer, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                       std::to_string(kRowsPerTransaction) +
                       ") INSERT INTO t(payload) SELECT randomblob(4000) FROM n");
      exec(writer, "COMMIT");
    }
    EXPECT_GT(checkpoint.checkpoints(), 0);
    // The log: its header plus frames (a 24-byte header and a page each). Within the bound plus
    // one transaction, the most the writer adds after its last check.
    const auto log_bytes = std::filesystem::file_size(path + "-wal");
    const auto page = static_cast<uintmax_t>(query_int(writer, "PRAGMA page_size"));
    EXPECT_LE(log_bytes, 32 + (page + 24) * static_cast<uintmax_t>(limits.max_log_frames +
                                                                   3 * kRowsPerTransaction));
  }
  EXPECT_EQ(query_int(writer, "PRAGMA wal_autocheckpoint"), 1000);
  EXPECT_EQ(query_int(writer, "SELECT count(*) FROM t"), kTransactions * kRowsPerTransaction);
  sqlite3_close(writer);
  // Everything is in the file once the log is gone.
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &reader), SQLITE_OK);
  EXPECT_EQ(query_int(reader, "SELECT count(*) FROM t"), kTransactions * kRowsPerTransaction);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(reader, "PRAGMA integrity_check", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
  sqlite3_finalize(st);
  sqlite3_close(reader);
}

TEST(BackgroundCheckpoint, LeavesADatabaseWithoutAFileAlone) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  {
    BackgroundCheckpoint checkpoint(db);
    EXPECT_FALSE(checkpoint.active());
    checkpoint.bound_log();  // a no-op
  }
  sqlite3_close(db);
}

TEST(BackgroundCheckpoint, LeavesARollbackJournalAlone) {
  TempDir dir;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file("journal.db").c_str(), &db), SQLITE_OK);
  exec(db, "CREATE TABLE t(x)");
  {
    BackgroundCheckpoint checkpoint(db);
    EXPECT_FALSE(checkpoint.active());
  }
  sqlite3_close(db);
}

}  // namespace
}  // namespace fissure::store
