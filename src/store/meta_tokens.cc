#include "meta_tokens.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <vector>

namespace fissure::store {
namespace {

std::string fmt(const char* f, int a, int b = 0, int c = 0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, f, a, b, c);
  return buf;
}

// A day as a comparable integer yyyymmdd.
int day_number(const Date& d) { return d.year * 10000 + d.month * 100 + d.day; }

Result<Date> bound(const std::string& s, bool upper, const char* flag) {
  auto d = parse_iso_date(s);
  if (!d) return Status::invalid(std::string(flag) + ": " + d.status().message() + " (use yyyy, yyyy-mm or yyyy-mm-dd)");
  return upper ? d->last_day() : d->first_day();
}

}  // namespace

const char* const kMetaTokensSql =
    "'c' || coalesce(lower(d.country), 'none') || ' s' || coalesce(d.source_id, 0) || ' ' || "
    "CASE d.date_precision "
    "WHEN 'day' THEN 'y' || substr(d.date, 1, 4) || ' m' || substr(d.date, 1, 4) || substr(d.date, 6, 2) || "
    "' d' || substr(d.date, 1, 4) || substr(d.date, 6, 2) || substr(d.date, 9, 2) "
    "WHEN 'month' THEN 'y' || substr(d.date, 1, 4) || ' m' || substr(d.date, 1, 4) || substr(d.date, 6, 2) || "
    "' mo' || substr(d.date, 1, 4) || substr(d.date, 6, 2) "
    "WHEN 'year' THEN 'y' || d.date || ' yo' || d.date "
    "ELSE 'nodate' END || "
    "CASE WHEN EXISTS (SELECT 1 FROM duplicate x WHERE x.document_key = d.key) THEN ' dup' ELSE '' END";

std::string country_token(std::string_view country) {
  std::string out = "c";
  if (country.empty()) out += "none";
  for (char c : country) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string date_tokens(const std::optional<Date>& date) {
  if (!date) return "nodate";
  const Date& d = *date;
  std::string out = fmt("y%04d", d.year);
  switch (d.precision()) {
    case DatePrecision::kDay:
      out += fmt(" m%04d%02d d%04d", d.year, d.month, d.year) + fmt("%02d%02d", d.month, d.day);
      break;
    case DatePrecision::kMonth:
      out += fmt(" m%04d%02d", d.year, d.month) + fmt(" mo%04d%02d", d.year, d.month);
      break;
    case DatePrecision::kYear:
      out += fmt(" yo%04d", d.year);
      break;
  }
  return out;
}

void assemble_meta_tokens(std::string& out, std::string_view country_token, int64_t source_id,
                          std::string_view date_tokens, bool duplicate) {
  char id[24];
  char* id_end = std::to_chars(id, id + sizeof id, source_id).ptr;
  out.assign(country_token);
  out += " s";
  out.append(id, static_cast<size_t>(id_end - id));
  out += ' ';
  out += date_tokens;
  if (duplicate) out += " dup";
}

std::string meta_tokens(std::string_view country, int64_t source_id, const std::optional<Date>& date,
                        bool duplicate) {
  std::string out;
  assemble_meta_tokens(out, country_token(country), source_id, date_tokens(date), duplicate);
  return out;
}

Result<std::string> filter_expression(sqlite::Database& db, const SearchFilters& f) {
  std::vector<std::string> clauses;  // ANDed
  std::string negation;              // NOT ...
  if (!f.country.empty()) {
    bool ok = f.country.size() >= 2 && f.country.size() <= 3;
    for (char c : f.country) ok = ok && std::isupper(static_cast<unsigned char>(c));
    if (!ok) return Status::invalid("--country: \"" + f.country + "\" is not an upper-case ISO 3166-1 alpha-3 code");
    std::string t = "c";
    for (char c : f.country) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    clauses.push_back(t);
  }
  if (!f.source.empty()) {
    auto q = db.prepare("SELECT id FROM source WHERE name = ?");
    if (!q) return q.status();
    q->bind(1, f.source);
    Status st;
    if (!q->step(&st)) {
      if (!st) return st;
      std::string known;
      auto all = db.prepare("SELECT name FROM source ORDER BY name");
      if (all)
        while (all->step(&st)) known += (known.empty() ? "" : ", ") + ("\"" + all->str(0) + "\"");
      return Status::invalid("--source: no source \"" + f.source + "\" in this archive (known: " + known + ")");
    }
    clauses.push_back("s" + std::to_string(q->int64(0)));
  }
  if (!f.from.empty() || !f.to.empty()) {
    // The archive's year range bounds the enumeration of year tokens.
    // (kept in meta by every ingest; absent when no document has a date).
    auto range = db.prepare("SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'year_min'), "
                            "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'year_max')");
    if (!range) return range.status();
    Status st;
    int lo_year = 1, hi_year = 0;  // empty range: nothing dated
    if (range->step(&st) && !range->is_null(0) && !range->is_null(1)) {
      lo_year = static_cast<int>(range->int64(0));
      hi_year = static_cast<int>(range->int64(1));
    }
    if (!st) return st;
    Date from{std::max(lo_year, 1), 1, 1}, to{std::max(hi_year, 1), 12, 31};
    if (!f.from.empty()) {
      auto b = bound(f.from, false, "--from");
      if (!b) return b.status();
      from = *b;
    }
    if (!f.to.empty()) {
      auto b = bound(f.to, true, "--to");
      if (!b) return b.status();
      to = *b;
    }
    if (day_number(from) > day_number(to)) return Status::invalid("--from is after --to");
    std::vector<std::string> terms;
    for (int y = std::max(from.year, lo_year); y <= std::min(to.year, hi_year); ++y) {
      if (day_number(from) <= y * 10000 + 101 && y * 10000 + 1231 <= day_number(to)) {
        terms.push_back(fmt("y%04d", y));
        continue;
      }
      terms.push_back(fmt("yo%04d", y));  // a year-only date overlaps any part of its year
      for (int m = 1; m <= 12; ++m) {
        int first = y * 10000 + m * 100 + 1, last = y * 10000 + m * 100 + days_in_month(y, m);
        if (last < day_number(from) || first > day_number(to)) continue;
        if (day_number(from) <= first && last <= day_number(to)) {
          terms.push_back(fmt("m%04d%02d", y, m));
          continue;
        }
        terms.push_back(fmt("mo%04d%02d", y, m));
        for (int d = 1; d <= days_in_month(y, m); ++d) {
          int n = y * 10000 + m * 100 + d;
          if (n >= day_number(from) && n <= day_number(to)) terms.push_back(fmt("d%04d%02d", y, m) + fmt("%02d", d));
        }
      }
    }
    if (terms.empty()) {
      terms.push_back("nodatematch");  // no stored year overlaps: a token no sentence has
    }
    std::string any;
    for (const auto& t : terms) any += (any.empty() ? "" : " OR ") + t;
    clauses.push_back("(" + any + ")");
  }
  auto code_token = [&](const std::string& code, const char* prefix, const char* flag) -> Status {
    if (code.empty()) return Status::ok();
    bool ok = code.size() >= 2 && code.size() <= 8;
    for (char c : code) ok = ok && (std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)));
    if (!ok) return Status::invalid(std::string(flag) + ": \"" + code + "\" is not an actor code (ISO3 such as IRN, or an organisation code such as IAEA)");
    std::string t = prefix;
    for (char c : code) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    clauses.push_back(t);
    return Status::ok();
  };
  FISSURE_RETURN_IF_ERROR(code_token(f.actor, "a", "--actor"));
  FISSURE_RETURN_IF_ERROR(code_token(f.speaker, "sp", "--speaker"));
  if (!f.domain.empty()) {
    static const char* const kDomains[] = {"military", "nuclear", "diplomatic", "economic", "ideological", "humanitarian"};
    bool known = false;
    for (const char* d : kDomains) known = known || f.domain == d;
    if (!known)
      return Status::invalid("--domain: \"" + f.domain + "\" is not a domain (military, nuclear, diplomatic, economic, ideological, humanitarian)");
    clauses.push_back("dm" + f.domain);
  }
  if (f.collapse_duplicates) negation = "dup";
  if (clauses.empty() && negation.empty()) return std::string();
  std::string expr;
  for (const auto& c : clauses) expr += (expr.empty() ? "" : " AND ") + c;
  if (expr.empty()) return "NOT {meta} : " + negation;  // combined with a text query by combine()
  return "{meta} : (" + expr + ")" + (negation.empty() ? "" : " NOT {meta} : " + negation);
}

Result<std::string> tone_condition(const SearchFilters& f) {
  if (!f.tone_min && !f.tone_max) return std::string();
  const double lo = f.tone_min.value_or(-1.0), hi = f.tone_max.value_or(1.0);
  if (!(lo >= -1.0 && lo <= 1.0) || !(hi >= -1.0 && hi <= 1.0))
    return Status::invalid("--tone-min and --tone-max must lie in -1..1");
  if (lo > hi) return Status::invalid("--tone-min is above --tone-max");
  char range[96];
  std::snprintf(range, sizeof range, " BETWEEN %.17g AND %.17g", lo, hi);
  if (f.actor.empty())
    return "(SELECT c.tone_fissure FROM sentence_coding c WHERE c.sentence_id = sentence_fts.rowid)" +
           std::string(range);
  // The actor filter already holds (an index token); the tone must be that of one of its mentions.
  std::string code;
  for (char c : f.actor) code += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return "EXISTS (SELECT 1 FROM mention m WHERE m.sentence_id = sentence_fts.rowid AND (m.code = '" + code +
         "' OR (m.country = '" + code + "' AND m.kind IN ('leader', 'official'))) AND m.tone_fissure" + range + ")";
}

std::string combine(const std::string& text_expression, const std::string& filter) {
  std::string q = "{text} : (" + text_expression + ")";
  if (filter.empty()) return q;
  if (filter.rfind("NOT ", 0) == 0) return q + " " + filter;
  return q + " AND " + filter;
}

}  // namespace fissure::store
