#include "coding_reader.h"

#include <algorithm>
#include <sstream>

namespace fissure::store {

Result<bool> has_coding_tables(sqlite::Database& db) {
  auto n = db.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sentence_coding'");
  if (!n) return n.status();
  return *n > 0;
}

Result<CodingSummary> coding_summary(sqlite::Database& db, int64_t id) {
  CodingSummary out;
  auto has = has_coding_tables(db);
  if (!has) return has.status();
  if (!*has) return out;
  auto q = db.prepare("SELECT lang, speaker, tone, tone_fissure, domains FROM sentence_coding WHERE sentence_id = ?");
  if (!q) return q.status();
  q->bind(1, id);
  Status st;
  if (q->step(&st)) {
    out.coded = true;
    out.lang = q->str(0);
    out.speaker = q->opt_str(1).value_or("");
    if (!q->is_null(2)) out.tone = q->real(2);
    if (!q->is_null(3)) out.tone_fissure = q->real(3);
    std::istringstream domains(q->opt_str(4).value_or(""));
    for (std::string d; domains >> d;) out.domains.push_back(d);
  }
  if (!st) return st;
  if (!out.coded) return out;
  auto m = db.prepare("SELECT code FROM mention WHERE sentence_id = ? ORDER BY n");
  if (!m) return m.status();
  m->bind(1, id);
  while (m->step(&st)) {
    std::string code = m->str(0);
    if (std::find(out.actors.begin(), out.actors.end(), code) == out.actors.end()) out.actors.push_back(code);
  }
  if (!st) return st;
  return out;
}

}  // namespace fissure::store
