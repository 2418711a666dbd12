// search_bench: query latency on the archive ingest_bench leaves behind (default build/bench.db),
// compared with the same FTS5 MATCH on ingest_bench's plain baseline table (build/bench_raw.db).
//
//   search_bench [ARCHIVE] [--raw-db PATH] [--repeat N] [--novel N] [--novel-only]
//                [--novel-corpus FILE | --serve-words] [--verbose]
//
// 50 queries mix rare and very frequent words, phrases, OR/NOT, prefixes, NEAR and filters. Each
// runs once to warm up and then --repeat times (default 3); p50, p99 and max are over all timed
// runs. Then each runs once more on a fresh connection (search_first_*): the cost of a query the
// connection has not seen, with the file's pages already in the OS cache. The baseline runs `SELECT
// rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 20` with the same translated MATCH expression
// (its table has no metadata, so filters are not applied there).
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/store/search.h"
#include "novel_queries.h"

namespace {

using Clock = std::chrono::steady_clock;

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Query {
  std::string text;
  fissure::SearchFilters filters;
};

fissure::SearchFilters where(std::string country, std::string source, std::string from = "",
                             std::string to = "", bool collapse = false) {
  fissure::SearchFilters f;
  f.country = std::move(country);
  f.source = std::move(source);
  f.from = std::move(from);
  f.to = std::move(to);
  f.collapse_duplicates = collapse;
  return f;
}

std::vector<Query> queries() {
  const fissure::SearchFilters none;
  return {
      // Rare words.
      {"Panmunjom", none},
      {"tritium", none},
      {"Juche", none},
      {"Tajikistan", none},
      {"Chollima", none},
      {"Mansudae", none},
      {"Hezbollah", none},
      {"ayatollah", none},
      {"Bushehr", none},
      {"Kaesong", none},
      // Very frequent words.
      {"Iran", none},
      {"Korea", none},
      {"cooperation", none},
      {"\"United States\"", none},
      {"people", none},
      {"government", none},
      {"international", none},
      {"development", none},
      // Phrases.
      {"\"nuclear deal\"", none},
      {"\"Islamic Republic\"", none},
      {"\"Supreme Leader\"", none},
      {"\"Workers' Party of Korea\"", none},
      {"\"Security Council\"", none},
      {"\"human rights\"", none},
      // OR / NOT / groups.
      {"Iran OR Korea", none},
      {"sanctions NOT Iran", none},
      {"Pyongyang OR Tehran", none},
      {"(Iran OR Syria) NOT Israel", none},
      {"nuclear NOT weapons", none},
      {"imperialists OR aggressors", none},
      // Prefixes.
      {"sanction*", none},
      {"nucle*", none},
      {"imperial*", none},
      {"revolution*", none},
      {"diplom*", none},
      // NEAR.
      {"Iran NEAR/5 Korea", none},
      {"nuclear NEAR/3 program", none},
      {"missile NEAR launch", none},
      {"Kim NEAR/2 Jong", none},
      // Filters.
      {"Iran", where("PRK", "")},
      {"Korea", where("IRN", "")},
      {"cooperation", where("", "KCNA")},
      {"Iran", where("", "Tehran Times")},
      {"nuclear", where("", "", "2012", "2012")},
      {"sanctions", where("", "", "2016-01", "2016-06")},
      {"\"United States\"", where("PRK", "", "2011", "2012")},
      {"Iran NEAR/5 Korea", where("", "KCNA")},
      {"cooperation", where("", "", "", "", true)},
      {"peace", where("IRN", "", "2000", "2010")},
      {"Pyongyang", where("", "UNGDC")},
  };
}

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Runs one search, adding its wall time to `wall_ms` and its thread CPU time to `cpu_ms`.
fissure::Result<fissure::SearchResults> timed_search(fissure::Archive& archive,
                                                     const fissure::SearchQuery& query,
                                                     std::vector<double>& wall_ms,
                                                     std::vector<double>& cpu_ms) {
  const double cpu = thread_cpu_ms();
  const auto t = Clock::now();
  auto res = fissure::search(archive, query);
  wall_ms.push_back(ms_since(t));
  cpu_ms.push_back(thread_cpu_ms() - cpu);
  return res;
}

struct Summary {
  double p50 = 0, p99 = 0, max = 0;
};

Summary summarize(std::vector<double> v) {
  Summary s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    return v[std::min(v.size() - 1,
                      static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5))];
  };
  s.p50 = at(0.50);
  s.p99 = at(0.99);
  s.max = v.back();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::string archive_path = std::string(FISSURE_BUILD_DIR) + "/bench.db";
  std::string raw_path = std::string(FISSURE_BUILD_DIR) + "/bench_raw.db";
  int repeat = 3;
  size_t novel = 200;
  bool novel_only = false;
  bool verbose = false;
  std::string novel_corpus;  // empty: words of the index's vocabulary
  std::string dump_path;     // each novel query's answer, to compare two builds
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--raw-db" && i + 1 < argc)
      raw_path = argv[++i];
    else if (a == "--repeat" && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--novel" && i + 1 < argc)
      novel = static_cast<size_t>(std::max(1, std::atoi(argv[++i])));
    else if (a == "--novel-only")
      novel_only = true;
    else if (a == "--novel-corpus" && i + 1 < argc)
      novel_corpus = argv[++i];
    else if (a == "--serve-words")
      novel_corpus = std::string(FISSURE_SHARED_DIR) + "/corpora/kcna_2024/kcna_2024.jsonl.gz";
    else if (a == "--dump" && i + 1 < argc)
      dump_path = argv[++i];
    else if (a == "--verbose")
      verbose = true;
    else if (!a.empty() && a[0] != '-')
      archive_path = a;
    else {
      std::fprintf(
          stderr,
          "usage: search_bench [ARCHIVE] [--raw-db PATH] [--repeat N] [--novel N] "
          "[--novel-only] [--novel-corpus FILE | --serve-words] [--dump FILE] [--verbose]\n");
      return 2;
    }
  }
  auto archive = fissure::Archive::open(archive_path, fissure::Archive::Mode::kReadOnly);
  if (!archive) {
    std::fprintf(stderr, "search_bench: %s (run ingest_bench first)\n",
                 archive.status().message().c_str());
    return 2;
  }
  const std::vector<Query> qs = queries();
  std::printf("archive: %s\nqueries: %zu, each %d times after a warm-up\n", archive_path.c_str(),
              qs.size(), repeat);

  Summary s{}, f{};  // repeated and first searches, compared with the baseline table below
  if (!novel_only) {
    std::vector<double> times;
    for (const auto& q : qs) {
      fissure::SearchQuery sq;
      sq.text = q.text;
      sq.filters = q.filters;
      sq.limit = 20;
      auto warm = fissure::search(**archive, sq);
      if (!warm) {
        std::fprintf(stderr, "search_bench: %s: %s\n", q.text.c_str(),
                     warm.status().message().c_str());
        return 1;
      }
      std::vector<double> mine;
      for (int r = 0; r < repeat; ++r) {
        auto t = Clock::now();
        auto res = fissure::search(**archive, sq);
        mine.push_back(ms_since(t));
        if (!res) return 1;
      }
      if (verbose)
        std::printf("  %8.2f ms  %8lld hits  %s\n", summarize(mine).p50,
                    static_cast<long long>(warm->total), q.text.c_str());
      times.insert(times.end(), mine.begin(), mine.end());
    }
    s = summarize(times);
    std::printf("search_p50_ms: %.2f ms\nsearch_p99_ms: %.2f ms\nsearch_max_ms: %.2f ms\n", s.p50,
                s.p99, s.max);

    // Each query once more on a connection of its own: nothing kept between searches (counts, the
    // rank window's cut, IDFs; see docs/search.md) helps, only the OS's page cache. The process's
    // connections to a file share those figures, so the first connection is closed beforehand and
    // each fresh one is the file's only connection, closed after its search.
    archive->reset();
    std::vector<double> first_times, first_cpu;
    for (const auto& q : qs) {
      auto fresh = fissure::Archive::open(archive_path, fissure::Archive::Mode::kReadOnly);
      if (!fresh) return 1;
      fissure::SearchQuery sq;
      sq.text = q.text;
      sq.filters = q.filters;
      sq.limit = 20;
      auto res = timed_search(**fresh, sq, first_times, first_cpu);
      if (!res) return 1;
      if (verbose)
        std::printf("  %8.2f ms  first search on a new connection: %s\n", first_times.back(),
                    q.text.c_str());
    }
    f = summarize(first_times);
    std::printf(
        "search_first_p50_ms: %.2f ms\nsearch_first_p99_ms: %.2f ms\nsearch_first_max_ms: %.2f "
        "ms\n",
        f.p50, f.p99, f.max);
    // CPU time of the searching thread: the cost of a novel search on a machine others load.
    Summary fc = summarize(first_cpu);
    double cpu_sum = 0;
    for (double v : first_cpu) cpu_sum += v;
    std::printf(
        "search_first_cpu_mean_ms: %.2f ms\nsearch_first_cpu_p50_ms: %.2f ms\n"
        "search_first_cpu_p99_ms: %.2f ms\n",
        cpu_sum / static_cast<double>(first_cpu.size()), fc.p50, fc.p99);
  }
  // Novel queries on one connection, as a server meets them: by default 200 words of the index's
  // vocabulary (every k-th term found in 50 to 200,000 sentences, a fixed sample); with
  // --novel-corpus (--serve-words: serve_bench's KCNA 2024 stories) the first N queries
  // serve_bench makes of that corpus' words, in its order. Either way in serve_bench's shapes (a
  // word, a prefix, OR, NOT, AND; each fifth run of five with the same filter), each made once.
  {
    auto novel_conn = fissure::Archive::open(archive_path, fissure::Archive::Mode::kReadOnly);
    if (!novel_conn) return 1;
    std::vector<std::string> words;
    if (!novel_corpus.empty()) {
      words = bench::corpus_words(bench::read_corpus_documents(novel_corpus));
      if (words.size() < 2) {
        std::fprintf(stderr, "search_bench: %s: no words\n", novel_corpus.c_str());
        return 2;
      }
    } else {
      sqlite3* db = nullptr;
      sqlite3_open_v2(archive_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
      sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, sentence_fts, col)",
                   nullptr, nullptr, nullptr);
      sqlite3_stmt* st = nullptr;
      sqlite3_prepare_v2(db,
                         "SELECT term FROM temp.v WHERE col = 'text' AND doc BETWEEN 50 AND "
                         "200000 AND length(term) >= 5 AND term NOT GLOB '*[0-9]*'",
                         -1, &st, nullptr);
      std::vector<std::string> all;
      while (sqlite3_step(st) == SQLITE_ROW)
        all.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
      sqlite3_finalize(st);
      sqlite3_close(db);
      const size_t step = std::max<size_t>(1, all.size() / (novel + 1));
      for (size_t i = step / 2; i < all.size() && words.size() < novel + 1; i += step)
        words.push_back(all[i]);
    }
    std::vector<bench::NovelQuery> novel_queries;
    if (!novel_corpus.empty()) {
      novel_queries = bench::novel_queries(words);
      if (novel_queries.size() > novel) novel_queries.resize(novel);
    } else {
      // The vocabulary sample is already spread: kept in its order.
      novel_queries = bench::shaped_queries(words);
    }
    const fissure::SearchFilters shapes_filters[] = {
        {}, where("PRK", ""), where("IRN", ""), where("", "KCNA"), where("", "", "2010", "2015")};
    const char* shape_names[] = {"word", "prefix", "or", "not", "and"};
    double shape_cpu[5] = {0, 0, 0, 0, 0};
    int shape_count[5] = {0, 0, 0, 0, 0};
    std::vector<double> novel_ms, novel_cpu;
    FILE* dump = dump_path.empty() ? nullptr : std::fopen(dump_path.c_str(), "w");
    for (size_t i = 0; i < novel_queries.size(); ++i) {
      fissure::SearchQuery sq;
      sq.text = novel_queries[i].text;
      sq.filters = shapes_filters[novel_queries[i].filter];
      sq.limit = 20;
      auto res = timed_search(**novel_conn, sq, novel_ms, novel_cpu);
      if (!res) {
        std::fprintf(stderr, "search_bench: %s: %s\n", sq.text.c_str(),
                     res.status().message().c_str());
        return 1;
      }
      if (dump) {
        std::fprintf(dump, "%s%s\t%lld\t%lld", sq.text.c_str(),
                     bench::kNovelFilterParameters[novel_queries[i].filter],
                     static_cast<long long>(res->total), static_cast<long long>(res->ranked));
        for (const auto& h : res->hits)
          std::fprintf(dump, "\t%lld=%.17g", static_cast<long long>(h.sentence_id), h.score);
        std::fprintf(dump, "\n");
      }
      shape_cpu[i % 5] += novel_cpu.back();
      ++shape_count[i % 5];
      if (verbose)
        std::printf("  %8.2f ms  %8.2f ms CPU  %8lld hits  novel: %s%s\n", novel_ms.back(),
                    novel_cpu.back(), static_cast<long long>(res->total), sq.text.c_str(),
                    bench::kNovelFilterParameters[novel_queries[i].filter]);
    }
    if (dump) std::fclose(dump);
    for (int shape = 0; shape < 5; ++shape)
      if (shape_count[shape] > 0)
        std::printf("search_novel_cpu_mean_ms.%s: %.2f ms\n", shape_names[shape],
                    shape_cpu[shape] / shape_count[shape]);
    Summary n = summarize(novel_ms), nc = summarize(novel_cpu);
    double sum = 0;
    for (double v : novel_cpu) sum += v;
    std::printf(
        "search_novel_queries: %zu\nsearch_novel_p50_ms: %.2f ms\nsearch_novel_p99_ms: %.2f "
        "ms\nsearch_novel_cpu_mean_ms: %.2f ms\nsearch_novel_cpu_p50_ms: %.2f ms\n"
        "search_novel_cpu_p99_ms: %.2f ms\n",
        novel_ms.size(), n.p50, n.p99, novel_cpu.empty() ? 0.0 : sum / novel_cpu.size(), nc.p50,
        nc.p99);
  }

  if (novel_only) return 0;
  if (!std::filesystem::exists(raw_path)) {
    std::printf("(no baseline table at %s: run ingest_bench to compare)\n", raw_path.c_str());
    return 0;
  }
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(raw_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "search_bench: %s: %s\n", raw_path.c_str(), sqlite3_errmsg(raw));
    return 1;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(raw, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 20", -1, &st,
                         nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "search_bench: %s\n", sqlite3_errmsg(raw));
    return 1;
  }
  std::vector<double> raw_times;
  for (const auto& q : qs) {
    auto fts = fissure::to_fts_query(q.text);
    if (!fts) return 1;
    auto once = [&]() {
      sqlite3_bind_text(st, 1, fts->c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(st) == SQLITE_ROW) {
      }
      sqlite3_reset(st);
    };
    once();  // warm-up
    for (int r = 0; r < repeat; ++r) {
      auto t = Clock::now();
      once();
      raw_times.push_back(ms_since(t));
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(raw);
  Summary b = summarize(raw_times);
  std::printf("fts5_raw_p50_ms: %.2f ms\nfts5_raw_p99_ms: %.2f ms\nfts5_raw_max_ms: %.2f ms\n",
              b.p50, b.p99, b.max);
  std::printf("ratio vs sqlite3 FTS5: %.2f (p50), %.2f (p99)\n", b.p50 > 0 ? s.p50 / b.p50 : 0.0,
              b.p99 > 0 ? s.p99 / b.p99 : 0.0);
  std::printf("first search ratio vs sqlite3 FTS5: %.2f (p50), %.2f (p99)\n",
              b.p50 > 0 ? f.p50 / b.p50 : 0.0, b.p99 > 0 ? f.p99 / b.p99 : 0.0);
  return 0;
}
