// Who may do what on `fissure serve`. With no access token in the archive the server is a local
// tool: it answers loopback clients only, and only reads. Once a token exists every API request
// needs one (Authorization: Bearer TOKEN): readers search and analyse, editors also ingest.
// Tokens are checked on every request, so a revocation holds at once. Part of the server layer.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "fissure/store/access_tokens.h"
#include "fissure/store/archive.h"

namespace fissure::server {

struct AccessDecision {
  bool allowed = false;
  int status = 200;    // 401 or 403 when refused
  std::string reason;  // for the client and the log; never contains the token
  std::string access;  // reader, editor or local
  bool may_ingest = false;
};

bool is_loopback(std::string_view remote_addr);

class AccessControl {
 public:
  explicit AccessControl(std::string db_path) : db_path_(std::move(db_path)) {}
  // `authorization` is the request's Authorization header (may be empty); `api` is false for the
  // UI's static files, which carry no data and are served to any client the server accepts.
  AccessDecision decide(std::string_view remote_addr, std::string_view authorization, bool api);

 private:
  std::string db_path_;
  std::mutex mu_;
  std::unique_ptr<Archive> archive_;
};

}  // namespace fissure::server
