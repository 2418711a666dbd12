#include "background_checkpoint.h"

#include <pthread.h>

#include <cstring>
#include <string>

namespace fissure::store {
namespace {

bool in_wal_mode(sqlite3* db) {
  sqlite3_stmt* st = nullptr;
  bool wal = false;
  if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    const auto* mode = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    wal = mode && std::strcmp(mode, "wal") == 0;
  }
  sqlite3_finalize(st);
  return wal;
}

int autocheckpoint_pages(sqlite3* db) {
  sqlite3_stmt* st = nullptr;
  int pages = 1000;  // SQLite's default
  if (sqlite3_prepare_v2(db, "PRAGMA wal_autocheckpoint", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    pages = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return pages;
}

}  // namespace

BackgroundCheckpoint::BackgroundCheckpoint(sqlite3* writer, Limits limits) : limits_(limits) {
  const char* file = sqlite3_db_filename(writer, "main");
  if (!file || !*file || !in_wal_mode(writer)) return;  // in memory, temporary, or not WAL
  if (sqlite3_open_v2(file, &own_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    sqlite3_close_v2(own_);
    own_ = nullptr;
    return;
  }
  sqlite3_busy_timeout(own_, 1000);
  // The checkpoint syncs as the writer's own would (synchronous=NORMAL: the log before copying,
  // the database after).
  sqlite3_exec(own_, "PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr);
  writer_ = writer;
  restore_pages_ = autocheckpoint_pages(writer);
  // The hook replaces the automatic checkpoints (which are themselves a WAL hook).
  sqlite3_wal_hook(writer_, &BackgroundCheckpoint::on_commit, this);
  thread_ = std::thread([this] { run(); });
}

BackgroundCheckpoint::~BackgroundCheckpoint() {
  if (thread_.joinable()) {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  if (writer_) sqlite3_wal_autocheckpoint(writer_, restore_pages_);
  if (own_) sqlite3_close_v2(own_);
}

int BackgroundCheckpoint::on_commit(void* self, sqlite3*, const char*, int frames) {
  auto* me = static_cast<BackgroundCheckpoint*>(self);
  bool wake = false;
  {
    std::lock_guard lock(me->mu_);
    me->log_frames_ = frames;
    wake = frames >= me->limits_.frames_per_checkpoint;
    if (wake) me->pending_ = true;
  }
  if (wake) me->wake_.notify_one();
  return SQLITE_OK;
}

void BackgroundCheckpoint::bound_log() {
  if (!active()) return;
  std::unique_lock lock(mu_);
  if (log_frames_ < limits_.max_log_frames) return;
  // One checkpoint that starts now, after the last commit, copies the whole log (unless a
  // reader still needs old pages); the transaction about to begin then restarts the log.
  const uint64_t request = ++requested_;
  pending_ = true;
  wake_.notify_one();
  done_.wait(lock, [&] { return completed_ >= request || stop_; });
  log_frames_ = 0;
}

void BackgroundCheckpoint::run() {
  pthread_setname_np(pthread_self(), "fissure-ckpt");
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stop_ || pending_; });
    if (stop_) break;
    pending_ = false;
    const uint64_t serving = requested_;
    lock.unlock();
    // Busy (another checkpoint is running) or failed: the next commit asks again, and the
    // writer's own checkpoints resume when this object goes.
    int log = 0, copied = 0;
    if (sqlite3_wal_checkpoint_v2(own_, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &copied) ==
        SQLITE_OK)
      ++checkpoints_;
    lock.lock();
    completed_ = serving;
    done_.notify_all();
  }
  done_.notify_all();  // nobody waits past the end
}

}  // namespace fissure::store
