// Tidy tables for R and pandas (see export.h).
#include "fissure/store/export.h"

#include "fissure/corpus/date.h"
#include "sqlite_db.h"

namespace fissure {
namespace {

// Current, non-boilerplate sentences of documents that are not duplicates of an earlier one, as
// everywhere in the analysis; ?1..?5 are the filter's from, to, speaker, source and actor.
constexpr const char* kFilter =
    " WHERE s.revision = d.current_revision AND s.boilerplate = 0"
    " AND NOT EXISTS (SELECT 1 FROM duplicate u WHERE u.document_key = d.key)"
    " AND (?1 IS NULL OR d.date_end >= ?1) AND (?2 IS NULL OR d.date_start <= ?2)"
    " AND (?3 IS NULL OR sc.speaker = ?3) AND (?4 IS NULL OR d.source = ?4)"
    " AND (?5 IS NULL OR EXISTS (SELECT 1 FROM mention x WHERE x.sentence_id = s.id AND x.code = "
    "?5))";

}  // namespace

Status export_table(Archive& archive, ExportTable table, const ExportFilter& filter,
                    const std::function<void(const std::vector<std::string>&)>& header,
                    const std::function<void(const std::vector<ExportCell>&)>& row) {
  std::string sql;
  if (table == ExportTable::kSentences) {
    sql = std::string(
              "SELECT s.id AS sentence_id, d.id AS document_id, s.n, d.date, d.source, d.country,"
              " sc.speaker, sc.speaker_rule, sc.lang, sc.tone, sc.tone_fissure, sc.domains,"
              " substr(CAST(r.text AS BLOB), s.start + 1, s.\"end\" - s.start) AS text"
              " FROM sentence_coding sc JOIN sentence s ON s.id = sc.sentence_id"
              " JOIN document d ON d.key = s.document_key"
              " JOIN revision r ON r.document_key = d.key AND r.n = s.revision") +
          kFilter + " ORDER BY s.id";
  } else {
    sql =
        std::string(
            "SELECT s.id AS sentence_id, d.id AS document_id, d.date, d.source, d.country, "
            "sc.speaker,"
            " m.code AS actor, m.kind, m.country AS actor_country, m.name, m.tone, m.tone_fissure,"
            " m.start, m.\"end\", m.dictionary, m.line"
            " FROM sentence_coding sc JOIN sentence s ON s.id = sc.sentence_id"
            " JOIN document d ON d.key = s.document_key"
            " JOIN mention m ON m.sentence_id = s.id") +
        kFilter + " AND (?5 IS NULL OR m.code = ?5) ORDER BY s.id, m.n";
  }
  auto st = archive.db().prepare(sql);
  if (!st) return st.status();
  for (const auto& [i, date, last] :
       {std::tuple{1, &filter.from, false}, std::tuple{2, &filter.to, true}}) {
    if (date->empty()) continue;
    auto parsed = parse_iso_date(*date);
    if (!parsed)
      return Status::invalid((last ? "--to " : "--from ") + *date + ": " +
                             parsed.status().message());
    st->bind(i, (last ? parsed->last_day() : parsed->first_day()).to_string());
  }
  st->bind_or_null(3, filter.speaker).bind_or_null(4, filter.source).bind_or_null(5, filter.actor);

  sqlite3_stmt* raw = st->raw();
  const int columns = sqlite3_column_count(raw);
  std::vector<std::string> names;
  for (int c = 0; c < columns; ++c) names.emplace_back(sqlite3_column_name(raw, c));
  header(names);
  std::vector<ExportCell> cells(static_cast<size_t>(columns));
  Status status;
  while (st->step(&status)) {
    for (int c = 0; c < columns; ++c) {
      ExportCell& cell = cells[static_cast<size_t>(c)];
      switch (sqlite3_column_type(raw, c)) {
        case SQLITE_INTEGER:
          cell = {ExportCell::kInteger, st->int64(c), 0, {}};
          break;
        case SQLITE_FLOAT:
          cell = {ExportCell::kReal, 0, st->real(c), {}};
          break;
        case SQLITE_NULL:
          cell = {};
          break;
        default:
          cell = {ExportCell::kText, 0, 0, st->text(c)};
          break;
      }
    }
    row(cells);
  }
  return status;
}

}  // namespace fissure
