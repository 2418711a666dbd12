// Filter tokens: every indexed sentence carries, in the full-text index's `meta` column, tokens
// for its document's country, source, date and duplicate status. Filters then become part of
// the FTS5 query, evaluated on the index's doclists instead of by a join per match. Private to
// src/store/; the token scheme is documented in docs/schema.md and mirrored by the SQL of the
// sentence_indexed view (schema.cc), which must produce the same string.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fissure/corpus/date.h"
#include "fissure/store/search.h"
#include "fissure/util/status.h"
#include "sqlite_db.h"

namespace fissure::store {

// "cprk s3 y2011 m201106 d20110630 dup": country (lower case, "cnone" when unknown), source id,
// date tokens by precision (day: y m d; month: y m mo; year: y yo; none: nodate), and "dup" for a
// document linked as a duplicate of an earlier one.
std::string meta_tokens(std::string_view country, int64_t source_id, const std::optional<Date>& date,
                        bool duplicate);
// The same string in pieces, so that what depends on the document alone is computed where the
// document is prepared and the single writer only appends: "cprk" and "y2011 m201106 d20110630".
std::string country_token(std::string_view country);
std::string date_tokens(const std::optional<Date>& date);
// Writes meta_tokens() into `out` (kept for its capacity) from those pieces.
void assemble_meta_tokens(std::string& out, std::string_view country_token, int64_t source_id,
                          std::string_view date_tokens, bool duplicate);

// The SQL expression computing meta_tokens() from document d (for the view).
extern const char* const kMetaTokensSql;

// The FTS5 sub-expression for the filters ("" when there are none), over the meta column.
// Resolves the source name to its id (an unknown source is an error naming the known ones) and
// turns the date range into the year, month and day tokens whose documents overlap it.
Result<std::string> filter_expression(sqlite::Database& db, const SearchFilters& filters);

// The SQL condition on sentence_fts.rowid for the tone range ("" when there is none), to AND
// into a query over sentence_fts. Tone is not an index token: it is read per match.
Result<std::string> tone_condition(const SearchFilters& filters);

// Combines a text query (already FTS5 syntax) with the filter expression.
std::string combine(const std::string& text_expression, const std::string& filter_expression);

}  // namespace fissure::store
