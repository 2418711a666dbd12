#include "fissure/store/report_data.h"

#include "coding_reader.h"
#include "sqlite_db.h"

namespace fissure {

std::string first_day_of(const std::string& iso) {
  if (iso.size() == 4) return iso + "-01-01";
  if (iso.size() == 7) return iso + "-01";
  return iso;
}

std::string last_day_of(const std::string& iso) {
  if (iso.size() == 4) return iso + "-12-31";
  if (iso.size() == 7) return iso + "-31";
  return iso;
}

Result<CodingVersions> load_coding_versions(Archive& archive) {
  sqlite::Database& db = archive.db();
  CodingVersions out;
  auto has = store::has_coding_tables(db);
  if (!has) return has.status();
  if (!*has) return out;
  Status st;
  auto meta = db.prepare("SELECT value FROM meta WHERE key = 'coder'");
  if (!meta) return meta.status();
  if (meta->step(&st)) out.coder = meta->str(0);
  if (!st) return st;
  auto runs = db.prepare(
      "SELECT id, coder, mode, started_at, finished_at, sentences FROM coding_run ORDER BY id");
  if (!runs) return runs.status();
  while (runs->step(&st)) {
    CodingRunInfo r;
    r.id = runs->int64(0);
    r.coder = runs->str(1);
    r.mode = runs->str(2);
    r.started_at = runs->str(3);
    r.finished_at = runs->opt_str(4).value_or("");
    r.sentences = runs->int64(5);
    out.runs.push_back(std::move(r));
  }
  if (!st) return st;
  auto dicts = db.prepare(
      "SELECT dictionary, count(*) FROM dictionary_entry GROUP BY dictionary ORDER BY dictionary");
  if (!dicts) return dicts.status();
  while (dicts->step(&st)) out.dictionaries.push_back({dicts->str(0), dicts->int64(1)});
  if (!st) return st;
  return out;
}

Result<std::vector<OutletCoverage>> load_outlet_coverage(Archive& archive,
                                                         const std::string& country,
                                                         const VoiceScope& scope) {
  auto q = archive.db().prepare(
      "SELECT coalesce(d.source, '(no source)'), count(*), sum(d.sentence_count),"
      " sum(EXISTS (SELECT 1 FROM duplicate x WHERE x.document_key = d.key)),"
      " min(d.date_start), max(d.date_end)"
      " FROM document d WHERE d.country = ?1"
      " AND (?2 = '' OR d.date_end >= ?2) AND (?3 = '' OR d.date_start <= ?3)"
      " GROUP BY 1 ORDER BY 2 DESC");
  if (!q) return q.status();
  q->bind(1, country).bind(2, first_day_of(scope.from)).bind(3, last_day_of(scope.to));
  std::vector<OutletCoverage> out;
  Status st;
  while (q->step(&st)) {
    OutletCoverage c;
    c.source = q->str(0);
    c.documents = q->int64(1);
    c.sentences = q->int64(2);
    c.duplicates = q->int64(3);
    c.first_date = q->opt_str(4).value_or("");
    c.last_date = q->opt_str(5).value_or("");
    out.push_back(std::move(c));
  }
  if (!st) return st;
  return out;
}

Result<std::vector<SpeakerCount>> load_speakers(Archive& archive) {
  std::vector<SpeakerCount> out;
  auto has = store::has_coding_tables(archive.db());
  if (!has) return has.status();
  if (!*has) return out;
  auto q = archive.db().prepare(
      "SELECT speaker, count(*) FROM sentence_coding WHERE lang = 'en' AND speaker IS NOT NULL"
      " GROUP BY speaker ORDER BY 2 DESC, 1");
  if (!q) return q.status();
  Status st;
  while (q->step(&st)) out.push_back({q->str(0), q->int64(1)});
  if (!st) return st;
  return out;
}

Result<bool> speaker_exists(Archive& archive, const std::string& code) {
  auto has = store::has_coding_tables(archive.db());
  if (!has) return has.status();
  if (!*has) return false;
  auto q = archive.db().prepare("SELECT 1 FROM sentence_coding WHERE speaker = ? LIMIT 1");
  if (!q) return q.status();
  q->bind(1, code);
  Status st;
  bool found = q->step(&st);
  if (!st) return st;
  return found;
}

}  // namespace fissure
