#include "fissure/server/access_control.h"

namespace fissure::server {

bool is_loopback(std::string_view addr) {
  return addr == "::1" || addr.rfind("127.", 0) == 0 || addr.rfind("::ffff:127.", 0) == 0;
}

AccessDecision AccessControl::decide(std::string_view remote_addr, std::string_view authorization,
                                     bool api) {
  AccessDecision d;
  std::lock_guard lock(mu_);
  if (!archive_) {
    auto opened = Archive::open(db_path_, Archive::Mode::kReadOnly);
    if (!opened)
      return {false, 500, "cannot open the archive to check access: " + opened.status().message(),
              "", false};
    archive_ = std::move(*opened);
  }
  auto version = archive_->data_version();
  if (!version)
    return {false, 500, "cannot read the access tokens: " + version.status().message(), "", false};
  if (*version != checked_version_) {
    auto configured = has_active_tokens(*archive_);
    if (!configured)
      return {false, 500, "cannot read the access tokens: " + configured.status().message(), "",
              false};
    tokens_configured_ = *configured;
    roles_.clear();
    checked_version_ = *version;
  }
  if (!tokens_configured_) {
    if (!is_loopback(remote_addr))
      return {false, 403, "this server has no access tokens, so it answers local clients only", "",
              false};
    return {true, 200, "", "local", false};
  }
  if (!api) return {true, 200, "", "", false};
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.empty())
    return {false, 401, "an access token is required (Authorization: Bearer TOKEN)", "", false};
  if (authorization.substr(0, kBearer.size()) != kBearer)
    return {false, 401, "the Authorization header must be \"Bearer TOKEN\"", "", false};
  const std::string token(authorization.substr(kBearer.size()));
  auto known = roles_.find(token);
  if (known == roles_.end()) {
    auto role = verify_token(*archive_, token);
    if (!role) return {false, 500, "cannot check the token: " + role.status().message(), "", false};
    // Bounded: a client sending random tokens must not grow the server without limit.
    if (roles_.size() >= 1024) roles_.clear();
    known = roles_.emplace(token, *role).first;
  }
  const std::optional<Role>& role = known->second;
  if (!role) return {false, 401, "the token is unknown or revoked", "", false};
  d.allowed = true;
  d.access = role_name(*role);
  d.may_ingest = *role == Role::kEditor;
  return d;
}

}  // namespace fissure::server
