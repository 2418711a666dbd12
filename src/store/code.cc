#include "fissure/store/code.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <set>
#include <thread>
#include <unordered_set>

#include "coding_writer.h"
#include "fissure/corpus/date.h"
#include "fissure/store/search.h"
#include "sqlite_db.h"

namespace fissure {
namespace {

using Clock = std::chrono::steady_clock;

// Phrases per FTS5 query when looking up the sentences that changed entries can match.
constexpr size_t kPhrasesPerQuery = 200;

struct Entry {
  std::string hash, phrase;
};
using Entries = std::map<std::pair<std::string, std::string>, Entry>;

struct Job {
  int64_t id = 0;
  bool indexed = false;
  uint32_t start = 0, end = 0;
  size_t document = 0;  // index into Batch::documents
  SentenceCoding coding;
};

struct BatchDocument {
  std::string text, country, source, lang;
  std::optional<Date> date;
};

struct Batch {
  std::vector<BatchDocument> documents;
  std::vector<Job> jobs;
};

void code_batch(Batch& batch, const SentenceCoder& coder, int threads) {
  auto work = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      Job& j = batch.jobs[i];
      const BatchDocument& d = batch.documents[j.document];
      const SentenceContext context{d.country, d.source, d.date, d.lang};
      j.coding = coder.code(std::string_view(d.text).substr(j.start, j.end - j.start), context);
    }
  };
  const size_t n = batch.jobs.size();
  const size_t per = (n + threads - 1) / std::max(threads, 1);
  std::vector<std::thread> pool;
  for (size_t from = per; from < n; from += per) pool.emplace_back(work, from, std::min(n, from + per));
  work(0, std::min(n, per));
  for (auto& t : pool) t.join();
}

class Recoder {
 public:
  Recoder(sqlite::Database& db) : db_(db), coding_(db) {}

  Status init(const std::string& coder_version, const std::string& mode) {
    FISSURE_RETURN_IF_ERROR(coding_.init());
    struct Prep {
      sqlite::Statement* stmt;
      const char* sql;
    };
    const Prep preps[] = {
        {&indexed_, "SELECT text, meta FROM sentence_indexed WHERE id = ?"},
        {&old_tokens_, "SELECT tokens FROM sentence_coding WHERE sentence_id = ?"},
        {&delete_fts_, "INSERT INTO sentence_fts(sentence_fts, rowid, text, meta) VALUES ('delete', ?, ?, ?)"},
        {&insert_fts_, "INSERT INTO sentence_fts(rowid, text, meta) VALUES (?, ?, ?)"},
    };
    for (const auto& p : preps) {
      auto st = db_.prepare(p.sql);
      if (!st) return st.status();
      *p.stmt = std::move(*st);
    }
    auto run = db_.prepare(
        "INSERT INTO coding_run(started_at, coder, mode) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?, ?)");
    if (!run) return run.status();
    FISSURE_RETURN_IF_ERROR(run->bind(1, coder_version).bind(2, mode).run());
    run_id_ = db_.last_insert_rowid();
    return Status::ok();
  }

  int64_t run_id() const { return run_id_; }

  // Replaces one sentence's coding and its index row. Returns whether its filter tokens changed.
  Result<bool> write(const Job& j) {
    Status st;
    std::string before;
    old_tokens_.bind(1, j.id);
    if (old_tokens_.step(&st)) before = old_tokens_.opt_str(0).value_or("");
    old_tokens_.reset();
    FISSURE_RETURN_IF_ERROR(st);
    if (j.indexed) {
      auto row = indexed_row(j.id);
      if (!row) return row.status();
      if (row->first.has_value())
        FISSURE_RETURN_IF_ERROR(delete_fts_.bind(1, j.id).bind(2, *row->first).bind(3, row->second).run());
    }
    FISSURE_RETURN_IF_ERROR(coding_.erase(j.id));
    auto tokens = coding_.write(j.id, j.coding, run_id_);
    if (!tokens) return tokens.status();
    if (j.indexed) {
      auto row = indexed_row(j.id);
      if (!row) return row.status();
      if (row->first.has_value())
        FISSURE_RETURN_IF_ERROR(insert_fts_.bind(1, j.id).bind(2, *row->first).bind(3, row->second).run());
    }
    return *tokens != before;
  }

 private:
  // The sentence's text and meta as the index sees them (nullopt text: not in the view).
  Result<std::pair<std::optional<std::string>, std::string>> indexed_row(int64_t id) {
    Status st;
    std::pair<std::optional<std::string>, std::string> out;
    indexed_.bind(1, id);
    if (indexed_.step(&st)) {
      out.first = indexed_.str(0);
      out.second = indexed_.str(1);
    }
    indexed_.reset();
    if (!st) return st;
    return out;
  }

  sqlite::Database& db_;
  store::CodingWriter coding_;
  sqlite::Statement indexed_, old_tokens_, delete_fts_, insert_fts_;
  int64_t run_id_ = 0;
};

Result<Entries> stored_entries(sqlite::Database& db) {
  Entries out;
  auto q = db.prepare("SELECT dictionary, key, hash, phrase FROM dictionary_entry");
  if (!q) return q.status();
  Status st;
  while (q->step(&st)) {
    std::string dictionary = q->str(0), key = q->str(1);
    // Archives coded before 2026-11-30 keyed the verb file by its full path; it is keyed by its
    // name now (its hash says whether the content changed), so a moved reference folder or an
    // archive from another machine is not recoded whole for the path alone.
    if (dictionary == "verbs") key = std::filesystem::path(key).filename().string();
    out[{std::move(dictionary), std::move(key)}] = {q->str(2), q->str(3)};
  }
  if (!st) return st;
  return out;
}

Status replace_entries(sqlite::Database& db, const std::vector<DictionaryItem>& items, const std::string& version) {
  FISSURE_RETURN_IF_ERROR(db.exec("DELETE FROM dictionary_entry"));
  auto ins = db.prepare("INSERT OR REPLACE INTO dictionary_entry(dictionary, key, hash, phrase) VALUES (?, ?, ?, ?)");
  if (!ins) return ins.status();
  for (const auto& i : items) FISSURE_RETURN_IF_ERROR(ins->bind(1, i.dictionary).bind(2, i.key).bind(3, i.hash).bind(4, i.phrase).run());
  auto meta = db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('coder', ?)");
  if (!meta) return meta.status();
  return meta->bind(1, version).run();
}

// The current sentences that the changed phrases occur in, found through the index; plus every
// current sentence that has no coding at all.
Result<std::unordered_set<int64_t>> affected_sentences(sqlite::Database& db, const std::vector<std::string>& phrases) {
  std::unordered_set<int64_t> out;
  Status st;
  auto uncoded = db.prepare(
      "SELECT s.id FROM sentence s JOIN document d ON d.key = s.document_key AND s.revision = d.current_revision "
      "LEFT JOIN sentence_coding c ON c.sentence_id = s.id WHERE c.sentence_id IS NULL");
  if (!uncoded) return uncoded.status();
  while (uncoded->step(&st)) out.insert(uncoded->int64(0));
  if (!st) return st;
  auto q = db.prepare("SELECT rowid FROM sentence_fts WHERE sentence_fts MATCH ?");
  if (!q) return q.status();
  for (size_t from = 0; from < phrases.size(); from += kPhrasesPerQuery) {
    std::string any;
    for (size_t i = from; i < std::min(phrases.size(), from + kPhrasesPerQuery); ++i) {
      auto fts = to_fts_query(phrases[i]);
      if (!fts) return Status::invalid("dictionary phrase \"" + phrases[i] + "\": " + fts.status().message());
      any += (any.empty() ? "(" : " OR (") + *fts + ")";
    }
    q->bind(1, "{text} : (" + any + ")");
    while (q->step(&st)) out.insert(q->int64(0));
    q->reset();
    if (!st) return st;
  }
  return out;
}

}  // namespace

Result<CodeSummary> code_archive(Archive& archive, const SentenceCoder& coder, const CodeOptions& options,
                                 const CodeProgress& progress) {
  const auto started = Clock::now();
  auto& db = archive.db();
  CodeSummary sum;
  const std::vector<DictionaryItem> items = coder.items();
  const std::string version = coder.version();

  auto stored = stored_entries(db);
  if (!stored) return stored.status();
  std::string stored_version;
  {
    auto q = db.prepare("SELECT value FROM meta WHERE key = 'coder'");
    if (!q) return q.status();
    Status st;
    if (q->step(&st)) stored_version = q->str(0);
    if (!st) return st;
  }
  auto coded = db.query_int("SELECT EXISTS (SELECT 1 FROM sentence_coding)");
  if (!coded) return coded.status();
  sum.full = true;
  if (options.full) sum.reason = "--full";
  else if (stored->empty() || *coded == 0) sum.reason = "the archive was never coded";
  else if (stored_version != version) sum.reason = "the coder changed (" + stored_version + " -> " + version + ")";
  else sum.full = false;

  std::vector<std::string> phrases;
  {
    Entries current;
    for (const auto& i : items) current[{i.dictionary, i.key}] = {i.hash, i.phrase};
    for (const auto& [k, e] : current) {
      auto it = stored->find(k);
      if (it != stored->end() && it->second.hash == e.hash) continue;
      ++sum.changed_entries;
      phrases.push_back(e.phrase);
      if (it != stored->end()) phrases.push_back(it->second.phrase);
    }
    for (const auto& [k, e] : *stored) {
      if (current.count(k)) continue;
      ++sum.changed_entries;
      phrases.push_back(e.phrase);
    }
  }
  if (!sum.full && std::find(phrases.begin(), phrases.end(), "*") != phrases.end()) {
    sum.full = true;
    sum.reason = "a changed entry can match any sentence";
  }
  std::sort(phrases.begin(), phrases.end());
  phrases.erase(std::unique(phrases.begin(), phrases.end()), phrases.end());

  std::unordered_set<int64_t> targets;
  if (!sum.full) {
    auto t = affected_sentences(db, phrases);
    if (!t) return t.status();
    targets = std::move(*t);
    sum.reason = std::to_string(sum.changed_entries) + " dictionary entries changed";
  }

  // The documents to visit, in key order, with the number of sentences to recode (for progress).
  std::vector<int64_t> documents;
  int64_t total = 0;
  {
    Status st;
    if (sum.full) {
      auto q = db.prepare(
          "SELECT d.key, count(*) FROM document d JOIN sentence s ON s.document_key = d.key AND "
          "s.revision = d.current_revision GROUP BY d.key ORDER BY d.key");
      if (!q) return q.status();
      while (q->step(&st)) {
        documents.push_back(q->int64(0));
        total += q->int64(1);
      }
    } else {
      auto q = db.prepare("SELECT document_key FROM sentence WHERE id = ?");
      if (!q) return q.status();
      std::set<int64_t> keys;
      for (int64_t id : targets) {
        q->bind(1, id);
        if (q->step(&st)) keys.insert(q->int64(0));
        q->reset();
        if (!st) break;
      }
      documents.assign(keys.begin(), keys.end());
      total = static_cast<int64_t>(targets.size());
    }
    if (!st) return st;
  }

  Recoder recoder(db);
  FISSURE_RETURN_IF_ERROR(recoder.init(version, options.full ? "full" : sum.full ? "full" : "incremental"));
  auto load_document = db.prepare(
      "SELECT d.country, d.source, d.date, d.lang, r.text, d.current_revision FROM document d JOIN revision r ON "
      "r.document_key = d.key AND r.n = d.current_revision WHERE d.key = ?");
  if (!load_document) return load_document.status();
  auto load_sentences = db.prepare(
      "SELECT id, start, end, boilerplate FROM sentence WHERE document_key = ? AND revision = ? ORDER BY n");
  if (!load_sentences) return load_sentences.status();

  const int threads = options.threads > 0 ? options.threads
                                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
  size_t next_document = 0;
  // Reads the next batch of documents' sentences to recode.
  auto read_batch = [&](Batch* batch) -> Status {
    Status st;
    while (next_document < documents.size() && batch->jobs.size() < options.batch_sentences) {
      const int64_t key = documents[next_document++];
      load_document->bind(1, key);
      if (!load_document->step(&st)) {
        load_document->reset();
        FISSURE_RETURN_IF_ERROR(st);
        continue;
      }
      BatchDocument d;
      d.country = load_document->opt_str(0).value_or("");
      d.source = load_document->opt_str(1).value_or("");
      if (auto date = load_document->opt_str(2)) {
        auto parsed = parse_iso_date(*date);
        if (parsed) d.date = *parsed;
      }
      d.lang = load_document->opt_str(3).value_or("");
      d.text = load_document->str(4);
      const int64_t revision = load_document->int64(5);
      load_document->reset();
      load_sentences->bind(1, key).bind(2, revision);
      const size_t index = batch->documents.size();
      bool any = false;
      while (load_sentences->step(&st)) {
        Job j;
        j.id = load_sentences->int64(0);
        if (!sum.full && !targets.count(j.id)) continue;
        j.start = static_cast<uint32_t>(load_sentences->int64(1));
        j.end = static_cast<uint32_t>(load_sentences->int64(2));
        if (j.end > d.text.size() || j.start > j.end) continue;
        j.indexed = load_sentences->int64(3) == 0;
        j.document = index;
        batch->jobs.push_back(std::move(j));
        any = true;
      }
      load_sentences->reset();
      FISSURE_RETURN_IF_ERROR(st);
      if (any) {
        batch->documents.push_back(std::move(d));
        ++sum.documents;
      }
    }
    return Status::ok();
  };

  auto last_progress = Clock::now();
  Batch current;
  FISSURE_RETURN_IF_ERROR(read_batch(&current));
  code_batch(current, coder, threads);
  while (!current.jobs.empty()) {
    // Code the next batch while this one is written.
    Batch next;
    FISSURE_RETURN_IF_ERROR(read_batch(&next));
    auto coding = std::async(std::launch::async, [&] { code_batch(next, coder, threads); });
    Status st = db.exec("BEGIN IMMEDIATE");
    for (const Job& j : current.jobs) {
      if (!st) break;
      auto changed = recoder.write(j);
      if (!changed) st = changed.status();
      else sum.changed_codings += *changed ? 1 : 0;
    }
    if (st) st = db.exec("COMMIT");
    else (void)db.exec("ROLLBACK");
    coding.wait();
    if (!st) return st;
    sum.sentences += static_cast<int64_t>(current.jobs.size());
    if (progress && Clock::now() - last_progress > std::chrono::milliseconds(500)) {
      last_progress = Clock::now();
      progress(sum.sentences, total);
    }
    current = std::move(next);
  }

  // Only now do the stored entries move on: a killed run leaves the old ones, and the next run
  // recodes the same sentences again.
  FISSURE_RETURN_IF_ERROR(db.exec("BEGIN IMMEDIATE"));
  Status st = replace_entries(db, items, version);
  if (st) {
    auto done = db.prepare(
        "UPDATE coding_run SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'), sentences = ? WHERE id = ?");
    if (!done) st = done.status();
    else st = done->bind(1, sum.sentences).bind(2, recoder.run_id()).run();
  }
  if (st) st = db.exec("COMMIT");
  else (void)db.exec("ROLLBACK");
  if (!st) return st;
  if (progress) progress(sum.sentences, total);
  sum.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return sum;
}

}  // namespace fissure
