// Archive: opening, stats, history and check through the library API.
#include "fissure/store/archive.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fissure/store/ingest.h"
#include "fissure/text/fingerprint.h"
#include "store_support.h"
#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

std::string record(const std::string& id, const std::string& text, const std::string& date,
                   const std::string& source, const std::string& country) {
  json j = {{"id", id},
            {"text", text},
            {"source", source},
            {"country", country},
            {"title", "Title of " + id}};
  j["date"] = date.empty() ? json(nullptr) : json(date);
  return j.dump() + "\n";
}


class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("archive.db");
    auto a = Archive::open(path_, Archive::Mode::kReadWrite);
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    archive_ = std::move(*a);
  }

  void ingest_text(const std::string& name, const std::string& content) {
    write_file(dir_.file(name), content);
    testing::NoSkipsExpected observer;
    auto r = ingest(*archive_, {dir_.file(name)}, IngestOptions{}, observer);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
  }

  // Four documents: 2 KCNA (PRK), 1 Tehran Times (IRN), 1 undated UNGDC (IRN); 8 sentences.
  void load_sample() {
    ingest_text(
        "sample.jsonl",
        record("k1", "Kim Yong Nam met the ambassador. They talked.", "2011-12-01", "KCNA", "PRK") +
            record("k2", "A delegation left. It flew to Tehran. It returned.", "2012-01-05", "KCNA",
                   "PRK") +
            record("t1", "Tehran hosted the summit.", "2012-07", "Tehran Times", "IRN") +
            record("u1", "The speaker thanked the assembly. He left the podium.", "", "UNGDC",
                   "IRN"));
  }

  ArchiveStats stats() {
    auto s = archive_->stats();
    EXPECT_TRUE(s.is_ok()) << s.status().message();
    return s.is_ok() ? *s : ArchiveStats{};
  }

  CheckReport check() {
    auto c = archive_->check();
    EXPECT_TRUE(c.is_ok()) << c.status().message();
    return c.is_ok() ? *c : CheckReport{false, {"check failed"}, 0, 0};
  }

  // Runs SQL on the archive through a second, plain SQLite connection (to damage it on purpose).
  void raw_exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  static const SourceCount* find_count(const std::vector<SourceCount>& v, const std::string& name) {
    for (const auto& c : v)
      if (c.name == name) return &c;
    return nullptr;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(ArchiveTest, NewArchiveIsEmptyAndCurrent) {
  ArchiveStats s = stats();
  EXPECT_EQ(s.documents, 0);
  EXPECT_EQ(s.sentences, 0);
  EXPECT_EQ(s.revisions, 0);
  EXPECT_EQ(s.schema_version, kSchemaVersion);
  EXPECT_FALSE(s.first_date.has_value());
  EXPECT_FALSE(s.last_date.has_value());
  EXPECT_TRUE(s.by_source.empty());
  EXPECT_TRUE(check().consistent);
}

TEST_F(ArchiveTest, StatsCountWhatWasIngested) {
  load_sample();
  ArchiveStats s = stats();
  EXPECT_EQ(s.documents, 4);
  EXPECT_EQ(s.sentences, 8);
  EXPECT_EQ(s.indexed_sentences, 8);
  EXPECT_EQ(s.revisions, 4);
  EXPECT_EQ(s.revised_documents, 0);
  EXPECT_EQ(s.withdrawn_documents, 0);
  EXPECT_EQ(s.exact_duplicates, 0);
  EXPECT_EQ(s.near_duplicates, 0);
  EXPECT_EQ(s.boilerplate_lines, 0);
  EXPECT_EQ(s.undated_documents, 1);
  EXPECT_EQ(s.first_date, std::optional<std::string>("2011-12-01"));
  ASSERT_TRUE(s.last_date.has_value());
  EXPECT_EQ(s.last_date->substr(0, 7), "2012-07");
}

TEST_F(ArchiveTest, StatsBySourceCountryAndYear) {
  load_sample();
  ArchiveStats s = stats();
  ASSERT_EQ(s.by_source.size(), 3u);
  EXPECT_EQ(s.by_source[0].name, "KCNA");  // largest first
  EXPECT_EQ(s.by_source[0].documents, 2);
  EXPECT_EQ(s.by_source[0].sentences, 5);
  const SourceCount* tt = find_count(s.by_source, "Tehran Times");
  ASSERT_NE(tt, nullptr);
  EXPECT_EQ(tt->documents, 1);
  EXPECT_EQ(tt->sentences, 1);
  const SourceCount* un = find_count(s.by_source, "UNGDC");
  ASSERT_NE(un, nullptr);
  EXPECT_EQ(un->sentences, 2);

  ASSERT_EQ(s.by_country.size(), 2u);
  const SourceCount* prk = find_count(s.by_country, "PRK");
  const SourceCount* irn = find_count(s.by_country, "IRN");
  ASSERT_TRUE(prk && irn);
  EXPECT_EQ(prk->documents, 2);
  EXPECT_EQ(irn->documents, 2);
  EXPECT_EQ(irn->sentences, 3);

  const SourceCount* y2011 = find_count(s.by_year, "2011");
  const SourceCount* y2012 = find_count(s.by_year, "2012");
  ASSERT_TRUE(y2011 && y2012);
  EXPECT_EQ(y2011->documents, 1);
  EXPECT_EQ(y2012->documents, 2);
  int64_t total = 0;
  for (const auto& y : s.by_year) total += y.documents;
  EXPECT_EQ(total, 4) << "the undated document is not counted in by_year";
}

TEST_F(ArchiveTest, StatsCountRevisions) {
  load_sample();
  ingest_text("edit.jsonl",
              record("k1", "Kim Yong Nam met the new ambassador.", "2011-12-01", "KCNA", "PRK"));
  ArchiveStats s = stats();
  EXPECT_EQ(s.documents, 4);
  EXPECT_EQ(s.revisions, 5);
  EXPECT_EQ(s.revised_documents, 1);
  EXPECT_EQ(s.sentences, 7);  // current revisions only
  EXPECT_EQ(s.indexed_sentences, 7);
}

TEST_F(ArchiveTest, HistoryListsRevisionsOldestFirst) {
  load_sample();
  ingest_text("edit.jsonl",
              record("k1", "Kim Yong Nam met the new ambassador.", "2011-12-01", "KCNA", "PRK"));
  auto h = archive_->history("k1");
  ASSERT_TRUE(h.is_ok()) << h.status().message();
  EXPECT_EQ(h->id, "k1");
  EXPECT_EQ(h->source, "KCNA");
  EXPECT_FALSE(h->withdrawn_at.has_value());
  ASSERT_EQ(h->revisions.size(), 2u);
  const RevisionInfo& r1 = h->revisions[0];
  const RevisionInfo& r2 = h->revisions[1];
  EXPECT_EQ(r1.n, 1);
  EXPECT_EQ(r1.text, "Kim Yong Nam met the ambassador. They talked.");
  EXPECT_EQ(r1.sha256, sha256_hex(r1.text));
  EXPECT_EQ(r1.sentences, 2);
  EXPECT_EQ(r1.origin, dir_.file("sample.jsonl") + ":1");
  EXPECT_FALSE(r1.seen_at.empty());
  EXPECT_EQ(r2.n, 2);
  EXPECT_EQ(r2.text, "Kim Yong Nam met the new ambassador.");
  EXPECT_EQ(r2.sentences, 1);
  EXPECT_EQ(r2.origin, dir_.file("edit.jsonl") + ":1");
  EXPECT_GE(r2.seen_at, r1.seen_at);
}

TEST_F(ArchiveTest, HistoryOfUnknownIdIsNotFound) {
  load_sample();
  auto h = archive_->history("no-such-id");
  ASSERT_FALSE(h.is_ok());
  EXPECT_EQ(h.status().code(), StatusCode::kNotFound);
}

TEST_F(ArchiveTest, CheckIsConsistentAfterIngest) {
  load_sample();
  CheckReport c = check();
  EXPECT_TRUE(c.consistent) << ::testing::PrintToString(c.problems);
  EXPECT_TRUE(c.problems.empty());
  EXPECT_EQ(c.documents, 4);
  EXPECT_EQ(c.sentences, 8);
}

TEST_F(ArchiveTest, CheckFindsWrongSentenceCount) {
  load_sample();
  raw_exec("UPDATE document SET sentence_count = sentence_count + 1 WHERE id = 'k1'");
  CheckReport c = check();
  EXPECT_FALSE(c.consistent);
  EXPECT_FALSE(c.problems.empty());
}

TEST_F(ArchiveTest, CheckFindsSentenceMissingFromIndex) {
  load_sample();
  raw_exec("DELETE FROM sentence_fts WHERE rowid = (SELECT min(rowid) FROM sentence_fts)");
  CheckReport c = check();
  EXPECT_FALSE(c.consistent);
  EXPECT_FALSE(c.problems.empty());
}

TEST_F(ArchiveTest, CheckFindsMissingRevision) {
  load_sample();
  raw_exec(
      "PRAGMA foreign_keys = OFF; DELETE FROM revision WHERE document_key = (SELECT key FROM "
      "document WHERE "
      "id = 'k2')");
  CheckReport c = check();
  EXPECT_FALSE(c.consistent);
}

TEST_F(ArchiveTest, CheckFindsSentenceOutsideItsText) {
  load_sample();
  raw_exec("UPDATE sentence SET end = end + 1000 WHERE id = (SELECT max(id) FROM sentence)");
  EXPECT_FALSE(check().consistent);
}

TEST_F(ArchiveTest, ReopenedArchiveKeepsItsContent) {
  load_sample();
  archive_.reset();
  auto ro = Archive::open(path_, Archive::Mode::kReadOnly);
  ASSERT_TRUE(ro.is_ok()) << ro.status().message();
  auto s = (*ro)->stats();
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->documents, 4);
  auto rw = Archive::open(path_, Archive::Mode::kReadWrite);
  ASSERT_TRUE(rw.is_ok()) << rw.status().message();
  EXPECT_EQ((*rw)->stats()->documents, 4);
}

TEST_F(ArchiveTest, ReadOnlyOpenOfMissingFileIsNotFound) {
  auto a = Archive::open(dir_.file("missing.db"), Archive::Mode::kReadOnly);
  ASSERT_FALSE(a.is_ok());
  EXPECT_EQ(a.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir_.file("missing.db")))
      << "a read-only open created the file";
}

TEST_F(ArchiveTest, OpenOfNonArchiveIsRefused) {
  write_file(dir_.file("junk.db"), std::string(4096, 'x'));
  EXPECT_FALSE(Archive::open(dir_.file("junk.db"), Archive::Mode::kReadOnly).is_ok());
  EXPECT_FALSE(Archive::open(dir_.file("junk.db"), Archive::Mode::kReadWrite).is_ok());
}

TEST_F(ArchiveTest, OpenOfOtherSqliteDatabaseIsRefused) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.file("other.db").c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE people(name TEXT)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_FALSE(Archive::open(dir_.file("other.db"), Archive::Mode::kReadOnly).is_ok());
  EXPECT_FALSE(Archive::open(dir_.file("other.db"), Archive::Mode::kReadWrite).is_ok());
}

TEST_F(ArchiveTest, NewerSchemaIsRefused) {
  load_sample();
  archive_.reset();
  raw_exec("UPDATE meta SET value = '" + std::to_string(kSchemaVersion + 1) +
           "' WHERE key = 'schema_version'");
  auto ro = Archive::open(path_, Archive::Mode::kReadOnly);
  ASSERT_FALSE(ro.is_ok());
  EXPECT_NE(ro.status().message().find("newer"), std::string::npos) << ro.status().message();
  EXPECT_FALSE(Archive::open(path_, Archive::Mode::kReadWrite).is_ok());
}

}  // namespace
}  // namespace fissure
