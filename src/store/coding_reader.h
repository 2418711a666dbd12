// Reads sentences' coding back for search hits, KWIC lines and `fissure explain`. Private to
// src/store/.
#pragma once

#include <cstdint>
#include <vector>

#include "fissure/store/search.h"
#include "fissure/util/status.h"
#include "sqlite_db.h"

namespace fissure::store {

// Whether the archive has the coding tables (schema 2; a version-1 archive opened read-only has not).
Result<bool> has_coding_tables(sqlite::Database& db);

// The coding of one sentence, summarised; coded = false when it has none.
Result<CodingSummary> coding_summary(sqlite::Database& db, int64_t sentence_id);

// The same for many sentences in two queries (search hits), in the order of `sentence_ids`.
Result<std::vector<CodingSummary>> coding_summaries(sqlite::Database& db, const std::vector<int64_t>& sentence_ids);

}  // namespace fissure::store
