// serve_bench: `fissure serve` under load from a second process, on loopback, while an ingest
// writes to the same archive. Prints sustained requests per second and p50/p99/max latency for
// search, first with novel queries (each made once, so no cache knows them), then with a repeated
// analyst-like mix (mostly cache hits), and for dyad (cold: first request per pair and period;
// warm: repeated, from the server's cache), and the errors seen (the target is none).
//
//   serve_bench [--db ARCHIVE] [--seconds N] [--connections C] [--no-ingest]
//
// ARCHIVE (default /tmp/demo.db, as `fissure demo` leaves it; any coded archive of the shared
// corpora) is copied to build/serve_bench.db first, so the ingest never touches the original.
// From start to end an ingest writes: rounds of every KCNA 2024 story four times under new ids
// (exact duplicates: real document, sentence, index and coding writes), each round one
// `fissure ingest --reference` process committing every 200 documents, the next round started
// when one ends, the last killed when the phases are over. The novel queries are built from the
// words of those stories.
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "novel_queries.h"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// What analysts type: rare and frequent words, phrases, boolean queries, prefixes, NEAR, and the
// filters of the search page (URL-encoded).
const std::vector<std::string> kSearches = {
    "q=Panmunjom",
    "q=Juche",
    "q=Bushehr",
    "q=Iran",
    "q=Korea",
    "q=cooperation",
    "q=%22United%20States%22",
    "q=%22nuclear%20deal%22",
    "q=%22Supreme%20Leader%22",
    "q=%22human%20rights%22",
    "q=Iran%20OR%20Korea",
    "q=sanctions%20NOT%20Iran",
    "q=sanction*",
    "q=imperial*",
    "q=Iran%20NEAR%2F5%20Korea",
    "q=missile%20NEAR%20launch",
    "q=Iran&country=PRK",
    "q=Korea&country=IRN",
    "q=cooperation&source=KCNA",
    "q=nuclear&from=2012&to=2012",
    "q=sanctions&from=2016-01&to=2016-06",
    "q=Iran&actor=PRK&speaker=IRN",
    "q=Pyongyang&domain=economic",
    "q=Tehran&tone_min=0.3",
    "q=%22United%20States%22&country=PRK&from=2011&to=2012&offset=20",
};
const std::vector<std::string> kDyads = {
    "a=IRN&b=PRK", "a=IRN&b=PRK&by=quarter",        "a=IRN&b=USA", "a=PRK&b=USA", "a=IRN&b=RUS",
    "a=PRK&b=CHN", "a=IRN&b=PRK&from=2015&to=2020", "a=IRN&b=ISR", "a=PRK&b=KOR",
};

struct Child {
  pid_t pid = -1;
  int out = -1;  // the child's stdout
};

Child spawn(const std::vector<std::string>& args, bool capture_stdout) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  int pipe_fds[2] = {-1, -1};
  if (capture_stdout) {
    if (pipe(pipe_fds) != 0) return {};
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  } else {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  }
  Child c;
  if (posix_spawn(&c.pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) c.pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  if (capture_stdout) {
    close(pipe_fds[1]);
    c.out = pipe_fds[0];
  }
  return c;
}

// The port from the server's first line: "listening on http://127.0.0.1:PORT/ ...".
int read_port(int fd) {
  std::string line;
  char ch;
  while (read(fd, &ch, 1) == 1 && ch != '\n') line += ch;
  auto at = line.find("127.0.0.1:");
  return at == std::string::npos ? -1 : std::atoi(line.c_str() + at + 10);
}

// KCNA 2024 again, `copies` times under ids new to the archive (round `round` of the ingest): a
// real ingest's writes.
size_t write_ingest_input(const std::vector<nlohmann::json>& docs, const std::string& to, int round,
                          int copies) {
  std::ofstream out(to);
  size_t n = 0;
  for (int copy = 0; copy < copies; ++copy) {
    std::string tag = "serve-bench-";
    tag += std::to_string(getpid());
    tag += '-';
    tag += std::to_string(round);
    tag += '-';
    tag += std::to_string(copy);
    tag += '-';
    for (auto doc : docs) {
      doc["id"] = tag + doc["id"].dump();
      out << doc.dump() << "\n";
      ++n;
    }
  }
  return n;
}

// Ingests, one `fissure ingest` process after another, until stopped: every phase runs while an
// ingest writes, however fast the machine ingests one round. Stopping kills the running one
// (an ingest survives kill -9 by design; the archive copy is deleted afterwards anyway).
class ContinuousIngest {
 public:
  ContinuousIngest(std::vector<nlohmann::json> docs, std::string db, std::string input,
                   std::string reference)
      : docs_(std::move(docs)),
        db_(std::move(db)),
        input_(std::move(input)),
        reference_(std::move(reference)) {
    thread_ = std::thread([this] { run(); });
  }
  ~ContinuousIngest() { stop(); }
  // Whether an ingest failed (exit code other than 0) before stop().
  bool failed() const { return failed_; }
  int rounds() const { return rounds_; }
  size_t documents() const { return documents_; }
  void stop() {
    if (!thread_.joinable()) return;
    stopping_ = true;
    {
      std::lock_guard lock(mu_);
      if (pid_ > 0) kill(pid_, SIGKILL);
    }
    thread_.join();
  }

 private:
  void run() {
    for (int round = 0; !stopping_; ++round) {
      const size_t n = write_ingest_input(docs_, input_, round, kCopies);
      Child child;
      {
        std::lock_guard lock(mu_);
        if (stopping_) break;
        // Small batches: many commits, each of which invalidates the server's caches.
        child = spawn({FISSURE_BINARY, "ingest", "--quiet", "--batch-docs", "200", "--db", db_,
                       "--reference", reference_, input_},
                      false);
        pid_ = child.pid;
      }
      int status = 0;
      if (child.pid <= 0 || waitpid(child.pid, &status, 0) != child.pid) {
        failed_ = true;
        break;
      }
      {
        std::lock_guard lock(mu_);
        pid_ = -1;
      }
      if (stopping_) break;  // killed by stop(): the round's documents do not count
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed_ = true;
      ++rounds_;
      documents_ += n;
    }
  }
  static constexpr int kCopies = 4;
  std::vector<nlohmann::json> docs_;
  std::string db_, input_, reference_;
  std::mutex mu_;
  pid_t pid_ = -1;
  std::atomic<bool> stopping_ = false, failed_ = false;
  std::atomic<int> rounds_ = 0;
  std::atomic<size_t> documents_ = 0;
  std::thread thread_;
};

// User + system CPU time of a process, from /proc/PID/stat; -1 if unreadable.
double process_cpu_ms(pid_t pid) {
  std::string path = "/proc/";
  path += std::to_string(pid);
  path += "/stat";
  std::ifstream in(path);
  std::string line;
  if (pid <= 0 || !std::getline(in, line)) return -1;
  // Fields after the command name (which may hold spaces) start after the last ')'.
  std::istringstream rest(line.substr(line.rfind(')') + 2));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::atoll(field.c_str());
    if (i == 15) stime = std::atoll(field.c_str());
  }
  return static_cast<double>(utime + stime) * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string url_encode(const std::string& s) {
  std::string out;
  char hex[4];
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

// Queries no cache has seen: each word of the stories once (bench/novel_queries.h).
std::vector<std::string> novel_searches(std::vector<std::string> words) {
  std::vector<std::string> out;
  for (const auto& q : bench::novel_queries(std::move(words)))
    out.push_back("/api/search?q=" + url_encode(q.text) + bench::kNovelFilterParameters[q.filter]);
  return out;
}

struct Latencies {
  std::mutex mu;
  std::vector<double> ms;
  std::atomic<int64_t> errors = 0;
  void add(double v) {
    std::lock_guard lock(mu);
    ms.push_back(v);
  }
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

void print(const char* name, Latencies& l, double seconds) {
  std::printf("%s_requests: %zu\n", name, l.ms.size());
  std::printf("%s_per_s: %.0f requests/s\n", name, static_cast<double>(l.ms.size()) / seconds);
  std::printf("%s_p50_ms: %.2f ms\n", name, percentile(l.ms, 0.50));
  std::printf("%s_p99_ms: %.2f ms\n", name, percentile(l.ms, 0.99));
  std::printf("%s_max_ms: %.2f ms\n", name, percentile(l.ms, 1.0));
  std::printf("%s_errors: %lld\n", name, static_cast<long long>(l.errors.load()));
}

// `connections` clients, each with its own keep-alive connection, for `seconds`.
// With `once`, the clients share one pass over `paths`: each request is made once.
void load(int port, int connections, double seconds, const std::vector<std::string>& paths,
          Latencies* out, bool once = false) {
  std::vector<std::thread> clients;
  std::atomic<size_t> next = 0;
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  for (int c = 0; c < connections; ++c)
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(120, 0);
      for (size_t i = static_cast<size_t>(c) * 7; Clock::now() < end; ++i) {
        if (once && (i = next++) >= paths.size()) break;
        const std::string& path = paths[i % paths.size()];
        auto t = Clock::now();
        auto r = client.Get(path);
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
        if (!r || r->status != 200) {
          ++out->errors;
          if (out->errors <= 3)
            std::fprintf(stderr, "serve_bench: %s: %s\n", path.c_str(),
                         r ? (std::to_string(r->status) + " " + r->body.substr(0, 200)).c_str()
                           : "no answer");
        } else {
          out->add(ms);
        }
      }
    });
  for (auto& t : clients) t.join();
}

}  // namespace

int main(int argc, char** argv) {
  std::string db = "/tmp/demo.db";
  double seconds = 20;
  int connections = 8;
  bool with_ingest = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc)
      db = argv[++i];
    else if (a == "--seconds" && i + 1 < argc)
      seconds = std::atof(argv[++i]);
    else if (a == "--connections" && i + 1 < argc)
      connections = std::atoi(argv[++i]);
    else if (a == "--no-ingest")
      with_ingest = false;
    else {
      std::fprintf(
          stderr,
          "usage: serve_bench [--db ARCHIVE] [--seconds N] [--connections C] [--no-ingest]\n");
      return 2;
    }
  }
  if (!fs::exists(db)) {
    std::fprintf(stderr, "serve_bench: %s: no archive (run `fissure demo` first, or pass --db)\n",
                 db.c_str());
    return 2;
  }
  const std::string copy = std::string(FISSURE_BUILD_DIR) + "/serve_bench.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(copy + suffix);
  fs::copy_file(db, copy);
  const std::string shared = FISSURE_SHARED_DIR;
  const std::string input = std::string(FISSURE_BUILD_DIR) + "/serve_bench_ingest.jsonl";
  const std::vector<nlohmann::json> stories =
      bench::read_corpus_documents(shared + "/corpora/kcna_2024/kcna_2024.jsonl.gz");
  // The novel queries are built from the words of the stories the ingest writes.
  const std::vector<std::string> novel = novel_searches(bench::corpus_words(stories));

  Child server =
      spawn({FISSURE_BINARY, "serve", "--db", copy, "--port", "0", "--threads", "16"}, true);
  int port = server.pid > 0 ? read_port(server.out) : -1;
  if (port <= 0) {
    std::fprintf(stderr, "serve_bench: the server did not start\n");
    return 1;
  }
  std::printf("server: fissure serve on port %d, %d client connections, %.0f s per phase\n", port,
              connections, seconds);

  std::unique_ptr<ContinuousIngest> ingest;
  if (with_ingest) {
    ingest = std::make_unique<ContinuousIngest>(stories, copy, input, shared + "/reference");
    std::printf(
        "ingest: rounds of %zu documents (KCNA 2024 four times, new ids each round), one "
        "`fissure ingest` process after another, through every phase\n",
        stories.size() * 4);
  }

  std::vector<std::string> searches, dyads;
  for (const auto& q : kSearches) searches.push_back("/api/search?" + q);
  for (const auto& d : kDyads) dyads.push_back("/api/dyad?" + d);

  // Novel searches first, while the ingest writes: what a query costs when no cache knows it.
  Latencies fresh;
  auto fresh_start = Clock::now();
  const double server_cpu_before = process_cpu_ms(server.pid);
  load(port, connections, seconds, novel, &fresh, /*once=*/true);
  const double server_cpu_ms = process_cpu_ms(server.pid) - server_cpu_before;
  double fresh_seconds = std::chrono::duration<double>(Clock::now() - fresh_start).count();
  if (ingest)
    std::printf("ingest: %d rounds done by the end of the novel-search phase%s\n", ingest->rounds(),
                ingest->failed() ? " (an ingest FAILED)" : "");
  std::printf("novel queries available: %zu\n", novel.size());
  print("search_novel", fresh, fresh_seconds);
  // The server's CPU per novel search (the ingest is another process): what the searches cost
  // whatever else loads the machine.
  if (server_cpu_before >= 0 && !fresh.ms.empty())
    std::printf("search_novel_server_cpu_ms: %.2f ms per request\n",
                server_cpu_ms / static_cast<double>(fresh.ms.size()));
  // Then an analyst-like mix of 25 queries, repeated: mostly answered from the cache.
  Latencies search;
  load(port, connections, seconds, searches, &search);
  print("search_repeated", search, seconds);

  // Dyads: each distinct request once (cold: computed), then repeatedly (warm: cached).
  Latencies cold, warm;
  {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(300, 0);
    for (const auto& path : dyads) {
      auto t = Clock::now();
      auto r = client.Get(path);
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
      if (!r || r->status != 200)
        ++cold.errors;
      else
        cold.add(ms);
    }
  }
  std::printf("dyad_cold_p50_ms: %.0f ms\ndyad_cold_max_ms: %.0f ms\ndyad_cold_errors: %lld\n",
              percentile(cold.ms, 0.5), percentile(cold.ms, 1.0),
              static_cast<long long>(cold.errors.load()));
  load(port, connections, seconds / 2, dyads, &warm);
  print("dyad_warm", warm, seconds / 2);

  int ingest_errors = 0;
  if (ingest) {
    ingest->stop();
    std::printf("ingest: %d rounds, %zu documents written while the phases ran%s\n",
                ingest->rounds(), ingest->documents(),
                ingest->failed() ? "; an ingest FAILED" : "");
    ingest_errors = ingest->failed() ? 1 : 0;
  }
  kill(server.pid, SIGTERM);
  waitpid(server.pid, nullptr, 0);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(copy + suffix);
  fs::remove(input);
  std::printf("targets: search_per_s >= 500, search_p99_ms <= 100, errors 0\n");
  return fresh.errors + search.errors + cold.errors + warm.errors + ingest_errors > 0 ? 1 : 0;
}
