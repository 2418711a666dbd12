#include "filter_sql.h"

#include <cctype>
#include <cstdio>

#include "fissure/corpus/date.h"

namespace fissure::store {
namespace {

// First or last day of the range a partial ISO date denotes.
Result<std::string> bound(const std::string& s, bool upper, const char* flag) {
  auto d = parse_iso_date(s);
  if (!d) return Status::invalid(std::string(flag) + ": " + d.status().message() + " (use yyyy, yyyy-mm or yyyy-mm-dd)");
  Date x = *d;
  if (!x.month) x.month = upper ? 12 : 1;
  if (!x.day) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (x.year % 4 == 0 && x.year % 100 != 0) || x.year % 400 == 0;
    x.day = upper ? (x.month == 2 && leap ? 29 : kDays[x.month - 1]) : 1;
  }
  return x.to_string();
}

}  // namespace

Result<FilterSql> filter_sql(const SearchFilters& f) {
  FilterSql out;
  if (!f.country.empty()) {
    bool ok = f.country.size() >= 2 && f.country.size() <= 3;
    for (char c : f.country) ok = ok && std::isupper(static_cast<unsigned char>(c));
    if (!ok) return Status::invalid("--country: \"" + f.country + "\" is not an upper-case ISO 3166-1 alpha-3 code");
    out.where += " AND d.country = ?";
    out.values.push_back(f.country);
  }
  if (!f.source.empty()) {
    out.where += " AND d.source = ?";
    out.values.push_back(f.source);
  }
  if (!f.from.empty()) {
    auto b = bound(f.from, false, "--from");
    if (!b) return b.status();
    out.where += " AND d.date_end >= ?";
    out.values.push_back(*b);
  }
  if (!f.to.empty()) {
    auto b = bound(f.to, true, "--to");
    if (!b) return b.status();
    out.where += " AND d.date_start <= ?";
    out.values.push_back(*b);
  }
  if (!f.from.empty() && !f.to.empty() && out.values[out.values.size() - 2] > out.values.back())
    return Status::invalid("--from is after --to");
  if (f.collapse_duplicates)
    out.where += " AND NOT EXISTS (SELECT 1 FROM duplicate x WHERE x.document_key = d.key)";
  return out;
}

void bind_filters(sqlite::Statement& stmt, const FilterSql& f, int first) {
  for (size_t i = 0; i < f.values.size(); ++i) stmt.bind(first + static_cast<int>(i), f.values[i]);
}

}  // namespace fissure::store
