// SQL for SearchFilters, shared by search and kwic. Private to src/store/.
#pragma once

#include <string>
#include <vector>

#include "fissure/store/search.h"
#include "sqlite_db.h"

namespace fissure::store {

struct FilterSql {
  std::string where;                // " AND ..." clauses over document alias d
  std::vector<std::string> values;  // bound in order after the caller's own parameters
};

// Validates the filters (dates, country code) and builds their clauses.
Result<FilterSql> filter_sql(const SearchFilters& f);

// Binds values starting at parameter index first.
void bind_filters(sqlite::Statement& stmt, const FilterSql& f, int first);

}  // namespace fissure::store
