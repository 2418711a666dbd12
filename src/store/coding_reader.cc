#include "coding_reader.h"

#include <algorithm>
#include <sstream>
#include <unordered_map>

namespace fissure::store {

Result<bool> has_coding_tables(sqlite::Database& db) {
  auto n = db.query_int(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sentence_coding'");
  if (!n) return n.status();
  return *n > 0;
}

Result<CodingSummary> coding_summary(sqlite::Database& db, int64_t id) {
  CodingSummary out;
  auto has = has_coding_tables(db);
  if (!has) return has.status();
  if (!*has) return out;
  auto q = db.prepare(
      "SELECT lang, speaker, tone, tone_fissure, domains FROM sentence_coding WHERE sentence_id = "
      "?");
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
    if (std::find(out.actors.begin(), out.actors.end(), code) == out.actors.end())
      out.actors.push_back(code);
  }
  if (!st) return st;
  return out;
}

namespace {

// "?1, ?2, ..., ?N" for N placeholders.
std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 1; i <= n; ++i) {
    if (i > 1) out += ", ";
    out += '?';
    out += std::to_string(i);
  }
  return out;
}

// Binds the ids to the first placeholders and NULL (which no IN matches) to the rest.
void bind_ids(sqlite::Statement& q, const std::vector<int64_t>& ids, size_t slots) {
  for (size_t i = 0; i < slots; ++i) {
    if (i < ids.size())
      q.bind(static_cast<int>(i + 1), ids[i]);
    else
      q.bind_null(static_cast<int>(i + 1));
  }
}

}  // namespace

Result<std::vector<CodingSummary>> coding_summaries(sqlite::Database& db,
                                                    const std::vector<int64_t>& ids) {
  std::vector<CodingSummary> out(ids.size());
  if (ids.empty()) return out;
  auto has = has_coding_tables(db);
  if (!has) return has.status();
  if (!*has) return out;
  std::unordered_map<int64_t, size_t> at;
  for (size_t i = 0; i < ids.size(); ++i) at.emplace(ids[i], i);
  // A page's ids, in as many placeholders as the next multiple of 32: the statements' texts
  // repeat from page to page, so the connection's pool keeps them prepared.
  const size_t slots = (ids.size() + 31) / 32 * 32;
  const std::string in = placeholders(slots);
  auto q = db.prepare(
      "SELECT sentence_id, lang, speaker, tone, tone_fissure, domains FROM sentence_coding "
      "WHERE sentence_id IN (" +
      in + ")");
  if (!q) return q.status();
  bind_ids(*q, ids, slots);
  Status st;
  while (q->step(&st)) {
    CodingSummary& c = out[at[q->int64(0)]];
    c.coded = true;
    c.lang = q->str(1);
    c.speaker = q->opt_str(2).value_or("");
    if (!q->is_null(3)) c.tone = q->real(3);
    if (!q->is_null(4)) c.tone_fissure = q->real(4);
    std::istringstream domains(q->opt_str(5).value_or(""));
    for (std::string d; domains >> d;) c.domains.push_back(d);
  }
  if (!st) return st;
  auto m = db.prepare("SELECT sentence_id, code FROM mention WHERE sentence_id IN (" + in +
                      ") ORDER BY sentence_id, n");
  if (!m) return m.status();
  bind_ids(*m, ids, slots);
  while (m->step(&st)) {
    CodingSummary& c = out[at[m->int64(0)]];
    if (!c.coded) continue;
    std::string code = m->str(1);
    if (std::find(c.actors.begin(), c.actors.end(), code) == c.actors.end())
      c.actors.push_back(code);
  }
  if (!st) return st;
  // A sentence listed twice gets the same summary in both places.
  for (size_t i = 0; i < ids.size(); ++i) out[i] = out[at[ids[i]]];
  return out;
}

}  // namespace fissure::store
