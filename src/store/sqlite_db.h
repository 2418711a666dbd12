// Thin RAII wrappers over the SQLite C API used inside the store layer: a connection and
// prepared statements that report errors as Status values. Private to src/store/.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fissure/util/status.h"

namespace fissure::sqlite {

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement& operator=(Statement&& o) noexcept {
    if (this != &o) {
      sqlite3_finalize(stmt_);
      db_ = o.db_;
      stmt_ = o.stmt_;
      o.stmt_ = nullptr;
    }
    return *this;
  }
  ~Statement() { sqlite3_finalize(stmt_); }

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
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
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
    return Status::ok();
  }
  void close() {
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;
  }

  Status exec(std::string_view sql) {
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

  Result<Statement> prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) return Status::io_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
    return Statement(db_, stmt);
  }

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
  sqlite3* db_ = nullptr;
};

}  // namespace fissure::sqlite
