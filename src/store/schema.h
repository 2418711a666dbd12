// The archive's schema and its migrations. Private to src/store/; documented in docs/schema.md.
#pragma once

#include "fissure/util/status.h"
#include "sqlite_db.h"

namespace fissure::store {

// Creates the schema in an empty database or migrates an older one to kSchemaVersion.
Status ensure_schema(sqlite::Database& db);
// Reads the schema version (0 for an empty database).
Result<int> schema_version(sqlite::Database& db);
// Connection settings every archive connection uses (WAL, foreign keys, cache).
Status configure_connection(sqlite::Database& db, bool read_only);

}  // namespace fissure::store
