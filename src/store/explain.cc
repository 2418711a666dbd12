#include "fissure/store/explain.h"

#include <cmath>
#include <limits>

#include "sqlite_db.h"

namespace fissure {

Result<SentenceExplanation> explain_sentence(Archive& archive, int64_t id) {
  auto& db = archive.db();
  SentenceExplanation out;
  out.sentence_id = id;
  Status st;
  {
    auto q = db.prepare(
        "SELECT t.document_id, d.source, d.country, d.date, t.revision, t.revision = d.current_revision, "
        "t.boilerplate, t.text FROM sentence_text t JOIN document d ON d.key = t.document_key WHERE t.id = ?");
    if (!q) return q.status();
    q->bind(1, id);
    if (!q->step(&st)) {
      if (!st) return st;
      return Status::not_found("no sentence " + std::to_string(id) + " in " + archive.path());
    }
    out.document_id = q->str(0);
    out.source = q->opt_str(1);
    out.country = q->opt_str(2);
    out.date = q->opt_str(3);
    out.revision = static_cast<int>(q->int64(4));
    out.current = q->int64(5) != 0;
    out.boilerplate = q->int64(6) != 0;
    out.text = q->str(7);
  }
  auto has = db.query_int("SELECT count(*) FROM sqlite_master WHERE name = 'sentence_coding'");
  if (!has) return has.status();
  if (*has == 0) return out;
  {
    auto q = db.prepare(
        "SELECT c.lang, c.speaker, c.speaker_rule, c.tone, c.tone_fissure, r.coder, r.started_at FROM "
        "sentence_coding c LEFT JOIN coding_run r ON r.id = c.run_id WHERE c.sentence_id = ?");
    if (!q) return q.status();
    q->bind(1, id);
    if (!q->step(&st)) {
      if (!st) return st;
      return out;
    }
    out.coded = true;
    out.coding.lang = q->str(0);
    out.coding.speaker = q->opt_str(1).value_or("");
    out.speaker_rule = q->opt_str(2).value_or("");
    out.coding.speaker_why.rule = out.speaker_rule;
    constexpr double kNone = std::numeric_limits<double>::quiet_NaN();  // NULL: not scored
    out.coding.tone = q->is_null(3) ? kNone : q->real(3);
    out.coding.tone_fissure = q->is_null(4) ? kNone : q->real(4);
    out.coder = q->opt_str(5).value_or("");
    out.coded_at = q->opt_str(6).value_or("");
  }
  {
    auto q = db.prepare(
        "SELECT start, end, code, kind, country, name, tone, tone_fissure, clause_start, clause_end, dictionary, line "
        "FROM mention WHERE sentence_id = ? ORDER BY n");
    if (!q) return q.status();
    q->bind(1, id);
    while (q->step(&st)) {
      ActorMention m;
      m.begin = static_cast<uint32_t>(q->int64(0));
      m.end = static_cast<uint32_t>(q->int64(1));
      m.code = q->str(2);
      m.kind = q->str(3);
      m.country = q->opt_str(4).value_or("");
      m.name = q->opt_str(5).value_or("");
      m.why.dictionary = q->opt_str(10).value_or("");
      m.why.line = static_cast<int>(q->int64(11));
      if (!q->is_null(6) || !q->is_null(7)) {
        out.coding.mention_tones.push_back({out.coding.mentions.size(), q->is_null(6) ? std::nan("") : q->real(6),
                                            q->is_null(7) ? std::nan("") : q->real(7),
                                            static_cast<uint32_t>(q->int64(8)), static_cast<uint32_t>(q->int64(9))});
      }
      out.coding.mentions.push_back(std::move(m));
    }
    if (!st) return st;
  }
  {
    auto q = db.prepare(
        "SELECT source, target, cameo, goldstein, quad_class, plover, verb_start, verb_end, dictionary, line, rule "
        "FROM event WHERE sentence_id = ? ORDER BY n");
    if (!q) return q.status();
    q->bind(1, id);
    while (q->step(&st)) {
      CodedEvent e;
      e.source = q->opt_str(0).value_or("");
      e.target = q->opt_str(1).value_or("");
      e.cameo = q->str(2);
      e.goldstein = q->real(3);
      e.quad_class = static_cast<int>(q->int64(4));
      e.plover = q->opt_str(5).value_or("");
      e.verb_begin = static_cast<uint32_t>(q->int64(6));
      e.verb_end = static_cast<uint32_t>(q->int64(7));
      e.why = {q->opt_str(8).value_or(""), static_cast<int>(q->int64(9)), q->opt_str(10).value_or("")};
      out.coding.events.push_back(std::move(e));
    }
    if (!st) return st;
  }
  {
    auto q = db.prepare("SELECT domain, start, end, dictionary, line FROM domain_term WHERE sentence_id = ? ORDER BY n");
    if (!q) return q.status();
    q->bind(1, id);
    while (q->step(&st)) {
      out.coding.domains.push_back({q->str(0), static_cast<uint32_t>(q->int64(1)), static_cast<uint32_t>(q->int64(2)),
                                    {q->opt_str(3).value_or(""), static_cast<int>(q->int64(4)), ""}});
    }
    if (!st) return st;
  }
  return out;
}

}  // namespace fissure
