// Ingest through the library API: new, unchanged and revised documents, duplicates,
// boilerplate, --strict, --snapshot and bad input.
#include "fissure/store/ingest.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/store/search.h"
#include "fissure/text/fingerprint.h"
#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::gzip;
using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

using fissure::testing::Doc;
using fissure::testing::jsonl;
using fissure::testing::jsonl_line;

// Deterministic prose: `sentences` sentences of `words` words from a vocabulary that holds none
// of the marker words the tests search for.
std::string prose(uint32_t seed, int sentences, int words = 10) {
  static const std::vector<std::string> kVocabulary = {
      "people",      "party",    "state",      "leader",      "army",       "peace",     "workers",
      "victory",     "economy",  "science",    "minister",    "visit",      "talks",     "policy",
      "council",     "country",  "friendship", "development", "government", "president", "message",
      "anniversary", "congress", "committee",  "meeting",     "report",     "speech",    "great",
      "farm",        "factory",  "steel",      "coal",        "power",      "station",   "railway",
      "bridge",      "school",   "students",   "teachers",    "hospital",   "doctors",   "artists",
      "film",        "music",    "sports",     "games",       "medal",      "oil",       "ship",
      "sea",         "water",    "river",      "mountain",    "forest",     "harvest",   "city",
      "village",     "road",     "plan",       "year",        "work",       "youth",     "women",
      "union",       "field",    "grain",      "rice",        "fish",       "machine",   "engine",
      "tractor"};
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, kVocabulary.size() - 1);
  std::string out;
  for (int s = 0; s < sentences; ++s) {
    if (s) out += ' ';
    for (int w = 0; w < words; ++w) {
      std::string word = kVocabulary[pick(rng)];
      if (w == 0) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
      out += (w ? " " : "") + word;
    }
    out += '.';
  }
  return out;
}

class RecordingObserver : public IngestObserver {
 public:
  void on_skip(const std::string& message) override { skips.push_back(message); }
  std::vector<std::string> skips;
};

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path_ = dir_.file("archive.db");
    auto a = Archive::open(db_path_, Archive::Mode::kReadWrite);
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    archive_ = std::move(*a);
  }

  // Writes content to a file in the temp dir and ingests it (and any extra inputs).
  IngestSummary ingest_file(const std::string& name, const std::string& content,
                            IngestOptions options = {},
                            std::vector<std::string> extra_inputs = {}) {
    std::string path = dir_.file(name);
    write_file(path, content);
    std::vector<std::string> inputs = {path};
    inputs.insert(inputs.end(), extra_inputs.begin(), extra_inputs.end());
    return ingest_paths(inputs, options);
  }

  IngestSummary ingest_paths(const std::vector<std::string>& inputs, IngestOptions options = {}) {
    observer_.skips.clear();
    auto r = ingest(*archive_, inputs, options, observer_);
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    return r.is_ok() ? *r : IngestSummary{};
  }

  ArchiveStats stats() {
    auto s = archive_->stats();
    EXPECT_TRUE(s.is_ok()) << s.status().message();
    return s.is_ok() ? *s : ArchiveStats{};
  }

  SearchResults find(const std::string& text, SearchFilters filters = {}) {
    SearchQuery q;
    q.text = text;
    q.filters = filters;
    q.limit = 1000;
    auto r = search(*archive_, q);
    EXPECT_TRUE(r.is_ok()) << text << ": " << r.status().message();
    return r.is_ok() ? *r : SearchResults{};
  }

  DocumentHistory history(const std::string& id) {
    auto h = archive_->history(id);
    EXPECT_TRUE(h.is_ok()) << id << ": " << h.status().message();
    return h.is_ok() ? *h : DocumentHistory{};
  }

  void expect_consistent() {
    auto c = archive_->check();
    ASSERT_TRUE(c.is_ok()) << c.status().message();
    EXPECT_TRUE(c->consistent) << ::testing::PrintToString(c->problems);
  }

  // A number from the archive, through a separate plain SQLite connection.
  int64_t count(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db_path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      v = sqlite3_column_int64(st, 0);
    else
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
  }

  // Row counts of every table that an ingest writes to.
  std::vector<int64_t> table_counts() {
    std::vector<int64_t> out;
    for (const char* t : {"document", "revision", "sentence", "sentence_fts", "title_fts",
                          "duplicate", "minhash_band", "boilerplate"})
      out.push_back(count(std::string("SELECT count(*) FROM ") + t));
    return out;
  }

  TempDir dir_;
  std::string db_path_;
  std::unique_ptr<Archive> archive_;
  RecordingObserver observer_;
};

const std::vector<Doc> kThreeDocs = {
    {"kcna-1", "Kim Yong Nam met the Lao ambassador. They had a friendly talk.", "2011-12-01",
     "KCNA", "PRK", "Kim Yong Nam Meets Lao Ambassador"},
    {"kcna-2", "A delegation left Pyongyang for Tehran. It will attend the conference.",
     "2011-12-02", "KCNA", "PRK", "Delegation Leaves"},
    {"tt-1", "Tehran hosted the Non-Aligned Movement summit.", "2012-08", "Tehran Times", "IRN",
     ""},
};

TEST_F(IngestTest, NewDocumentsCounted) {
  IngestSummary s = ingest_file("a.jsonl", jsonl(kThreeDocs));
  EXPECT_EQ(s.files, 1);
  EXPECT_EQ(s.documents_read, 3);
  EXPECT_EQ(s.documents_new, 3);
  EXPECT_EQ(s.documents_revised, 0);
  EXPECT_EQ(s.documents_unchanged, 0);
  EXPECT_EQ(s.records_skipped, 0);
  EXPECT_EQ(s.sentences, 5);
  EXPECT_FALSE(s.aborted);
  EXPECT_GT(s.text_bytes, 0);
  EXPECT_TRUE(observer_.skips.empty());
  ArchiveStats st = stats();
  EXPECT_EQ(st.documents, 3);
  EXPECT_EQ(st.sentences, 5);
  EXPECT_EQ(st.indexed_sentences, 5);
  EXPECT_EQ(st.revisions, 3);
  expect_consistent();
}

TEST_F(IngestTest, GzipInputIsRead) {
  IngestSummary s = ingest_file("a.jsonl.gz", gzip(jsonl(kThreeDocs)));
  EXPECT_EQ(s.documents_new, 3);
  EXPECT_EQ(s.records_skipped, 0);
  EXPECT_EQ(stats().documents, 3);
}

TEST_F(IngestTest, FolderInputReadsEveryFile) {
  std::filesystem::create_directory(dir_.file("in"));
  write_file(dir_.file("in/one.jsonl"), jsonl({kThreeDocs[0]}));
  write_file(dir_.file("in/two.jsonl.gz"), gzip(jsonl({kThreeDocs[1], kThreeDocs[2]})));
  IngestSummary s = ingest_paths({dir_.file("in")});
  EXPECT_EQ(s.files, 2);
  EXPECT_EQ(s.documents_new, 3);
}

TEST_F(IngestTest, ReingestIsNoOp) {
  ingest_file("a.jsonl", jsonl(kThreeDocs));
  auto before = table_counts();
  IngestSummary s = ingest_file("a.jsonl", jsonl(kThreeDocs));
  EXPECT_EQ(s.documents_read, 3);
  EXPECT_EQ(s.documents_unchanged, 3);
  EXPECT_EQ(s.documents_new, 0);
  EXPECT_EQ(s.documents_revised, 0);
  EXPECT_EQ(s.sentences, 0);
  EXPECT_EQ(s.exact_duplicates + s.near_duplicates, 0);
  EXPECT_EQ(table_counts(), before);
  EXPECT_EQ(count("SELECT max(current_revision) FROM document"), 1);
  expect_consistent();
}

TEST_F(IngestTest, ChangedTextAddsRevision) {
  ingest_file("a.jsonl", jsonl(kThreeDocs));
  std::vector<Doc> changed = kThreeDocs;
  changed[1].text =
      "A delegation left Pyongyang for Tehran. It will attend the zeppelin exhibition.";
  IngestSummary s = ingest_file("b.jsonl", jsonl(changed));
  EXPECT_EQ(s.documents_revised, 1);
  EXPECT_EQ(s.documents_unchanged, 2);
  EXPECT_EQ(s.documents_new, 0);

  DocumentHistory h = history("kcna-2");
  ASSERT_EQ(h.revisions.size(), 2u);
  EXPECT_EQ(h.revisions[0].n, 1);
  EXPECT_EQ(h.revisions[1].n, 2);
  EXPECT_EQ(h.revisions[0].text, kThreeDocs[1].text);
  EXPECT_EQ(h.revisions[1].text, changed[1].text);
  EXPECT_EQ(h.revisions[0].sha256, sha256_hex(kThreeDocs[1].text));
  EXPECT_EQ(h.revisions[1].sha256, sha256_hex(changed[1].text));

  ArchiveStats st = stats();
  EXPECT_EQ(st.documents, 3);
  EXPECT_EQ(st.revisions, 4);
  EXPECT_EQ(st.revised_documents, 1);
  expect_consistent();
}

TEST_F(IngestTest, SearchFollowsTheCurrentRevision) {
  ingest_file("a.jsonl", jsonl(kThreeDocs));
  ASSERT_EQ(find("conference").total, 1);
  std::vector<Doc> changed = kThreeDocs;
  changed[1].text =
      "A delegation left Pyongyang for Tehran. It will attend the zeppelin exhibition.";
  ingest_file("b.jsonl", jsonl(changed));
  SearchResults now = find("zeppelin");
  ASSERT_EQ(now.total, 1);
  EXPECT_EQ(now.hits[0].document_id, "kcna-2");
  EXPECT_EQ(find("conference").total, 0) << "the removed text is still indexed";
  // The unchanged sentence is found once, not once per revision.
  EXPECT_EQ(find("delegation").total, 1);
}

TEST_F(IngestTest, RevertingTextAddsAThirdRevision) {
  ingest_file("a.jsonl", jsonl(kThreeDocs));
  std::vector<Doc> changed = kThreeDocs;
  changed[0].text = "Kim Yong Nam met the Lao ambassador.";
  ingest_file("b.jsonl", jsonl(changed));
  ingest_file("c.jsonl", jsonl(kThreeDocs));
  DocumentHistory h = history("kcna-1");
  ASSERT_EQ(h.revisions.size(), 3u);
  EXPECT_EQ(h.revisions[2].text, kThreeDocs[0].text);
  EXPECT_EQ(find("friendly").total, 1);
  expect_consistent();
}

TEST_F(IngestTest, ExactDuplicateUnderAnotherIdIsLinked) {
  std::vector<Doc> docs = kThreeDocs;
  Doc copy = docs[1];
  copy.id = "copy-of-kcna-2";
  docs.push_back(copy);
  IngestSummary s = ingest_file("a.jsonl", jsonl(docs));
  EXPECT_EQ(s.documents_new, 4);
  EXPECT_EQ(s.exact_duplicates, 1);
  EXPECT_EQ(s.near_duplicates, 0);
  EXPECT_EQ(stats().exact_duplicates, 1);
  EXPECT_EQ(count("SELECT count(*) FROM duplicate x JOIN document a ON a.key = x.document_key JOIN "
                  "document b ON "
                  "b.key = x.of_document_key WHERE a.id = 'copy-of-kcna-2' AND b.id = 'kcna-2' AND "
                  "x.kind = 'exact'"),
            1);
  expect_consistent();
}

TEST_F(IngestTest, NearDuplicateIsLinked) {
  Doc original{"long-1", prose(7, 20)};  // 200 words
  Doc edited = original;
  edited.id = "long-2";
  size_t pos = edited.text.find(' ', edited.text.size() / 2);
  size_t end = edited.text.find(' ', pos + 1);
  edited.text.replace(pos + 1, end - pos - 1, "zeppelin");  // one word changed
  ASSERT_NE(edited.text, original.text);
  Doc unrelated{"other", prose(8, 20)};
  IngestSummary s = ingest_file("a.jsonl", jsonl({original, unrelated, edited}));
  EXPECT_EQ(s.near_duplicates, 1);
  EXPECT_EQ(s.exact_duplicates, 0);
  ArchiveStats st = stats();
  EXPECT_EQ(st.near_duplicates, 1);
  EXPECT_EQ(st.exact_duplicates, 0);
  EXPECT_EQ(count("SELECT count(*) FROM duplicate x JOIN document a ON a.key = x.document_key JOIN "
                  "document b ON "
                  "b.key = x.of_document_key WHERE a.id = 'long-2' AND b.id = 'long-1' AND x.kind "
                  "= 'near' AND "
                  "x.similarity >= 0.9"),
            1);
  expect_consistent();
}

TEST_F(IngestTest, UnrelatedDocumentsAreNotLinked) {
  std::vector<Doc> docs;
  for (uint32_t i = 0; i < 10; ++i) docs.push_back({"d" + std::to_string(i), prose(100 + i, 20)});
  IngestSummary s = ingest_file("a.jsonl", jsonl(docs));
  EXPECT_EQ(s.exact_duplicates + s.near_duplicates, 0);
  EXPECT_EQ(count("SELECT count(*) FROM duplicate"), 0);
}

const char* kFooter = "All content of this site is copyright of the Example News Agency.";
// The boilerplate rule needs at least 50 documents of a source (docs/schema.md).
constexpr uint32_t kFooterDocs = 60;

TEST_F(IngestTest, RepeatedFooterBecomesBoilerplate) {
  std::vector<Doc> docs;
  for (uint32_t i = 0; i < kFooterDocs; ++i)
    docs.push_back({"kcna-" + std::to_string(i), prose(i, 3) + " " + kFooter});
  IngestSummary s = ingest_file("a.jsonl", jsonl(docs));
  EXPECT_EQ(s.documents_new, kFooterDocs);
  EXPECT_EQ(s.boilerplate_lines, 1);
  EXPECT_EQ(find("copyright").total, 0) << "the footer is still searchable";
  EXPECT_EQ(find("\"Example News Agency\"").total, 0);
  // The rest of the text stays searchable, and the footer stays in the stored text.
  EXPECT_GT(find("people OR party OR state OR leader").total, 0);
  for (const char* id : {"kcna-0", "kcna-59"}) {
    DocumentHistory h = history(id);
    ASSERT_EQ(h.revisions.size(), 1u);
    EXPECT_NE(h.revisions[0].text.find(kFooter), std::string::npos);
    EXPECT_EQ(h.revisions[0].sentences, 4);
  }
  ArchiveStats st = stats();
  EXPECT_EQ(st.boilerplate_lines, 1);
  EXPECT_EQ(st.sentences, 4 * kFooterDocs);
  EXPECT_EQ(st.indexed_sentences, 3 * kFooterDocs);
  expect_consistent();
}

TEST_F(IngestTest, BoilerplateFoundInEarlierRunAppliesToLaterDocuments) {
  std::vector<Doc> docs;
  for (uint32_t i = 0; i < kFooterDocs; ++i)
    docs.push_back({"kcna-" + std::to_string(i), prose(i, 3) + " " + kFooter});
  ingest_file("a.jsonl", jsonl(docs));
  IngestSummary s = ingest_file("b.jsonl", jsonl({{"kcna-new", prose(500, 3) + " " + kFooter}}));
  EXPECT_EQ(s.documents_new, 1);
  EXPECT_EQ(find("copyright").total, 0);
  expect_consistent();
}

TEST_F(IngestTest, BoilerplateIsPerSource) {
  std::vector<Doc> docs;
  for (uint32_t i = 0; i < kFooterDocs; ++i)
    docs.push_back({"kcna-" + std::to_string(i), prose(i, 3) + " " + kFooter});
  Doc other{"tt-1", prose(900, 3) + " " + kFooter, "2012-01-01", "Tehran Times", "IRN"};
  docs.push_back(other);
  ingest_file("a.jsonl", jsonl(docs));
  SearchResults r = find("copyright");
  ASSERT_EQ(r.total, 1) << "another source's sentence is not its boilerplate";
  EXPECT_EQ(r.hits[0].document_id, "tt-1");
}

TEST_F(IngestTest, RepeatedOneSentenceHeadlineStaysSearchable) {
  std::vector<Doc> docs;
  for (uint32_t i = 0; i < kFooterDocs; ++i)
    docs.push_back({"hl-" + std::to_string(i), "Kim Jong Un inspects fish farm."});
  IngestSummary s = ingest_file("a.jsonl", jsonl(docs));
  EXPECT_EQ(s.documents_new, kFooterDocs);
  EXPECT_EQ(s.boilerplate_lines, 0);
  EXPECT_EQ(stats().boilerplate_lines, 0);
  EXPECT_EQ(find("\"fish farm\"").total, kFooterDocs);
}

TEST_F(IngestTest, StrictWithBadLineWritesNothing) {
  std::string content =
      jsonl({kThreeDocs[0], kThreeDocs[1]}) + "{not json\n" + jsonl({kThreeDocs[2]});
  IngestOptions options;
  options.strict = true;
  IngestSummary s = ingest_file("a.jsonl", content, options);
  EXPECT_TRUE(s.aborted);
  EXPECT_EQ(s.records_skipped, 1);
  ASSERT_EQ(observer_.skips.size(), 1u);
  EXPECT_EQ(observer_.skips[0].rfind(dir_.file("a.jsonl") + ":3: ", 0), 0u) << observer_.skips[0];
  EXPECT_EQ(count("SELECT count(*) FROM document"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM revision"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM sentence_fts"), 0);
  expect_consistent();
}

TEST_F(IngestTest, StrictWithBadLineKeepsEarlierContent) {
  ingest_file("a.jsonl", jsonl({kThreeDocs[0]}));
  auto before = table_counts();
  std::vector<Doc> changed = {kThreeDocs[0], kThreeDocs[1]};
  changed[0].text = "Something else entirely.";
  IngestOptions options;
  options.strict = true;
  IngestSummary s = ingest_file("b.jsonl", jsonl(changed) + "{\"id\": \"x\"}\n", options);
  EXPECT_TRUE(s.aborted);
  EXPECT_EQ(table_counts(), before);
  EXPECT_EQ(history("kcna-1").revisions.size(), 1u);
  EXPECT_EQ(find("friendly").total, 1);
}

TEST_F(IngestTest, StrictWithGoodInputWritesEverything) {
  IngestOptions options;
  options.strict = true;
  IngestSummary s = ingest_file("a.jsonl", jsonl(kThreeDocs), options);
  EXPECT_FALSE(s.aborted);
  EXPECT_EQ(s.documents_new, 3);
  EXPECT_EQ(stats().documents, 3);
}

TEST_F(IngestTest, SnapshotMarksMissingDocumentWithdrawn) {
  ingest_file("a.jsonl", jsonl(kThreeDocs));
  IngestOptions options;
  options.snapshot = true;
  // KCNA's snapshot no longer has kcna-2; Tehran Times is not part of this run.
  IngestSummary s = ingest_file("b.jsonl", jsonl({kThreeDocs[0]}), options);
  EXPECT_EQ(s.withdrawn, 1);
  DocumentHistory h = history("kcna-2");
  EXPECT_TRUE(h.withdrawn_at.has_value());
  ASSERT_EQ(h.revisions.size(), 1u);
  EXPECT_EQ(h.revisions[0].text, kThreeDocs[1].text);
  EXPECT_FALSE(history("kcna-1").withdrawn_at.has_value());
  EXPECT_FALSE(history("tt-1").withdrawn_at.has_value()) << "another source was withdrawn";
  ArchiveStats st = stats();
  EXPECT_EQ(st.withdrawn_documents, 1);
  EXPECT_EQ(st.documents, 3);
  expect_consistent();
}

TEST_F(IngestTest, WithdrawnDocumentComesBackWhenSeenAgain) {
  ingest_file("a.jsonl", jsonl(kThreeDocs));
  IngestOptions options;
  options.snapshot = true;
  ingest_file("b.jsonl", jsonl({kThreeDocs[0]}), options);
  ASSERT_TRUE(history("kcna-2").withdrawn_at.has_value());
  ingest_file("c.jsonl", jsonl({kThreeDocs[0], kThreeDocs[1]}), options);
  EXPECT_FALSE(history("kcna-2").withdrawn_at.has_value());
  EXPECT_EQ(stats().withdrawn_documents, 0);
}

TEST_F(IngestTest, WithoutSnapshotNothingIsWithdrawn) {
  ingest_file("a.jsonl", jsonl(kThreeDocs));
  IngestSummary s = ingest_file("b.jsonl", jsonl({kThreeDocs[0]}));
  EXPECT_EQ(s.withdrawn, 0);
  EXPECT_EQ(stats().withdrawn_documents, 0);
}

// Bad input: each kind on its own line among good ones. Each is skipped with "FILE:LINE: reason";
// the good lines go in.
struct BadLine {
  const char* name;
  std::string line;
  const char* reason_contains;
};

class BadInputTest : public IngestTest, public ::testing::WithParamInterface<BadLine> {};

TEST_P(BadInputTest, SkippedWithFileLineAndReason) {
  const BadLine& bad = GetParam();
  std::string content = jsonl_line(kThreeDocs[0]) + "\n" + bad.line + "\n" + jsonl_line(kThreeDocs[1]) + "\n";
  IngestSummary s = ingest_file("in.jsonl", content);
  EXPECT_EQ(s.documents_new, 2);
  EXPECT_EQ(s.records_skipped, 1);
  ASSERT_EQ(observer_.skips.size(), 1u);
  const std::string& m = observer_.skips[0];
  EXPECT_EQ(m.rfind(dir_.file("in.jsonl") + ":2: ", 0), 0u) << m;
  std::string lower = m;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_NE(lower.find(bad.reason_contains), std::string::npos) << m;
  EXPECT_EQ(stats().documents, 2);
  expect_consistent();
}

INSTANTIATE_TEST_SUITE_P(
    IngestTest, BadInputTest,
    ::testing::Values(
        BadLine{"MalformedJson", R"({"id": "bad", "text": "unterminated)", "json"},
        BadLine{"NotAnObject", R"(["id", "text"])", "json"},
        BadLine{"MissingText", R"({"id": "bad", "source": "KCNA"})", "text"},
        BadLine{"EmptyText", R"({"id": "bad", "text": ""})", "text"},
        BadLine{"BlankText", R"({"id": "bad", "text": "  \n\t "})", "text"},
        BadLine{"MissingId", R"({"text": "A text without an id."})", "id"},
        BadLine{"InvalidUtf8", std::string("{\"id\": \"bad\", \"text\": \"caf\xC3\x28 bad\"}"),
                "utf-8"},
        BadLine{"OverlongUtf8", std::string("{\"id\": \"bad\", \"text\": \"slash \xC0\xAF here\"}"),
                "utf-8"},
        BadLine{"NulByte", R"({"id": "bad", "text": "before \u0000 after"})", "nul"},
        BadLine{"ImpossibleDate", R"({"id": "bad", "text": "Some text.", "date": "2023-02-30"})",
                "date"},
        BadLine{"GarbageDate", R"({"id": "bad", "text": "Some text.", "date": "yesterday"})",
                "date"},
        BadLine{"TextIsNotAString", R"({"id": "bad", "text": {"body": "x"}})", "text"}),
    [](const ::testing::TestParamInfo<BadLine>& info) { return std::string(info.param.name); });

TEST_F(IngestTest, BadLineNeverChangesStoredDocument) {
  ingest_file("a.jsonl", jsonl(kThreeDocs));
  auto before = table_counts();
  // The same id as a stored document, but the record is bad: the stored text stays.
  std::string content = std::string("{\"id\": \"kcna-1\", \"text\": \"bad \xFF bytes\"}\n") +
                        R"({"id": "kcna-2", "text": "nul \u0000"})" + "\n" +
                        R"({"id": "tt-1", "text": "dated", "date": "2012-13-01"})" + "\n";
  IngestSummary s = ingest_file("b.jsonl", content);
  EXPECT_EQ(s.records_skipped, 3);
  EXPECT_EQ(s.documents_read, 0);
  EXPECT_EQ(table_counts(), before);
  EXPECT_EQ(history("kcna-1").revisions.size(), 1u);
  EXPECT_EQ(history("kcna-1").revisions[0].text, kThreeDocs[0].text);
}

TEST_F(IngestTest, MixedBadLinesAreEachReportedWithTheirLineNumber) {
  std::string content = jsonl_line(kThreeDocs[0]) + "\n" +  // 1
                        "{oops\n" +                   // 2
                        "\n" +                        // 3 blank: ignored
                        R"({"id": "x"})" + "\n" +     // 4
                        jsonl_line(kThreeDocs[1]) + "\n" +  // 5
                        R"({"id": "y", "text": "t", "date": "1999-99"})" + "\n" +  // 6
                        jsonl_line(kThreeDocs[2]) + "\n";                                // 7
  IngestSummary s = ingest_file("m.jsonl", content);
  EXPECT_EQ(s.documents_new, 3);
  EXPECT_EQ(s.records_skipped, 3);
  ASSERT_EQ(observer_.skips.size(), 3u);
  const std::string f = dir_.file("m.jsonl");
  EXPECT_EQ(observer_.skips[0].rfind(f + ":2: ", 0), 0u) << observer_.skips[0];
  EXPECT_EQ(observer_.skips[1].rfind(f + ":4: ", 0), 0u) << observer_.skips[1];
  EXPECT_EQ(observer_.skips[2].rfind(f + ":6: ", 0), 0u) << observer_.skips[2];
  EXPECT_EQ(history("tt-1").revisions.at(0).origin, f + ":7");
}

TEST_F(IngestTest, EmptyFileAddsNothing) {
  ingest_file("a.jsonl", jsonl(kThreeDocs));
  auto before = table_counts();
  IngestSummary s = ingest_file("empty.jsonl", "");
  EXPECT_EQ(s.documents_read, 0);
  EXPECT_EQ(table_counts(), before);
  expect_consistent();
}

TEST_F(IngestTest, TruncatedGzipKeepsWhatCameBeforeAndReportsTheRest) {
  std::vector<Doc> docs;
  for (uint32_t i = 0; i < 200; ++i) docs.push_back({"t-" + std::to_string(i), prose(1000 + i, 5)});
  std::string gz = gzip(jsonl(docs));
  IngestSummary s = ingest_file("cut.jsonl.gz", gz.substr(0, gz.size() / 2));
  EXPECT_GT(s.documents_new, 0);
  EXPECT_LT(s.documents_new, 200);
  EXPECT_EQ(s.records_skipped, 1);
  ASSERT_EQ(observer_.skips.size(), 1u);
  const std::string& m = observer_.skips[0];
  // "FILE:LINE: reason", the line being the first one that could not be read whole.
  EXPECT_EQ(
      m.rfind(dir_.file("cut.jsonl.gz") + ":" + std::to_string(s.documents_new + 1) + ": ", 0), 0u)
      << m;
  EXPECT_NE(m.find("truncated"), std::string::npos) << m;
  EXPECT_EQ(stats().documents, s.documents_new);
  expect_consistent();
}

TEST_F(IngestTest, UnreadablePathIsReportedAndTheRestGoesIn) {
  std::string missing = dir_.file("no-such-file.jsonl");
  IngestSummary s = ingest_file("a.jsonl", jsonl(kThreeDocs), {}, {missing});
  EXPECT_EQ(s.documents_new, 3);
  EXPECT_EQ(s.records_skipped, 1);
  ASSERT_EQ(observer_.skips.size(), 1u);
  EXPECT_EQ(observer_.skips[0].rfind(missing + ": ", 0), 0u) << observer_.skips[0];
}

TEST_F(IngestTest, DuplicateIdWithinOneRunMakesARevision) {
  Doc second = kThreeDocs[0];
  second.text = "Kim Yong Nam met the Lao ambassador again.";
  IngestSummary s = ingest_file("a.jsonl", jsonl({kThreeDocs[0], second}));
  EXPECT_EQ(s.documents_new, 1);
  EXPECT_EQ(s.documents_revised, 1);
  EXPECT_EQ(history("kcna-1").revisions.size(), 2u);
  expect_consistent();
}

TEST_F(IngestTest, MetadataAndDatesAreStored) {
  ingest_file("a.jsonl", jsonl(kThreeDocs));
  EXPECT_EQ(count("SELECT count(*) FROM document WHERE id = 'tt-1' AND date = '2012-08' AND "
                  "date_precision = "
                  "'month' AND date_start = '2012-08-01' AND date_end = '2012-08-31' AND country = "
                  "'IRN' AND "
                  "source = 'Tehran Times' AND title IS NULL"),
            1);
  EXPECT_EQ(
      count("SELECT count(*) FROM document WHERE id = 'kcna-1' AND title = 'Kim Yong Nam Meets Lao "
            "Ambassador' AND date_precision = 'day'"),
      1);
}

}  // namespace
}  // namespace fissure
