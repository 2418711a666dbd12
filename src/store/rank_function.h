// fissure_bm25(): BM25 over the text column of sentence_fts, as FTS5's bm25() computes it, but
// blind to the filter tokens of the meta column. FTS5's own bm25() computes an IDF for every
// phrase of the query by walking its whole doclist, the filter tokens' too (cprk, y2011, ...:
// hundreds of thousands of rows each), which made a filtered query cost 50-100 ms however few
// its matches. Here a phrase's IDF is computed only once it occurs in a row's text, which filter
// tokens never do. Private to src/store/.
#pragma once

#include <sqlite3.h>

#include "fissure/util/status.h"

namespace fissure::store {

// Registers fissure_bm25 on the connection (FTS5 auxiliary functions are per connection).
Status register_rank_function(sqlite3* db);

}  // namespace fissure::store
