// End-to-end tests of the fissure binary: exit codes and output formats.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::gzip;
using fissure::testing::run_fissure;
using fissure::testing::RunResult;
using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

std::string record(const std::string& id, const std::string& text,
                   const std::string& date = "2012-05-01", const std::string& source = "KCNA",
                   const std::string& country = "PRK", const std::string& title = "A title") {
  json j = {{"id", id}, {"text", text}, {"source", source}, {"country", country}, {"title", title}};
  j["date"] = date.empty() ? json(nullptr) : json(date);
  return j.dump() + "\n";
}

std::string describe(const RunResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

// RFC 4180 CSV: rows of fields; quoted fields may hold commas, quotes ("") and line breaks.
// Returns false on malformed input (an unterminated quote, text after a closing quote).
bool parse_csv(const std::string& s, std::vector<std::vector<std::string>>* rows) {
  rows->clear();
  std::vector<std::string> row;
  std::string field;
  size_t i = 0;
  bool field_started = false;
  while (i < s.size()) {
    char c = s[i];
    if (!field_started && c == '"') {
      ++i;
      for (;;) {
        if (i >= s.size()) return false;
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += s[i++];
      }
      if (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') return false;
      field_started = true;
      continue;
    }
    if (c == ',') {
      row.push_back(field);
      field.clear();
      field_started = false;
      ++i;
    } else if (c == '\n' || c == '\r') {
      row.push_back(field);
      rows->push_back(row);
      row.clear();
      field.clear();
      field_started = false;
      i += (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
    } else {
      field += c;
      field_started = true;
      ++i;
    }
  }
  if (field_started || !row.empty()) {
    row.push_back(field);
    rows->push_back(row);
  }
  return true;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("archive.db");
    input_ = dir_.file("in.jsonl");
    write_file(
        input_,
        record("k1",
               "Kim Yong Nam met the Iranian ambassador in Pyongyang. They discussed cooperation.",
               "2011-12-01", "KCNA", "PRK", "Kim Yong Nam Meets Iranian Ambassador") +
            record("k2",
                   "A delegation, led by the minister, left for Tehran.\nIt will visit Iran for a "
                   "week.",
                   "2012-01-05", "KCNA", "PRK", "Delegation Leaves for Iran") +
            record("t1", "Tehran hosted the \"Non-Aligned\" summit; Iran welcomed the delegates.",
                   "2012-08", "Tehran Times", "IRN", "NAM summit"));
  }

  RunResult ingest_sample() {
    RunResult r = run_fissure({"ingest", "--db", db_, input_});
    EXPECT_EQ(r.exit_code, 0) << describe(r);
    return r;
  }

  TempDir dir_;
  std::string db_, input_;
};

TEST_F(CliTest, VersionAndHelpExitZero) {
  RunResult v = run_fissure({"--version"});
  EXPECT_EQ(v.exit_code, 0) << describe(v);
  EXPECT_NE(v.out.find("fissure"), std::string::npos);
  RunResult h = run_fissure({"search", "--help"});
  EXPECT_EQ(h.exit_code, 0) << describe(h);
  EXPECT_NE(h.out.find("--db"), std::string::npos);
}

TEST_F(CliTest, IngestOkExitsZeroAndSummarises) {
  RunResult r = ingest_sample();
  EXPECT_NE(r.out.find("new 3"), std::string::npos) << describe(r);
  EXPECT_TRUE(r.err.empty()) << describe(r);
}

TEST_F(CliTest, IngestGzipInput) {
  write_file(dir_.file("in.jsonl.gz"), gzip(testing::read_file(input_)));
  RunResult r = run_fissure({"ingest", "--db", db_, dir_.file("in.jsonl.gz")});
  EXPECT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_NE(r.out.find("new 3"), std::string::npos) << describe(r);
}

TEST_F(CliTest, IngestFromStdin) {
  RunResult r = run_fissure({"ingest", "--db", db_, "-"}, testing::read_file(input_));
  EXPECT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_NE(r.out.find("new 3"), std::string::npos) << describe(r);
}

TEST_F(CliTest, ReingestReportsUnchanged) {
  ingest_sample();
  RunResult r = run_fissure({"ingest", "--db", db_, input_});
  EXPECT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_NE(r.out.find("unchanged 3"), std::string::npos) << describe(r);
  EXPECT_NE(r.out.find("new 0"), std::string::npos) << describe(r);
}

TEST_F(CliTest, IngestWithSkippedRecordsExitsThree) {
  std::string bad = dir_.file("bad.jsonl");
  write_file(bad,
             record("g1", "A good record.") + "{broken\n" + record("g2", "Another good record."));
  RunResult r = run_fissure({"ingest", "--db", db_, bad});
  EXPECT_EQ(r.exit_code, 3) << describe(r);
  EXPECT_NE(r.err.find(bad + ":2: "), std::string::npos) << describe(r);
  EXPECT_NE(r.out.find("new 2"), std::string::npos) << describe(r);
}

TEST_F(CliTest, StrictIngestWithBadRecordWritesNothing) {
  std::string bad = dir_.file("bad.jsonl");
  write_file(bad, record("g1", "A good record.") + "{broken\n");
  RunResult r = run_fissure({"ingest", "--strict", "--db", db_, bad});
  EXPECT_EQ(r.exit_code, 3) << describe(r);
  RunResult s = run_fissure({"stats", "--db", db_, "--format", "json"});
  ASSERT_EQ(s.exit_code, 0) << describe(s);
  EXPECT_EQ(json::parse(s.out)["documents"], 0);
}

TEST_F(CliTest, IngestOfMissingFileExitsThree) {
  RunResult r = run_fissure({"ingest", "--db", db_, dir_.file("missing.jsonl")});
  EXPECT_EQ(r.exit_code, 3) << describe(r);
  EXPECT_NE(r.err.find("missing.jsonl"), std::string::npos) << describe(r);
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  ingest_sample();
  const std::vector<std::vector<std::string>> cases = {
      {},                                                                 // no command
      {"frobnicate"},                                                     // unknown command
      {"ingest", input_},                                                 // missing --db
      {"search", "Iran"},                                                 // missing --db
      {"search", "--db", db_},                                            // missing query
      {"search", "--db", db_, "--format", "xml", "Iran"},                 // bad --format
      {"kwic", "--db", db_, "--format", "yaml", "Iran"},                  // bad --format
      {"search", "--db", db_, "--from", "2012-13", "Iran"},               // bad date
      {"search", "--db", db_, "--to", "yesterday", "Iran"},               // bad date
      {"search", "--db", db_, "--from", "2013", "--to", "2012", "Iran"},  // from after to
      {"search", "--db", db_, "--limit", "many", "Iran"},                 // not a number
      {"search", "--db", db_, "\"unbalanced"},                            // bad query
      {"search", "--db", db_, "NOT Iran"},                                // bad query
      {"kwic", "--db", db_, "--window", "-3", "Iran"},                    // bad window
      {"ingest", "--db", db_, "--format", "docx", input_},                // unknown input format
      {"search", "--db", dir_.file("missing.db"), "Iran"},                // no such archive
      {"history", "--db", db_, "no-such-id"},                             // no such document
  };
  for (const auto& args : cases) {
    RunResult r = run_fissure(args);
    EXPECT_EQ(r.exit_code, 2) << ::testing::PrintToString(args) << "\n" << describe(r);
    EXPECT_FALSE(r.err.empty()) << ::testing::PrintToString(args);
  }
}

TEST_F(CliTest, SearchOfMissingArchiveDoesNotCreateIt) {
  RunResult r = run_fissure({"search", "--db", dir_.file("missing.db"), "Iran"});
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_FALSE(std::filesystem::exists(dir_.file("missing.db")));
}

TEST_F(CliTest, FailureExitsOne) {
  // An archive path that cannot be a database: a folder.
  std::filesystem::create_directory(dir_.file("folder.db"));
  RunResult r = run_fissure({"ingest", "--db", dir_.file("folder.db"), input_});
  EXPECT_EQ(r.exit_code, 1) << describe(r);
  EXPECT_FALSE(r.err.empty());
}

TEST_F(CliTest, CheckOfDamagedArchiveExitsOne) {
  write_file(dir_.file("junk.db"), std::string(8192, '\x5a'));
  RunResult r = run_fissure({"check", "--db", dir_.file("junk.db")});
  EXPECT_EQ(r.exit_code, 1) << describe(r);
}

TEST_F(CliTest, SearchJson) {
  ingest_sample();
  RunResult r = run_fissure({"search", "--db", db_, "--format", "json", "Iran*"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  json j = json::parse(r.out);
  ASSERT_TRUE(j.contains("total"));
  ASSERT_TRUE(j["hits"].is_array());
  EXPECT_EQ(j["total"], 3);  // "Iranian", "Iran", "Iran"
  ASSERT_EQ(j["hits"].size(), 3u);
  for (const auto& h : j["hits"]) {
    for (const char* key : {"document_id", "sentence_id", "date", "country", "source", "title",
                            "sentence", "snippet", "score", "coding"})
      EXPECT_TRUE(h.contains(key)) << key << " missing in " << h.dump();
    EXPECT_TRUE(h["document_id"].is_string());
    EXPECT_TRUE(h["sentence_id"].is_number_integer());
    EXPECT_TRUE(h["score"].is_number());
    EXPECT_NE(h["snippet"].get<std::string>().find('['), std::string::npos);
  }
}

TEST_F(CliTest, SearchJsonFieldsCarryTheDocument) {
  ingest_sample();
  RunResult r = run_fissure({"search", "--db", db_, "--format", "json", "summit"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  json j = json::parse(r.out);
  ASSERT_EQ(j["total"], 1);
  const json& h = j["hits"][0];
  EXPECT_EQ(h["document_id"], "t1");
  EXPECT_EQ(h["date"], "2012-08");
  EXPECT_EQ(h["country"], "IRN");
  EXPECT_EQ(h["source"], "Tehran Times");
  EXPECT_EQ(h["title"], "NAM summit");
  EXPECT_EQ(h["sentence"],
            "Tehran hosted the \"Non-Aligned\" summit; Iran welcomed the delegates.");
  EXPECT_NE(h["snippet"].get<std::string>().find("[summit]"), std::string::npos) << h.dump();
}

TEST_F(CliTest, SearchFiltersOnTheCommandLine) {
  ingest_sample();
  auto total = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"search", "--db", db_, "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("Iran OR Tehran");
    RunResult r = run_fissure(args);
    EXPECT_EQ(r.exit_code, 0) << describe(r);
    return r.exit_code == 0 ? json::parse(r.out)["total"].get<int64_t>() : -1;
  };
  EXPECT_EQ(total({}), 3);
  EXPECT_EQ(total({"--country", "IRN"}), 1);
  EXPECT_EQ(total({"--source", "KCNA"}), 2);
  EXPECT_EQ(total({"--from", "2012-08-15", "--to", "2012-08-20"}), 1);
  EXPECT_EQ(total({"--from", "2012"}), 3);
  EXPECT_EQ(total({"--to", "2011"}), 0);  // k1 mentions "Iranian", not Iran or Tehran
}

TEST_F(CliTest, SearchNoHitsExitsZero) {
  ingest_sample();
  RunResult r = run_fissure({"search", "--db", db_, "--format", "json", "zeppelin"});
  EXPECT_EQ(r.exit_code, 0) << describe(r);
  json j = json::parse(r.out);
  EXPECT_EQ(j["total"], 0);
  EXPECT_TRUE(j["hits"].empty());
}

TEST_F(CliTest, SearchCsvHasHeaderAndParses) {
  ingest_sample();
  RunResult r = run_fissure({"search", "--db", db_, "--format", "csv", "Tehran OR delegation"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  std::vector<std::vector<std::string>> rows;
  ASSERT_TRUE(parse_csv(r.out, &rows)) << r.out;
  ASSERT_GE(rows.size(), 3u) << r.out;
  EXPECT_EQ(rows[0], (std::vector<std::string>{"document_id", "sentence_id", "date", "country",
                                               "source", "title", "sentence", "snippet", "score", "speaker", "tone", "actors", "domains"}));
  bool saw_quoted = false;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), rows[0].size()) << "row " << i << " of\n" << r.out;
    EXPECT_FALSE(rows[i][0].empty());
    EXPECT_NO_THROW((void)std::stod(rows[i][8]));
    if (rows[i][6] == "Tehran hosted the \"Non-Aligned\" summit; Iran welcomed the delegates.")
      saw_quoted = true;
    if (rows[i][0] == "k2") {
      EXPECT_EQ(rows[i][6], "A delegation, led by the minister, left for Tehran.");
    }
  }
  EXPECT_TRUE(saw_quoted) << r.out;
}

TEST_F(CliTest, SearchTableShowsTotal) {
  ingest_sample();
  RunResult r = run_fissure({"search", "--db", db_, "summit"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_NE(r.out.find("1 matching sentence"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("t1"), std::string::npos) << r.out;
}

TEST_F(CliTest, KwicJson) {
  ingest_sample();
  RunResult r = run_fissure({"kwic", "--db", db_, "--format", "json", "--window", "2", "Iran"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  json j = json::parse(r.out);
  EXPECT_EQ(j["total"], 2);
  ASSERT_EQ(j["lines"].size(), 2u);
  for (const auto& l : j["lines"])
    for (const char* key : {"document_id", "date", "country", "left", "keyword", "right"})
      EXPECT_TRUE(l.contains(key)) << key << " missing in " << l.dump();
  const json& first = j["lines"][0];  // archive order: k2 (2012-01) before t1 (2012-08)
  EXPECT_EQ(first["document_id"], "k2");
  EXPECT_EQ(first["left"], "will visit");
  EXPECT_EQ(first["keyword"], "Iran");
  EXPECT_EQ(first["right"], "for a");
  EXPECT_EQ(first["date"], "2012-01-05");
  EXPECT_EQ(first["country"], "PRK");
}

TEST_F(CliTest, KwicCsvParses) {
  ingest_sample();
  RunResult r = run_fissure({"kwic", "--db", db_, "--format", "csv", "delegation"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  std::vector<std::vector<std::string>> rows;
  ASSERT_TRUE(parse_csv(r.out, &rows)) << r.out;
  ASSERT_EQ(rows.size(), 2u) << r.out;
  for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size());
  EXPECT_NE(std::find(rows[0].begin(), rows[0].end(), "keyword"), rows[0].end());
  EXPECT_EQ(rows[1][0], "k2");
}

TEST_F(CliTest, StatsJson) {
  ingest_sample();
  RunResult r = run_fissure({"stats", "--db", db_, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  json j = json::parse(r.out);
  EXPECT_EQ(j["documents"], 3);
  EXPECT_EQ(j["sentences"], 5);
  EXPECT_EQ(j["revisions"], 3);
  EXPECT_TRUE(j.contains("by_source"));
  EXPECT_TRUE(j.contains("by_country"));
  EXPECT_TRUE(j.contains("by_year"));
}

TEST_F(CliTest, StatsCsvParses) {
  ingest_sample();
  RunResult r = run_fissure({"stats", "--db", db_, "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  std::vector<std::vector<std::string>> rows;
  ASSERT_TRUE(parse_csv(r.out, &rows)) << r.out;
  ASSERT_GE(rows.size(), 2u);
  for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size());
}

TEST_F(CliTest, StatsTable) {
  ingest_sample();
  RunResult r = run_fissure({"stats", "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_NE(r.out.find("Tehran Times"), std::string::npos) << r.out;
}

TEST_F(CliTest, HistoryShowsTheDiff) {
  ingest_sample();
  std::string edit = dir_.file("edit.jsonl");
  write_file(
      edit,
      record("k2",
             "A delegation, led by the minister, left for Tehran.\nIt will visit Iran for a month.",
             "2012-01-05", "KCNA", "PRK", "Delegation Leaves for Iran"));
  RunResult i = run_fissure({"ingest", "--db", db_, edit});
  ASSERT_EQ(i.exit_code, 0) << describe(i);
  EXPECT_NE(i.out.find("revised 1"), std::string::npos) << i.out;
  RunResult r = run_fissure({"history", "--db", db_, "k2"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_NE(r.out.find("2 revisions"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("- It will visit Iran for a week."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("+ It will visit Iran for a month."), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("- A delegation"), std::string::npos) << r.out;
}

TEST_F(CliTest, HistoryJson) {
  ingest_sample();
  RunResult r = run_fissure({"history", "--db", db_, "--format", "json", "t1"});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  json j = json::parse(r.out);
  EXPECT_EQ(j["document_id"], "t1");
  ASSERT_EQ(j["revisions"].size(), 1u);
  EXPECT_EQ(j["revisions"][0]["n"], 1);
  EXPECT_EQ(j["revisions"][0]["text"],
            "Tehran hosted the \"Non-Aligned\" summit; Iran welcomed the delegates.");
}

TEST_F(CliTest, CheckExitsZero) {
  ingest_sample();
  RunResult r = run_fissure({"check", "--db", db_});
  EXPECT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_NE(r.out.find("consistent"), std::string::npos) << r.out;
  RunResult j = run_fissure({"check", "--db", db_, "--format", "json"});
  ASSERT_EQ(j.exit_code, 0) << describe(j);
  EXPECT_EQ(json::parse(j.out)["consistent"], true);
  EXPECT_EQ(json::parse(j.out)["documents"], 3);
}

TEST_F(CliTest, CheckOfMissingArchiveIsNotCreated) {
  RunResult r = run_fissure({"check", "--db", dir_.file("missing.db")});
  EXPECT_NE(r.exit_code, 0) << describe(r);
  EXPECT_FALSE(std::filesystem::exists(dir_.file("missing.db")));
}

TEST_F(CliTest, OptimizeMergesTheIndexAndReportsSegments) {
  ingest_sample();
  // A second ingest adds a segment of its own.
  write_file(dir_.file("more.jsonl"), record("m1", "Pyongyang thanked Tehran for the visit.",
                                             "2013-02-01", "KCNA", "PRK", "A Visit"));
  RunResult more = run_fissure({"ingest", "--db", db_, "--no-code", dir_.file("more.jsonl")});
  ASSERT_EQ(more.exit_code, 0) << describe(more);
  RunResult j = run_fissure({"optimize", "--db", db_, "--format", "json"});
  ASSERT_EQ(j.exit_code, 0) << describe(j);
  json report = json::parse(j.out);
  ASSERT_EQ(report["indexes"].size(), 2u);
  EXPECT_EQ(report["indexes"][0]["index"], "sentence_fts");
  EXPECT_EQ(report["indexes"][0]["segments_before"], 2);
  EXPECT_EQ(report["indexes"][0]["segments_after"], 1);
  EXPECT_EQ(report["indexes"][1]["index"], "title_fts");
  EXPECT_TRUE(report["seconds"].is_number());
  RunResult t = run_fissure({"optimize", "--db", db_});
  ASSERT_EQ(t.exit_code, 0) << describe(t);
  EXPECT_NE(t.out.find("sentence_fts 1 -> 1 segments"), std::string::npos) << t.out;
  RunResult s = run_fissure({"search", "--db", db_, "--format", "json", "thanked"});
  ASSERT_EQ(s.exit_code, 0) << describe(s);
  EXPECT_EQ(json::parse(s.out)["total"], 1);
  EXPECT_EQ(run_fissure({"check", "--db", db_}).exit_code, 0);
}

TEST_F(CliTest, IngestCanOptimizeAtTheEnd) {
  write_file(dir_.file("one.jsonl"), record("o1", "Iran and the DPRK signed an accord.",
                                            "2013-02-01", "KCNA", "PRK", "Accord"));
  RunResult r = run_fissure({"ingest", "--db", db_, "--no-code", "--optimize", dir_.file("one.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_NE(r.out.find("full-text index merged: sentence_fts"), std::string::npos) << r.out;
}

TEST_F(CliTest, OptimizeOfMissingArchiveIsAUsageErrorAndCreatesNothing) {
  RunResult r = run_fissure({"optimize", "--db", dir_.file("missing.db")});
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("no such archive"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("missing.db")));
}

TEST_F(CliTest, SnapshotWithdrawsMissingDocument) {
  ingest_sample();
  std::string part = dir_.file("part.jsonl");
  write_file(
      part,
      record("k1",
             "Kim Yong Nam met the Iranian ambassador in Pyongyang. They discussed cooperation.",
             "2011-12-01", "KCNA", "PRK", "Kim Yong Nam Meets Iranian Ambassador"));
  RunResult r = run_fissure({"ingest", "--snapshot", "--db", db_, part});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  RunResult h = run_fissure({"history", "--db", db_, "--format", "json", "k2"});
  ASSERT_EQ(h.exit_code, 0) << describe(h);
  EXPECT_FALSE(json::parse(h.out)["withdrawn_at"].is_null()) << h.out;
}

}  // namespace
}  // namespace fissure
