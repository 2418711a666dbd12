#include "fissure/store/access_tokens.h"

#include <openssl/rand.h>

#include "fissure/text/fingerprint.h"
#include "sqlite_db.h"

namespace fissure {
namespace {

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS access_token("
    " id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL,"
    " created_at TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', revoked_at TEXT)";

Result<bool> table_exists(sqlite::Database& db) {
  auto n = db.query_int(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'access_token'");
  if (!n) return n.status();
  return *n > 0;
}

std::string random_hex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
    return {};
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

}  // namespace

const char* role_name(Role role) { return role == Role::kEditor ? "editor" : "reader"; }

Result<Role> parse_role(std::string_view name) {
  if (name == "reader") return Role::kReader;
  if (name == "editor") return Role::kEditor;
  return Status::invalid("unknown role \"" + std::string(name) + "\" (reader or editor)");
}

Result<NewToken> create_token(Archive& archive, Role role, const std::string& note) {
  auto& db = archive.db();
  FISSURE_RETURN_IF_ERROR(db.exec(kCreateTable));
  // fst_<id>_<secret>: the id (8 hex) names the token in lists and logs; the 32 random bytes
  // after it are what makes it unguessable.
  std::string id = random_hex(4), secret = random_hex(32);
  if (id.empty() || secret.empty()) return Status::internal("no random bytes from the system");
  NewToken token;
  token.secret = "fst_" + id + "_" + secret;
  token.info.id = id;
  token.info.role = role;
  token.info.note = note;
  auto st = db.prepare(
      "INSERT INTO access_token(id, hash, role, created_at, note) "
      "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?) RETURNING created_at");
  if (!st) return st.status();
  st->bind(1, id).bind(2, sha256_hex(token.secret)).bind(3, role_name(role)).bind(4, note);
  Status status;
  if (!st->step(&status)) return status ? Status::internal("token not stored") : status;
  token.info.created_at = st->str(0);
  st->reset();
  return token;
}

Result<std::vector<TokenInfo>> list_tokens(Archive& archive) {
  auto& db = archive.db();
  std::vector<TokenInfo> out;
  auto exists = table_exists(db);
  if (!exists) return exists.status();
  if (!*exists) return out;
  auto st = db.prepare(
      "SELECT id, role, created_at, note, revoked_at FROM access_token ORDER BY created_at, id");
  if (!st) return st.status();
  Status status;
  while (st->step(&status)) {
    TokenInfo t;
    t.id = st->str(0);
    t.role = st->text(1) == "editor" ? Role::kEditor : Role::kReader;
    t.created_at = st->str(2);
    t.note = st->str(3);
    t.revoked_at = st->opt_str(4);
    out.push_back(std::move(t));
  }
  if (!status) return status;
  return out;
}

Status revoke_token(Archive& archive, const std::string& id) {
  auto& db = archive.db();
  auto exists = table_exists(db);
  if (!exists) return exists.status();
  if (*exists) {
    auto st = db.prepare(
        "UPDATE access_token SET revoked_at = coalesce(revoked_at, strftime('%Y-%m-%dT%H:%M:%SZ', "
        "'now')) "
        "WHERE id = ?");
    if (!st) return st.status();
    st->bind(1, id);
    FISSURE_RETURN_IF_ERROR(st->run());
    if (sqlite3_changes(db.raw()) > 0) return Status::ok();
  }
  return Status::not_found("no token with id " + id);
}

Result<bool> has_active_tokens(Archive& archive) {
  auto& db = archive.db();
  auto exists = table_exists(db);
  if (!exists || !*exists) return exists;
  auto n = db.query_int("SELECT count(*) FROM access_token WHERE revoked_at IS NULL");
  if (!n) return n.status();
  return *n > 0;
}

Result<std::optional<Role>> verify_token(Archive& archive, std::string_view secret) {
  auto& db = archive.db();
  auto exists = table_exists(db);
  if (!exists) return exists.status();
  if (!*exists || secret.size() > 200) return std::optional<Role>();
  auto st = db.prepare("SELECT role FROM access_token WHERE hash = ? AND revoked_at IS NULL");
  if (!st) return st.status();
  st->bind(1, sha256_hex(secret));
  Status status;
  if (!st->step(&status)) {
    if (!status) return status;
    return std::optional<Role>();
  }
  return std::optional<Role>(st->text(0) == "editor" ? Role::kEditor : Role::kReader);
}

}  // namespace fissure
