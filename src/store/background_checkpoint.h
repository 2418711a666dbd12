// WAL checkpoints of a long write, done by a thread of their own instead of by the writer.
//
// In WAL mode SQLite's writer copies the log back into the database file itself once the log
// passes wal_autocheckpoint pages, and syncs both files while it does: during an ingest that is a
// pause of the one serial stage every 40 MiB (an fsync of each file, 25-30 ms apiece here, and the
// copy). While a BackgroundCheckpoint lives, the writer's connection does not checkpoint; after
// each commit that leaves enough new frames in the log, a thread with its own connection runs a
// PASSIVE checkpoint, which copies what is committed without blocking the writer or readers. The
// log still restarts from its beginning whenever the writer begins a transaction after a
// checkpoint has caught up. A writer that begins a transaction right after committing one finds
// the checkpoint of that commit still running, though, so the log would grow by every
// transaction: before a transaction the writer calls bound_log(), which, once the log holds
// Limits::max_log_frames, waits for one checkpoint of everything committed, and the log then
// restarts. Durability and crash safety are SQLite's WAL guarantees either way: checkpointing only
// moves committed pages.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace fissure::store {

class BackgroundCheckpoint {
 public:
  struct Limits {
    // A checkpoint once a commit leaves this many frames (pages) in the log: 8 MiB of 4 KiB
    // pages, done long before the writer's next commit (a transaction writes tens of MiB).
    int frames_per_checkpoint = 2048;
    // The log's bound: 256 MiB of 4 KiB pages, a few transactions' worth.
    int max_log_frames = 65536;
  };
  // Takes over `writer`'s checkpoints if its main database is a file in WAL mode (else does
  // nothing: the writer keeps checkpointing as before).
  explicit BackgroundCheckpoint(sqlite3* writer) : BackgroundCheckpoint(writer, Limits{}) {}
  BackgroundCheckpoint(sqlite3* writer, Limits limits);
  // Stops the thread (after the checkpoint it is running) and gives the writer its automatic
  // checkpoints back, which then copy whatever is left.
  ~BackgroundCheckpoint();
  BackgroundCheckpoint(const BackgroundCheckpoint&) = delete;
  BackgroundCheckpoint& operator=(const BackgroundCheckpoint&) = delete;

  bool active() const { return thread_.joinable(); }
  // Between transactions, by the writer: keeps the log file from growing past about
  // max_log_frames pages (waiting, when it has, for a checkpoint to catch up).
  void bound_log();
  int64_t checkpoints() const { return checkpoints_.load(); }

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int frames);
  void run();

  Limits limits_;
  sqlite3* writer_ = nullptr;
  sqlite3* own_ = nullptr;  // the checkpointing thread's connection
  int restore_pages_ = 0;   // the writer's wal_autocheckpoint, given back at the end
  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable done_;
  bool stop_ = false;
  bool pending_ = false;                    // a commit left enough frames for a checkpoint
  int log_frames_ = 0;                      // frames in the log at the last commit
  uint64_t requested_ = 0, completed_ = 0;  // bound_log()'s requests, and those served
  std::atomic<int64_t> checkpoints_{0};
  std::thread thread_;
};

}  // namespace fissure::store
