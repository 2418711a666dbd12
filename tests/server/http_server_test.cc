// fissure serve over real sockets: access control (loopback without tokens, bearer tokens with
// roles, revocation), JSON errors for whatever a client sends, no path escapes, and the log
// never holding a token.
#include "fissure/server/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "fissure/coding/sentence_coder.h"
#include "fissure/server/access_control.h"
#include "fissure/server/web_assets.h"
#include "fissure/store/access_tokens.h"
#include "pair_archive.h"
#include "test_support.h"

namespace fissure::server {
namespace {

using fissure::testing::jsonl;
using fissure::testing::pair_documents;
using fissure::testing::read_file;
using fissure::testing::run_fissure;
using fissure::testing::TempDir;
using fissure::testing::write_file;
using nlohmann::json;

// A server on a free loopback port, serving until the object dies.
class RunningServer {
 public:
  RunningServer(const std::string& db, const std::string& log_path) {
    log_ = std::fopen(log_path.c_str(), "w");
    ServerOptions o;
    o.port = 0;
    o.threads = 8;
    o.service.db_path = db;
    o.log = log_;
    // The built-in dictionaries, as `fissure ingest` without --reference coded the archive.
    std::vector<std::string> problems;
    auto coder = FissureCoder::create(CoderConfig{}, &problems);
    EXPECT_TRUE(coder);
    coder_ = std::move(*coder);
    o.service.coder = coder_.get();
    server_ = std::make_unique<HttpServer>(o);
    Status st = server_->bind();
    EXPECT_TRUE(st) << st.message();
    thread_ = std::thread([this] { (void)server_->run(); });
  }
  ~RunningServer() {
    server_->stop();
    thread_.join();
    std::fclose(log_);
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(60, 0);
    return c;
  }

 private:
  std::FILE* log_;
  std::unique_ptr<FissureCoder> coder_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_.file("in.jsonl"), jsonl(pair_documents()));
    db_ = dir_.file("pair.db");
    auto r = run_fissure({"ingest", "--quiet", "--db", db_, dir_.file("in.jsonl")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string create(const std::string& role) {
    auto r = run_fissure({"token", "create", "--db", db_, "--role", role, "--note", "test"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(0, r.out.find('\n'));
  }
  TempDir dir_;
  std::string db_;
};

json error_of(const httplib::Result& r) {
  EXPECT_TRUE(r);
  if (!r) return json();
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json") << r->status << " " << r->body;
  json b = json::parse(r->body, nullptr, false);
  EXPECT_TRUE(b.is_object() && b.contains("error")) << r->body;
  return b;
}

TEST_F(HttpServerTest, WithoutTokensLocalClientsReadAndNoOneIngests) {
  RunningServer server(db_, dir_.file("log"));
  auto c = server.client();
  auto r = c.Get("/api/search?q=Iran&limit=2");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json hits = json::parse(r->body);
  EXPECT_EQ(hits["hits"].size(), 2u);
  EXPECT_EQ(json::parse(c.Get("/api/whoami")->body)["access"], "local");

  auto up = c.Post("/api/ingest?filename=a.jsonl", jsonl({{"x-1", "Some text here."}}),
                   "application/x-ndjson");
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 403);
  EXPECT_NE(error_of(up)["error"].get<std::string>().find("editor"), std::string::npos);

  AccessControl access(db_);
  AccessDecision remote = access.decide("10.1.2.3", "", true);
  EXPECT_FALSE(remote.allowed);
  EXPECT_EQ(remote.status, 403);
  EXPECT_TRUE(access.decide("::1", "", true).allowed);
  EXPECT_FALSE(access.decide("192.168.0.1", "", false).allowed);
}

TEST_F(HttpServerTest, TokensHaveRolesAndRevocationHoldsAtOnce) {
  std::string reader = create("reader"), editor = create("editor");
  ASSERT_EQ(reader.rfind("fst_", 0), 0u) << reader;
  RunningServer server(db_, dir_.file("log"));
  auto c = server.client();

  auto none = c.Get("/api/stats");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  error_of(none);
  auto wrong =
      c.Get("/api/stats", {{"Authorization", "Bearer fst_00000000_" + std::string(64, 'a')}});
  EXPECT_EQ(wrong->status, 401);
  auto basic = c.Get("/api/stats", {{"Authorization", "Basic " + reader}});
  EXPECT_EQ(basic->status, 401);

  httplib::Headers as_reader = {{"Authorization", "Bearer " + reader}};
  httplib::Headers as_editor = {{"Authorization", "Bearer " + editor}};
  auto ok = c.Get("/api/stats", as_reader);
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(json::parse(c.Get("/api/whoami", as_reader)->body)["access"], "reader");

  std::string upload = jsonl({{"up-1", "Iran welcomed the delegation from North Korea.",
                               "2019-09-09", "Iran Daily", "IRN"}});
  auto denied = c.Post("/api/ingest?filename=up.jsonl", as_reader, upload, "application/x-ndjson");
  EXPECT_EQ(denied->status, 403);
  auto stored = c.Post("/api/ingest?filename=up.jsonl", as_editor, upload, "application/x-ndjson");
  ASSERT_EQ(stored->status, 200) << stored->body;
  EXPECT_EQ(json::parse(stored->body)["documents_new"], 1);

  // The static UI shell carries no data: served without a token once tokens exist.
  EXPECT_NE(c.Get("/web/does-not-exist.js")->status, 401);

  auto list = run_fissure({"token", "list", "--db", db_, "--format", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  json tokens = json::parse(list.out);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(list.out.find(reader), std::string::npos) << "token list prints secrets";
  std::string reader_id = reader.substr(4, 8);
  ASSERT_EQ(run_fissure({"token", "revoke", "--db", db_, reader_id}).exit_code, 0);
  EXPECT_EQ(c.Get("/api/stats", as_reader)->status, 401);
  EXPECT_EQ(c.Get("/api/stats", as_editor)->status, 200);
  EXPECT_EQ(run_fissure({"token", "revoke", "--db", db_, "nosuchid"}).exit_code, 2);

  std::string log = read_file(dir_.file("log"));
  EXPECT_NE(log.find("401 GET /api/stats"), std::string::npos) << log;
  EXPECT_EQ(log.find(reader.substr(14)), std::string::npos) << "the log holds a token";
  EXPECT_EQ(log.find(editor.substr(14)), std::string::npos) << "the log holds a token";
}

TEST_F(HttpServerTest, WhateverAClientSendsGetsAJsonError) {
  RunningServer server(db_, dir_.file("log"));
  auto c = server.client();
  struct Case {
    std::string path;
    int status;
  };
  for (const Case& k : std::vector<Case>{{"/api/search", 400},
                                         {"/api/search?q=%22unclosed", 400},
                                         {"/api/search?q=Ir%FF%FE", 400},
                                         {"/api/search?q=Iran&limit=-1", 400},
                                         {"/api/document?id=nothing", 404},
                                         {"/api/none", 404},
                                         {"/web/../../../../etc/passwd", 404},
                                         {"/web/%2e%2e/%2e%2e/etc/passwd", 404},
                                         {"/..%2f..%2fetc%2fpasswd", 404},
                                         {"/etc/passwd", 404},
                                         {"/api/search?q=" + std::string(9000, 'a'), 414}}) {
    auto r = c.Get(k.path);
    ASSERT_TRUE(r) << k.path;
    EXPECT_EQ(r->status, k.status) << k.path << " " << r->body;
    error_of(r);
  }
  auto del = c.Delete("/api/search?q=Iran");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  // The server is still there after all of it.
  EXPECT_EQ(c.Get("/api/search?q=Iran")->status, 200);
}

TEST_F(HttpServerTest, ReadsGoOnWhileAnUploadIsWritten) {
  std::string editor = create("editor");
  RunningServer server(db_, dir_.file("log"));
  std::vector<fissure::testing::Doc> docs;
  for (int i = 0; i < 400; ++i)
    docs.emplace_back("bulk-" + std::to_string(i),
                      "Iran and North Korea discussed trade, item " + std::to_string(i) + ". " +
                          fissure::testing::filler(i),
                      "2020-03-01", "Iran Daily", "IRN");
  std::string upload = jsonl(docs);
  std::atomic<bool> done = false;
  std::atomic<int> reads = 0, failed = 0;
  std::thread writer([&] {
    auto c = server.client();
    auto r = c.Post("/api/ingest?filename=bulk.jsonl", {{"Authorization", "Bearer " + editor}},
                    upload, "application/x-ndjson");
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    done = true;
  });
  std::thread reader([&] {
    auto c = server.client();
    c.set_default_headers({{"Authorization", "Bearer " + editor}});
    while (!done) {
      auto r = c.Get("/api/search?q=Iran&limit=5");
      if (!r || r->status != 200) ++failed;
      ++reads;
    }
  });
  writer.join();
  reader.join();
  EXPECT_GT(reads, 0);
  EXPECT_EQ(failed, 0);
  auto c = server.client();
  auto after = c.Get("/api/search?q=%22item%20399%22", {{"Authorization", "Bearer " + editor}});
  ASSERT_EQ(after->status, 200);
  EXPECT_EQ(json::parse(after->body)["total"], 1);
}

TEST(WebAssets, LookupIsExactAndTyped) {
  EXPECT_EQ(find_web_asset("../index.html"), nullptr);
  EXPECT_EQ(find_web_asset(""), nullptr);
  EXPECT_EQ(content_type_for("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  for (const WebAsset& a : web_assets()) EXPECT_EQ(find_web_asset(a.path), &a);
}

}  // namespace
}  // namespace fissure::server
