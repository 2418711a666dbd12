// Reads sentences' coding back for search hits, KWIC lines and `fissure explain`. Private to
// src/store/.
#pragma once

#include <cstdint>

#include "fissure/store/search.h"
#include "fissure/util/status.h"
#include "sqlite_db.h"

namespace fissure::store {

// Whether the archive has the coding tables (schema 2; a version-1 archive opened read-only has not).
Result<bool> has_coding_tables(sqlite::Database& db);

// The coding of one sentence, summarised; coded = false when it has none.
Result<CodingSummary> coding_summary(sqlite::Database& db, int64_t sentence_id);

}  // namespace fissure::store
