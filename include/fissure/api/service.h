// The HTTP API without the HTTP: a request (method, path, parameters, body, the caller's access)
// in, a status and a JSON body out. Every endpoint answers what the matching CLI command prints
// with --format json (docs/api.md). The server layer adds sockets, access control and static
// files; tests drive the Service directly. Part of the api layer. Thread-safe: one Service serves
// every request thread, each request on its own archive connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "fissure/api/params.h"
#include "fissure/coding/sentence_coding.h"

namespace fissure::api {

struct ServiceOptions {
  std::string db_path;
  // Reads (search, kwic, document, stats, actors) stop after read_limit, analyses (dyad, cracks,
  // align, digest) after analysis_limit: one query never holds a thread for longer.
  std::chrono::milliseconds read_limit{5000};
  std::chrono::milliseconds analysis_limit{60000};
  // Analyses at once; more wait up to queue_wait, then get 503 (each takes a core for seconds).
  int analysis_slots = 2;
  std::chrono::milliseconds queue_wait{10000};
  // Answers kept, reused until anything commits to the archive: analyses, and searches and kwic
  // lines (analysts page, share addresses and come back to a query).
  size_t cache_entries = 128;
  size_t search_cache_entries = 2048;
  // Codes uploaded documents when the archive is coded; not owned, may be null.
  const SentenceCoder* coder = nullptr;
  size_t max_upload_bytes = 64u << 20;
};

struct ApiRequest {
  std::string method = "GET";
  std::string path;  // /api/search
  Params params;
  std::string body;  // POST /api/ingest: the uploaded file
  bool may_ingest = false;
  std::string access;  // what /api/whoami reports: reader, editor or local
};

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON
  bool cached = false;
  // An analysis computed on an older version of the archive, served while the current one is
  // being computed (docs/api.md, "Limits and caching").
  bool stale = false;
};

class Service {
 public:
  explicit Service(ServiceOptions options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  ApiResponse handle(const ApiRequest& request);
  const ServiceOptions& options() const { return options_; }

  // {"error": message} with the HTTP status the error calls for.
  static ApiResponse error(int status, const std::string& message);
  static ApiResponse from_status(const Status& status);

  struct State;

 private:
  ApiResponse ingest_upload(const ApiRequest& request);
  ServiceOptions options_;
  std::unique_ptr<State> state_;
};

}  // namespace fissure::api
