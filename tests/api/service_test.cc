// The API without HTTP: every endpoint answers what its CLI command prints with --format json,
// bad requests get 4xx with a message, uploads are all or nothing, analyses are cached until the
// archive changes, and reads stop at their time limit.
#include "fissure/api/service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "fissure/coding/sentence_coder.h"
#include "fissure/store/archive.h"
#include "pair_archive.h"
#include "test_support.h"

namespace fissure::api {
namespace {

using fissure::testing::Doc;
using fissure::testing::jsonl;
using fissure::testing::pair_documents;
using fissure::testing::run_fissure;
using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

ApiRequest get(std::string path, std::multimap<std::string, std::string> params = {}) {
  ApiRequest r;
  r.path = std::move(path);
  r.params = Params(std::move(params));
  r.access = "local";
  return r;
}

json body(const ApiResponse& r) { return json::parse(r.body); }

class ServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    write_file(dir_->file("in.jsonl"), jsonl(pair_documents()));
    db_ = dir_->file("pair.db");
    auto r = run_fissure({"ingest", "--quiet", "--db", db_, dir_->file("in.jsonl")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  // A fresh copy of the archive, for tests that write to it.
  std::string copy_archive(const TempDir& into) {
    std::string path = into.file("copy.db");
    std::filesystem::copy_file(db_, path);
    return path;
  }

  static json cli_json(std::vector<std::string> args) {
    args.push_back("--format");
    args.push_back("json");
    auto r = run_fissure(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }

  static TempDir* dir_;
  static std::string db_;
};
TempDir* ServiceTest::dir_ = nullptr;
std::string ServiceTest::db_;

TEST_F(ServiceTest, EndpointsAnswerWhatTheCliPrints) {
  Service service({.db_path = db_});
  struct Case {
    ApiRequest request;
    std::vector<std::string> cli;
  };
  std::vector<Case> cases = {
      {get("/api/search", {{"q", "Iran"}, {"country", "PRK"}, {"limit", "5"}}),
       {"search", "--db", db_, "Iran", "--country", "PRK", "--limit", "5"}},
      {get("/api/kwic", {{"term", "friendship"}, {"window", "3"}}),
       {"kwic", "--db", db_, "friendship", "--window", "3"}},
      {get("/api/stats"), {"stats", "--db", db_}},
      {get("/api/dyad", {{"a", "irn"}, {"b", "PRK"}, {"by", "quarter"}}),
       {"dyad", "--db", db_, "IRN", "PRK", "--by", "quarter"}},
      {get("/api/cracks", {{"a", "IRN"}, {"b", "PRK"}, {"by", "quarter"}, {"evidence", "3"}}),
       {"cracks", "--db", db_, "IRN", "PRK", "--by", "quarter", "--evidence", "3"}},
      {get("/api/digest", {{"since", "2019-07"}, {"pairs", "IRN-PRK"}}),
       {"digest", "--db", db_, "--since", "2019-07", "IRN-PRK"}},
  };
  for (const Case& c : cases) {
    ApiResponse r = service.handle(c.request);
    ASSERT_EQ(r.status, 200) << c.request.path << ": " << r.body;
    json api = body(r), cli = cli_json(c.cli);
    if (c.request.path == "/api/digest") {  // stamped with the time it was made
      api.erase("generated_at");
      cli.erase("generated_at");
    }
    EXPECT_EQ(api, cli) << c.request.path;
  }
  json with_facets = body(service.handle(get("/api/search", {{"q", "Iran"}, {"facets", "1"}})));
  int64_t by_country = 0;
  for (const json& f : with_facets["facets"]["country"]) by_country += f["count"].get<int64_t>();
  EXPECT_EQ(by_country, with_facets["total"].get<int64_t>());
  EXPECT_EQ(with_facets["facets"]["year"][0]["value"], "2019");
  json hits = body(service.handle(cases[0].request))["hits"];
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["country"], "PRK");
}

TEST_F(ServiceTest, DocumentHasOffsetsIntoItsTextAndItsRevisions) {
  TempDir dir;
  std::string db = copy_archive(dir);
  write_file(dir.file("rev.jsonl"),
             jsonl({Doc("ir-1-0", "Iran praised North Korea. The talks went on for a second day.",
                        "2019-01-03", "Iran Daily", "IRN")}));
  ASSERT_EQ(run_fissure({"ingest", "--quiet", "--db", db, dir.file("rev.jsonl")}).exit_code, 0);
  Service service({.db_path = db});

  json d = body(service.handle(get("/api/document", {{"id", "ir-1-0"}})));
  EXPECT_EQ(d["current_revision"], 2);
  EXPECT_EQ(d["revision"], 2);
  ASSERT_EQ(d["revisions"].size(), 2u);
  std::string text = d["text"];
  EXPECT_EQ(text, "Iran praised North Korea. The talks went on for a second day.");
  ASSERT_EQ(d["sentences"].size(), 2u);
  for (const json& s : d["sentences"]) {
    size_t start = s["start"], end = s["end"];
    ASSERT_LE(end, text.size());
    for (const json& m : s["mentions"]) {
      size_t ms = m["start"], me = m["end"];
      EXPECT_GE(ms, start);
      EXPECT_LE(me, end);
    }
  }
  const json& first = d["sentences"][0];
  ASSERT_GE(first["mentions"].size(), 2u);
  EXPECT_EQ(text.substr(first["mentions"][0]["start"], 4), "Iran");
  EXPECT_EQ(first["coding"]["speaker"], "IRN");

  json old = body(service.handle(get("/api/document", {{"id", "ir-1-0"}, {"revision", "1"}})));
  EXPECT_EQ(old["revision"], 1);
  EXPECT_NE(old["text"], d["text"]);
  EXPECT_EQ(service.handle(get("/api/document", {{"id", "ir-1-0"}, {"revision", "7"}})).status,
            404);
}

TEST_F(ServiceTest, BadRequestsGetA4xxWithAMessage) {
  Service service({.db_path = db_});
  struct Case {
    ApiRequest request;
    int status;
    std::string says;
  };
  ApiRequest post = get("/api/search", {{"q", "Iran"}});
  post.method = "POST";
  std::vector<Case> cases = {
      {get("/api/search"), 400, "q"},
      {get("/api/search", {{"q", "Iran"}, {"limt", "5"}}), 400, "unknown parameter \"limt\""},
      {get("/api/search", {{"q", "Iran"}, {"limit", "many"}}), 400, "limit"},
      {get("/api/search", {{"q", "Iran"}, {"tone_min", "-3"}}), 400, "tone_min"},
      {get("/api/search", {{"q", "\"unclosed"}}), 400, ""},
      {get("/api/search", {{"q", std::string("Ir\xff\xfe")}}), 400, "UTF-8"},
      {get("/api/search", {{"q", std::string(10000, 'a')}}), 400, "bytes long"},
      {get("/api/document", {{"id", "no-such-document"}}), 404, "no-such-document"},
      {get("/api/dyad", {{"a", "IRN"}}), 400, "a and b"},
      {get("/api/dyad", {{"a", "IRN"}, {"b", "PRK"}, {"by", "decade"}}), 400, ""},
      {get("/api/dyad", {{"a", "IRN"}, {"b", "PRK"}, {"from", "2019-13"}}), 400, "from"},
      {get("/api/digest"), 400, "since"},
      {get("/api/nothing"), 404, "no such endpoint"},
      {post, 405, "GET"},
      {get("/api/ingest"), 405, "POST"},
  };
  for (const Case& c : cases) {
    ApiResponse r = service.handle(c.request);
    EXPECT_EQ(r.status, c.status) << c.request.path << " " << r.body;
    json b = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(b.is_object()) << r.body;
    ASSERT_TRUE(b.contains("error")) << r.body;
    EXPECT_NE(b["error"].get<std::string>().find(c.says), std::string::npos) << b["error"];
  }
}

TEST_F(ServiceTest, UploadsAreAllOrNothing) {
  TempDir dir;
  std::string db = copy_archive(dir);
  // The built-in dictionaries, as `fissure ingest` without --reference coded the archive.
  std::vector<std::string> problems;
  auto coder = FissureCoder::create(CoderConfig{}, &problems);
  ASSERT_TRUE(coder) << coder.status().message();
  Service service({.db_path = db, .coder = coder->get()});
  auto documents = [&] {
    return body(service.handle(get("/api/stats")))["documents"].get<int64_t>();
  };
  const int64_t before = documents();

  ApiRequest upload;
  upload.method = "POST";
  upload.path = "/api/ingest";
  upload.params =
      Params(std::multimap<std::string, std::string>{{"filename", "../../etc/new.jsonl"}});
  upload.may_ingest = true;
  upload.body =
      jsonl({Doc("new-1", "Iran and North Korea met in Tehran.", "2020-02-01", "Iran Daily", "IRN"),
             Doc("new-2", "KCNA reported on the harvest.", "2020-02-02")}) +
      "{\"id\": \"broken\", \"text\": \n" +
      jsonl({Doc("new-3", "A third document that must not go in alone.", "2020-02-03")});
  ApiResponse bad = service.handle(upload);
  EXPECT_EQ(bad.status, 422) << bad.body;
  json b = body(bad);
  ASSERT_EQ(b["skipped"].size(), 1u);
  EXPECT_EQ(b["skipped"][0].get<std::string>().rfind("new.jsonl:3:", 0), 0u) << b["skipped"][0];
  EXPECT_EQ(documents(), before);

  upload.body =
      jsonl({Doc("new-1", "Iran and North Korea met in Tehran.", "2020-02-01", "Iran Daily", "IRN"),
             Doc("new-2", "KCNA reported on the harvest.", "2020-02-02")});
  ApiResponse good = service.handle(upload);
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(body(good)["documents_new"], 2);
  EXPECT_EQ(documents(), before + 2);
  json found = body(service.handle(get("/api/search", {{"q", "\"met in Tehran\""}})));
  ASSERT_EQ(found["total"], 1);
  EXPECT_EQ(found["hits"][0]["coding"]["actors"], json({"IRN", "PRK"}));

  upload.may_ingest = false;
  EXPECT_EQ(service.handle(upload).status, 403);
  // A coded archive takes no uploads it could not code.
  Service without_coder({.db_path = db});
  upload.may_ingest = true;
  EXPECT_EQ(without_coder.handle(upload).status, 503);
  upload.may_ingest = true;
  upload.body.clear();
  EXPECT_EQ(service.handle(upload).status, 400);
}

TEST_F(ServiceTest, AfterACommitOneRequestRecomputesAnAnalysisAndTheOthersGetThePreviousAnswer) {
  TempDir dir;
  std::string db = copy_archive(dir);
  Service service({.db_path = db});
  ApiRequest dyad = get("/api/dyad", {{"a", "IRN"}, {"b", "PRK"}});
  const ApiResponse before = service.handle(dyad);
  ASSERT_EQ(before.status, 200);
  write_file(dir.file("more.jsonl"), jsonl({Doc("ir-extra", "Iran praised North Korea again.",
                                                "2019-06-20", "Iran Daily", "IRN")}));
  ASSERT_EQ(run_fissure({"ingest", "--quiet", "--db", db, dir.file("more.jsonl")}).exit_code, 0);

  constexpr int kRequests = 6;
  std::vector<ApiResponse> answers(kRequests);
  std::vector<std::thread> threads;
  std::atomic<int> ready = 0;
  for (int i = 0; i < kRequests; ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready < kRequests) std::this_thread::yield();
      answers[i] = service.handle(dyad);
    });
  for (auto& t : threads) t.join();
  const ApiResponse after = service.handle(dyad);
  ASSERT_EQ(after.status, 200);
  EXPECT_TRUE(after.cached);
  EXPECT_FALSE(after.stale);
  EXPECT_NE(after.body, before.body);
  int computed = 0;
  for (const auto& a : answers) {
    ASSERT_EQ(a.status, 200) << a.body;
    if (!a.cached) ++computed;
    // A stale answer is the one before the commit; any other is the new one.
    EXPECT_EQ(a.body, a.stale ? before.body : after.body);
  }
  EXPECT_EQ(computed, 1) << "one request recomputes; the others wait for nothing";
}

TEST_F(ServiceTest, AnalysesAreCachedUntilTheArchiveChanges) {
  TempDir dir;
  std::string db = copy_archive(dir);
  Service service({.db_path = db});
  ApiRequest dyad = get("/api/dyad", {{"a", "IRN"}, {"b", "PRK"}});
  ApiResponse first = service.handle(dyad), second = service.handle(dyad);
  EXPECT_FALSE(first.cached);
  EXPECT_TRUE(second.cached);
  EXPECT_EQ(first.body, second.body);
  // Another process adds a document naming North Korea: the cached series no longer holds.
  write_file(dir.file("more.jsonl"), jsonl({Doc("ir-extra", "Iran praised North Korea again.",
                                                "2019-06-20", "Iran Daily", "IRN")}));
  ASSERT_EQ(run_fissure({"ingest", "--quiet", "--db", db, dir.file("more.jsonl")}).exit_code, 0);
  ApiResponse third = service.handle(dyad);
  EXPECT_FALSE(third.cached);
  EXPECT_NE(third.body, first.body);

  // Searches too, keyed by every parameter in any order.
  ApiRequest search = get("/api/search", {{"q", "praised"}, {"country", "IRN"}});
  ApiRequest reordered = get("/api/search", {{"country", "IRN"}, {"q", "praised"}});
  ApiResponse s1 = service.handle(search), s2 = service.handle(reordered);
  EXPECT_FALSE(s1.cached);
  EXPECT_TRUE(s2.cached);
  EXPECT_EQ(s1.body, s2.body);
  EXPECT_FALSE(service.handle(get("/api/search", {{"q", "praised"}, {"country", "PRK"}})).cached);
  write_file(dir.file("even.jsonl"),
             jsonl({Doc("ir-even", "Iran praised North Korea once more.", "2019-06-21", "Iran Daily", "IRN")}));
  ASSERT_EQ(run_fissure({"ingest", "--quiet", "--db", db, dir.file("even.jsonl")}).exit_code, 0);
  ApiResponse s3 = service.handle(search);
  EXPECT_FALSE(s3.cached);
  EXPECT_EQ(body(s3)["total"].get<int64_t>(), body(s1)["total"].get<int64_t>() + 1);
}

TEST_F(ServiceTest, ReadsStopAtTheirTimeLimit) {
  Service service({.db_path = db_, .read_limit = std::chrono::milliseconds(0)});
  ApiResponse r =
      service.handle(get("/api/search", {{"q", "the OR and OR of"}, {"rank_window", "0"}}));
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_NE(body(r)["error"].get<std::string>().find("time limit"), std::string::npos);
  // The connection goes back to the pool without its deadline: the next request is unaffected.
  Service relaxed({.db_path = db_});
  EXPECT_EQ(relaxed.handle(get("/api/search", {{"q", "Iran"}})).status, 200);
}

TEST_F(ServiceTest, ConcurrentRequestsAllSucceed) {
  Service service({.db_path = db_});
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        ApiRequest r = t % 3 == 0   ? get("/api/dyad", {{"a", "IRN"}, {"b", "PRK"}})
                       : t % 3 == 1 ? get("/api/search", {{"q", i % 2 ? "Iran" : "friendship"}})
                                    : get("/api/document", {{"id", "kp-3-1"}});
        if (service.handle(r).status != 200) ++failures;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace fissure::api
