// Access tokens for `fissure serve`: who may read the archive over HTTP and who may also add to
// it. Tokens live in the archive (table access_token, docs/schema.md), stored only as their
// SHA-256, so a copy of the archive does not give away a working token. Part of the store layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/store/archive.h"
#include "fissure/util/status.h"

namespace fissure {

enum class Role { kReader, kEditor };
const char* role_name(Role role);
Result<Role> parse_role(std::string_view name);

struct TokenInfo {
  std::string id;  // public handle for listing and revoking; also the token's prefix
  Role role = Role::kReader;
  std::string created_at, note;
  std::optional<std::string> revoked_at;
};

struct NewToken {
  TokenInfo info;
  std::string secret;  // the token itself: shown once, never stored
};

// Creates the table if needed. The archive must be open for writing.
Result<NewToken> create_token(Archive& archive, Role role, const std::string& note);
Result<std::vector<TokenInfo>> list_tokens(Archive& archive);
// kNotFound for an unknown id; revoking twice keeps the first time.
Status revoke_token(Archive& archive, const std::string& id);
// Whether any token that is not revoked exists (an archive without the table has none).
Result<bool> has_active_tokens(Archive& archive);
// The role of a valid, unrevoked token; nullopt for anything else.
Result<std::optional<Role>> verify_token(Archive& archive, std::string_view secret);

}  // namespace fissure
