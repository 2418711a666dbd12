// Who may do what on `fissure serve`. With no access token in the archive the server is a local
// tool: it answers loopback clients only, and only reads. Once a token exists every API request
// needs one (Authorization: Bearer TOKEN): readers search and analyse, editors also ingest.
// Tokens are checked on every request, so a revocation holds at once. Part of the server layer.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

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
  // What the token table said, kept until the archive changes (PRAGMA data_version on the
  // checking connection, which never writes, moves at every commit by anyone): a revocation
  // holds from the next request on, and an unchanged archive costs no query per request.
  std::string db_path_;
  std::mutex mu_;
  std::unique_ptr<Archive> archive_;
  int64_t checked_version_ = -1;
  bool tokens_configured_ = false;
  std::unordered_map<std::string, std::optional<Role>> roles_;  // by token, this version only
};

}  // namespace fissure::server
