// Thin RAII wrappers over the SQLite C API used inside the store layer: a connection and
// prepared statements that report errors as Status values. Private to src/store/.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "fissure/util/status.h"

namespace fissure::sqlite {

// A connection's finished statements, kept by SQL text for the next prepare of the same text:
// preparing costs more than a short query's steps (a search prepares a dozen statements). A
// statement comes back reset and with its bindings cleared, so it holds no read snapshot and no
// value of its last use; one taken out is used by one Statement only (a second prepare of the
// same text while the first is in use compiles a new one). The least recently returned
// statement is finalized when more than kCapacity wait. Once the connection closes, statements
// still in use are finalized when they finish.
class StatementPool {
 public:
  static constexpr size_t kCapacity = 64;
  // Texts this long are rarely prepared twice (lists of ids): not kept.
  static constexpr size_t kLongestKeptSql = 2048;

  StatementPool() = default;
  StatementPool(const StatementPool&) = delete;
  StatementPool& operator=(const StatementPool&) = delete;
  ~StatementPool() { close(); }

  // A waiting statement for exactly this SQL text, or nullptr.
  sqlite3_stmt* take(std::string_view sql) {
    std::lock_guard lock(mu_);
    auto it = by_sql_.find(sql);
    if (it == by_sql_.end()) return nullptr;
    auto entry = it->second;
    by_sql_.erase(it);
    sqlite3_stmt* stmt = entry->stmt;
    waiting_.erase(entry);
    ++reused_;
    return stmt;
  }

  // Takes a statement back (or finalizes it once the pool is closed or the text is not kept).
  void give_back(sqlite3_stmt* stmt) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    const char* text = sqlite3_sql(stmt);
    std::unique_lock lock(mu_);
    if (closed_ || !text || std::char_traits<char>::length(text) > kLongestKeptSql) {
      lock.unlock();
      sqlite3_finalize(stmt);
      return;
    }
    waiting_.push_front(Entry{text, stmt});
    by_sql_.emplace(std::string_view(waiting_.front().sql), waiting_.begin());
    sqlite3_stmt* evicted = nullptr;
    if (waiting_.size() > kCapacity) {
      auto oldest = std::prev(waiting_.end());
      auto [first, last] = by_sql_.equal_range(std::string_view(oldest->sql));
      for (auto it = first; it != last; ++it)
        if (it->second == oldest) {
          by_sql_.erase(it);
          break;
        }
      evicted = oldest->stmt;
      waiting_.erase(oldest);
    }
    lock.unlock();
    sqlite3_finalize(evicted);
  }

  // Finalizes the waiting statements; statements in use are finalized when they come back.
  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    by_sql_.clear();
    for (auto& e : waiting_) sqlite3_finalize(e.stmt);
    waiting_.clear();
  }

  size_t waiting() const {
    std::lock_guard lock(mu_);
    return waiting_.size();
  }
  // How many prepares a waiting statement answered (tests, benchmarks).
  int64_t reused() const {
    std::lock_guard lock(mu_);
    return reused_;
  }

 private:
  struct Entry {
    std::string sql;
    sqlite3_stmt* stmt;
  };
  mutable std::mutex mu_;
  bool closed_ = false;
  int64_t reused_ = 0;
  std::list<Entry> waiting_;  // most recently returned first
  std::unordered_multimap<std::string_view, std::list<Entry>::iterator> by_sql_;
};

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt, std::shared_ptr<StatementPool> pool = nullptr)
      : db_(db), stmt_(stmt), pool_(std::move(pool)) {}
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_), pool_(std::move(o.pool_)) {
    o.stmt_ = nullptr;
  }
  Statement& operator=(Statement&& o) noexcept {
    if (this != &o) {
      release();
      db_ = o.db_;
      stmt_ = o.stmt_;
      pool_ = std::move(o.pool_);
      o.stmt_ = nullptr;
    }
    return *this;
  }
  ~Statement() { release(); }

  // Parameters are 1-based, as in SQLite.
  Statement& bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Statement& bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Statement& bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind_blob(int i, const void* p, size_t n) {
    sqlite3_bind_blob(stmt_, i, p, static_cast<int>(n), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind_null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  // Binds NULL for an empty string: the archive stores missing values as NULL, never "".
  Statement& bind_or_null(int i, std::string_view v) { return v.empty() ? bind_null(i) : bind(i, v); }

  // Steps once: true when a row is available, false when done; errors go to *status.
  bool step(Status* status) {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE || !status) return false;
    // The archive's deadline interrupts a statement through the progress handler (Archive).
    if ((rc & 0xff) == SQLITE_INTERRUPT)
      *status = Status::timed_out("the query ran past its time limit");
    else
      *status = Status::io_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
    return false;
  }
  // Runs to completion (for statements that return no rows) and resets.
  Status run() {
    Status st;
    while (step(&st)) {
    }
    reset();
    return st;
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string_view text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, sqlite3_column_bytes(stmt_, col)) : std::string_view();
  }
  std::string str(int col) const { return std::string(text(col)); }
  std::optional<std::string> opt_str(int col) const {
    if (is_null(col)) return std::nullopt;
    return str(col);
  }
  std::string_view blob(int col) const {
    auto p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string_view(p, sqlite3_column_bytes(stmt_, col)) : std::string_view();
  }
  sqlite3_stmt* raw() { return stmt_; }

 private:
  void release() {
    if (!stmt_) return;
    if (pool_)
      pool_->give_back(stmt_);
    else
      sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::shared_ptr<StatementPool> pool_;
};

class Database {
 public:
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database() { close(); }

  Status open(const std::string& path, bool read_only) {
    configure_library();
    int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      close();
      return Status::io_error(path + ": cannot open archive: " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 30000);
    pool_ = std::make_shared<StatementPool>();
    return Status::ok();
  }
  void close() {
    if (pool_) pool_->close();
    pool_.reset();
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;
  }

  // Runs every statement of `sql`. One statement (BEGIN, COMMIT, ...) goes through the pool.
  Status exec(std::string_view sql) {
    if (pool_ && is_single_statement(sql)) {
      auto stmt = prepare(sql);
      if (stmt) return stmt->run();
    }
    char* err = nullptr;
    std::string s(sql);
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      return Status::io_error("sqlite: " + msg);
    }
    return Status::ok();
  }

  // A statement for the first SQL statement of `sql`: one the connection prepared before for the
  // same text when one is waiting in its pool, else a new one.
  Result<Statement> prepare(std::string_view sql) {
    if (pool_)
      if (sqlite3_stmt* kept = pool_->take(sql)) return Statement(db_, kept, pool_);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Status::io_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
    if (!stmt) return Status::invalid("sqlite: no statement in \"" + std::string(sql) + "\"");
    return Statement(db_, stmt, pool_);
  }

  // The connection's pool of prepared statements (nullptr before open).
  const StatementPool* statement_pool() const { return pool_.get(); }

  // First column of the first row as an integer (0 when there is no row).
  Result<int64_t> query_int(std::string_view sql) {
    auto st = prepare(sql);
    if (!st) return st.status();
    Status status;
    int64_t v = st->step(&status) ? st->int64(0) : 0;
    if (!status) return status;
    return v;
  }

  sqlite3* raw() { return db_; }
  // Process-wide settings, applied once before the first connection: no memory statistics
  // (they take a global mutex on every allocation). Connections are used by one thread at a time.
  static void configure_library() {
    static const bool done = [] {
      sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
      return true;
    }();
    (void)done;
  }
  int64_t last_insert_rowid() { return sqlite3_last_insert_rowid(db_); }

 private:
  // Whether `sql` holds one statement and no other (a trailing semicolon and spaces allowed), with
  // no quote or comment that could hide a semicolon: the texts the store passes to exec.
  static bool is_single_statement(std::string_view sql) {
    if (sql.find_first_of("'\"`[-/") != std::string_view::npos) return false;
    size_t semicolon = sql.find(';');
    if (semicolon == std::string_view::npos) return true;
    return sql.find_first_not_of(" \t\r\n;", semicolon) == std::string_view::npos;
  }
  sqlite3* db_ = nullptr;
  std::shared_ptr<StatementPool> pool_;
};

}  // namespace fissure::sqlite
