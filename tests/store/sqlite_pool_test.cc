// The connection's pool of prepared statements (src/store/sqlite_db.h) must never hand out a
// statement that still carries its last use: bindings, a half-read result, a read snapshot, or
// a plan for a table that has changed since.
#include <gtest/gtest.h>

#include <string>

#include "test_support.h"
// The store's private SQLite wrapper.
#include "../../src/store/sqlite_db.h"

namespace fissure {
namespace {

using fissure::testing::TempDir;

class StatementPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("pool.db");
    ASSERT_TRUE(db_.open(path_, false));
    ASSERT_TRUE(db_.exec("PRAGMA journal_mode=WAL"));
    ASSERT_TRUE(db_.exec("CREATE TABLE t(x INTEGER)"));
    ASSERT_TRUE(db_.exec("INSERT INTO t VALUES (1), (2), (3)"));
  }
  int64_t count_rows(sqlite::Database& db) {
    auto q = db.prepare("SELECT count(*) FROM t");
    EXPECT_TRUE(q.is_ok());
    Status st;
    return q->step(&st) ? q->int64(0) : -1;
  }

  TempDir dir_;
  std::string path_;
  sqlite::Database db_;
};

TEST_F(StatementPoolTest, ASecondPrepareOfTheSameTextReusesTheStatementWithoutItsBindings) {
  const int64_t reused_before = db_.statement_pool()->reused();
  sqlite3_stmt* first_raw = nullptr;
  {
    auto q = db_.prepare("SELECT ?1");
    ASSERT_TRUE(q.is_ok());
    q->bind(1, int64_t{42});
    Status st;
    ASSERT_TRUE(q->step(&st));
    EXPECT_EQ(q->int64(0), 42);
    first_raw = q->raw();
  }
  auto again = db_.prepare("SELECT ?1");
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->raw(), first_raw);
  EXPECT_EQ(db_.statement_pool()->reused(), reused_before + 1);
  Status st;
  ASSERT_TRUE(again->step(&st));
  EXPECT_TRUE(again->is_null(0)) << "the last use's binding came back";
}

TEST_F(StatementPoolTest, StatementsInUseAreNeverShared) {
  auto a = db_.prepare("SELECT x FROM t ORDER BY x");
  auto b = db_.prepare("SELECT x FROM t ORDER BY x");
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_NE(a->raw(), b->raw());
  Status st;
  ASSERT_TRUE(a->step(&st));
  ASSERT_TRUE(a->step(&st));
  ASSERT_TRUE(b->step(&st));
  EXPECT_EQ(a->int64(0), 2);
  EXPECT_EQ(b->int64(0), 1);
}

TEST_F(StatementPoolTest, AHalfReadStatementComesBackFromTheStartAndHoldsNoSnapshot) {
  {
    auto q = db_.prepare("SELECT x FROM t ORDER BY x");
    ASSERT_TRUE(q.is_ok());
    Status st;
    ASSERT_TRUE(q->step(&st));  // left mid-way: a read transaction is open until reset
  }
  sqlite::Database writer;
  ASSERT_TRUE(writer.open(path_, false));
  ASSERT_TRUE(writer.exec("INSERT INTO t VALUES (4)"));
  EXPECT_EQ(count_rows(db_), 4) << "a pooled statement kept the old snapshot";
  auto q = db_.prepare("SELECT x FROM t ORDER BY x");
  ASSERT_TRUE(q.is_ok());
  Status st;
  ASSERT_TRUE(q->step(&st));
  EXPECT_EQ(q->int64(0), 1);
}

TEST_F(StatementPoolTest, AChangedTableIsSeenByAPooledStatement) {
  {
    auto q = db_.prepare("SELECT * FROM t");
    ASSERT_TRUE(q.is_ok());
    Status st;
    ASSERT_TRUE(q->step(&st));
    EXPECT_EQ(sqlite3_column_count(q->raw()), 1);
  }
  ASSERT_TRUE(db_.exec("ALTER TABLE t ADD COLUMN y TEXT"));
  auto q = db_.prepare("SELECT * FROM t");
  ASSERT_TRUE(q.is_ok());
  Status st;
  ASSERT_TRUE(q->step(&st));
  EXPECT_EQ(sqlite3_column_count(q->raw()), 2);
}

TEST_F(StatementPoolTest, ThePoolKeepsTheMostRecentTextsUpToItsCapacity) {
  const size_t n = sqlite::StatementPool::kCapacity + 20;
  for (size_t i = 0; i < n; ++i) {
    std::string sql = "SELECT ";
    sql += std::to_string(i);
    auto q = db_.prepare(sql);
    ASSERT_TRUE(q.is_ok());
  }
  EXPECT_EQ(db_.statement_pool()->waiting(), sqlite::StatementPool::kCapacity);
  const int64_t before = db_.statement_pool()->reused();
  std::string newest = "SELECT ";
  newest += std::to_string(n - 1);
  {
    auto q = db_.prepare(newest);
    ASSERT_TRUE(q.is_ok());
    Status st;
    ASSERT_TRUE(q->step(&st));
    EXPECT_EQ(q->int64(0), static_cast<int64_t>(n - 1));
  }
  EXPECT_EQ(db_.statement_pool()->reused(), before + 1);
  { auto oldest = db_.prepare("SELECT 0"); }
  EXPECT_EQ(db_.statement_pool()->reused(), before + 1) << "the oldest text was not evicted";
}

TEST_F(StatementPoolTest, ExecRunsEveryStatementAndReportsErrors) {
  ASSERT_TRUE(db_.exec("BEGIN"));
  ASSERT_TRUE(db_.exec("INSERT INTO t VALUES (5); INSERT INTO t VALUES (6);"));
  ASSERT_TRUE(db_.exec("COMMIT"));
  EXPECT_EQ(count_rows(db_), 5);
  ASSERT_TRUE(db_.exec("BEGIN"));
  ASSERT_TRUE(db_.exec("ROLLBACK"));
  EXPECT_FALSE(db_.exec("COMMIT")) << "no transaction is open";
  EXPECT_FALSE(db_.exec("SELECT * FROM missing_table"));
  EXPECT_FALSE(db_.exec("NOT SQL AT ALL"));
}

TEST_F(StatementPoolTest, AStatementMayOutliveItsConnection) {
  auto db = std::make_unique<sqlite::Database>();
  ASSERT_TRUE(db->open(path_, true));
  auto q = db->prepare("SELECT x FROM t");
  ASSERT_TRUE(q.is_ok());
  { auto waiting = db->prepare("SELECT count(*) FROM t"); }
  db.reset();  // the waiting statement is finalized, the one in use when it ends
  sqlite::Statement moved = std::move(*q);
  EXPECT_EQ(moved.raw() != nullptr, true);
}

}  // namespace
}  // namespace fissure
