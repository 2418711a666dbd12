#include "coding_writer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

namespace fissure::store {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Codes become index tokens: keep the characters the unicode61 tokenizer keeps in one token.
bool token_safe(std::string_view code) {
  return !code.empty() && std::all_of(code.begin(), code.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c));
  });
}

}  // namespace

std::string coding_tokens(const SentenceCoding& coding) {
  std::vector<std::string> tokens;
  auto add = [&](const char* prefix, std::string_view code) {
    if (token_safe(code)) tokens.push_back(prefix + lower(code));
  };
  for (const ActorMention& m : coding.mentions) {
    add("a", m.code);
    if (m.kind == "leader" || m.kind == "official") add("a", m.country);
  }
  add("sp", coding.speaker);
  for (const DomainLabel& d : coding.domains) add("dm", d.domain);
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  std::string out;
  for (const auto& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

namespace {

void bind_view_or_null(sqlite::Statement& st, int i, std::string_view v) {
  if (v.empty())
    st.bind_null(i);
  else
    bind_view(st, i, v);
}
// NaN (not scored) is stored as NULL.
void bind_score(sqlite::Statement& st, int i, double v) {
  if (std::isnan(v))
    st.bind_null(i);
  else
    st.bind(i, v);
}
void bind_line(sqlite::Statement& st, int i, int64_t line) {
  if (line > 0)
    st.bind(i, line);
  else
    st.bind_null(i);
}

}  // namespace

Status CodingWriter::init() {
  struct Prep {
    RowInserter* inserter;
    const char* table_and_columns;
    int columns;
  };
  const Prep preps[] = {
      {&insert_new_coding_,
       "sentence_coding(sentence_id, lang, speaker, speaker_rule, tone, tone_fissure, domains, "
       "tokens, run_id)",
       9},
      {&insert_mention_,
       "mention(sentence_id, n, start, end, code, kind, country, name, tone, tone_fissure, "
       "clause_start, clause_end, dictionary, line)",
       14},
      {&insert_event_,
       "event(sentence_id, n, source, target, cameo, goldstein, quad_class, plover, verb_start, "
       "verb_end, dictionary, line, rule)",
       13},
      {&insert_domain_, "domain_term(sentence_id, n, domain, start, end, dictionary, line)", 7},
  };
  for (const auto& p : preps)
    FISSURE_RETURN_IF_ERROR(p.inserter->prepare(db_, p.table_and_columns, p.columns));
  struct Single {
    sqlite::Statement* stmt;
    const char* sql;
  };
  const Single singles[] = {
      {&replace_coding_,
       "INSERT OR REPLACE INTO sentence_coding(sentence_id, lang, speaker, speaker_rule, tone, "
       "tone_fissure, domains, tokens, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      {&delete_coding_, "DELETE FROM sentence_coding WHERE sentence_id = ?"},
      {&delete_mentions_, "DELETE FROM mention WHERE sentence_id = ?"},
      {&delete_events_, "DELETE FROM event WHERE sentence_id = ?"},
      {&delete_domains_, "DELETE FROM domain_term WHERE sentence_id = ?"},
  };
  for (const auto& p : singles) {
    auto st = db_.prepare(p.sql);
    if (!st) return st.status();
    *p.stmt = std::move(*st);
  }
  return Status::ok();
}

Status CodingWriter::erase(int64_t id) {
  FISSURE_RETURN_IF_ERROR(delete_mentions_.bind(1, id).run());
  FISSURE_RETURN_IF_ERROR(delete_events_.bind(1, id).run());
  FISSURE_RETURN_IF_ERROR(delete_domains_.bind(1, id).run());
  return delete_coding_.bind(1, id).run();
}

std::string domain_list(const SentenceCoding& c) {
  std::vector<std::string_view> domains;
  for (const auto& d : c.domains) domains.push_back(d.domain);
  std::sort(domains.begin(), domains.end());
  domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
  std::string out;
  for (const auto& d : domains) {
    if (!out.empty()) out += ' ';
    out += d;
  }
  return out;
}

CodingStrings coding_strings(const SentenceCoding& coding) {
  return CodingStrings{coding_tokens(coding), domain_list(coding)};
}

namespace {

using Queued = CodingWriter::Queued;

void bind_coding(sqlite::Statement& s, int b, const Queued& q, size_t) {
  const SentenceCoding& c = *q.coding;
  s.bind(b + 1, q.sentence_id);
  bind_view(s, b + 2, c.lang);
  bind_view_or_null(s, b + 3, c.speaker);
  bind_view_or_null(s, b + 4,
                    c.speaker_why.rule.empty() ? c.speaker_why.dictionary : c.speaker_why.rule);
  bind_score(s, b + 5, c.tone);
  bind_score(s, b + 6, c.tone_fissure);
  bind_view_or_null(s, b + 7, q.strings->domains);
  bind_view_or_null(s, b + 8, q.strings->tokens);
  if (q.run_id)
    s.bind(b + 9, q.run_id);
  else
    s.bind_null(b + 9);
}

void bind_mention(sqlite::Statement& s, int b, const Queued& q, size_t i) {
  const SentenceCoding& c = *q.coding;
  const ActorMention& m = c.mentions[i];
  s.bind(b + 1, q.sentence_id).bind(b + 2, static_cast<int64_t>(i));
  s.bind(b + 3, static_cast<int64_t>(m.begin)).bind(b + 4, static_cast<int64_t>(m.end));
  bind_view(s, b + 5, m.code);
  bind_view(s, b + 6, m.kind);
  bind_view_or_null(s, b + 7, m.country);
  bind_view_or_null(s, b + 8, m.name);
  s.bind_null(b + 9).bind_null(b + 10).bind_null(b + 11).bind_null(b + 12);
  for (const MentionTone& t : c.mention_tones) {
    if (t.mention != i) continue;
    bind_score(s, b + 9, t.tone);
    bind_score(s, b + 10, t.tone_fissure);
    s.bind(b + 11, static_cast<int64_t>(t.clause_begin));
    s.bind(b + 12, static_cast<int64_t>(t.clause_end));
    break;
  }
  bind_view_or_null(s, b + 13, m.why.dictionary);
  bind_line(s, b + 14, m.why.line);
}

void bind_event(sqlite::Statement& s, int b, const Queued& q, size_t i) {
  const CodedEvent& e = q.coding->events[i];
  s.bind(b + 1, q.sentence_id).bind(b + 2, static_cast<int64_t>(i));
  bind_view_or_null(s, b + 3, e.source);
  bind_view_or_null(s, b + 4, e.target);
  bind_view(s, b + 5, e.cameo);
  s.bind(b + 6, e.goldstein);
  if (e.quad_class)
    s.bind(b + 7, e.quad_class);
  else
    s.bind_null(b + 7);
  bind_view_or_null(s, b + 8, e.plover);
  s.bind(b + 9, static_cast<int64_t>(e.verb_begin)).bind(b + 10, static_cast<int64_t>(e.verb_end));
  bind_view_or_null(s, b + 11, e.why.dictionary);
  bind_line(s, b + 12, e.why.line);
  bind_view_or_null(s, b + 13, e.why.rule);
}

void bind_domain(sqlite::Statement& s, int b, const Queued& q, size_t i) {
  const DomainLabel& d = q.coding->domains[i];
  s.bind(b + 1, q.sentence_id).bind(b + 2, static_cast<int64_t>(i));
  bind_view(s, b + 3, d.domain);
  s.bind(b + 4, static_cast<int64_t>(d.begin)).bind(b + 5, static_cast<int64_t>(d.end));
  bind_view_or_null(s, b + 6, d.why.dictionary);
  bind_line(s, b + 7, d.why.line);
}

size_t one_row(const SentenceCoding&) { return 1; }
size_t mention_rows(const SentenceCoding& c) { return c.mentions.size(); }
size_t event_rows(const SentenceCoding& c) { return c.events.size(); }
size_t domain_rows(const SentenceCoding& c) { return c.domains.size(); }

}  // namespace

Result<std::string> CodingWriter::write(int64_t id, const SentenceCoding& c, int64_t run_id) {
  CodingStrings strings = coding_strings(c);
  const Queued q{id, &c, &strings, run_id};
  bind_coding(replace_coding_, 0, q, 0);
  FISSURE_RETURN_IF_ERROR(replace_coding_.run());
  const struct {
    RowInserter* inserter;
    RowBinder bind;
    size_t rows;
  } tables[] = {{&insert_mention_, bind_mention, c.mentions.size()},
                {&insert_event_, bind_event, c.events.size()},
                {&insert_domain_, bind_domain, c.domains.size()}};
  for (const auto& t : tables) {
    for (size_t i = 0; i < t.rows; ++i) {
      t.bind(t.inserter->one, 0, q, i);
      FISSURE_RETURN_IF_ERROR(t.inserter->one.run());
    }
  }
  return std::move(strings.tokens);
}

void CodingWriter::queue_new(int64_t id, const SentenceCoding& c, const CodingStrings& strings,
                             int64_t run_id) {
  queued_.push_back(Queued{id, &c, &strings, run_id});
}

Status CodingWriter::flush() {
  if (queued_.empty()) return Status::ok();
  Status st = insert_rows(insert_new_coding_, bind_coding, one_row);
  if (st) st = insert_rows(insert_mention_, bind_mention, mention_rows);
  if (st) st = insert_rows(insert_event_, bind_event, event_rows);
  if (st) st = insert_rows(insert_domain_, bind_domain, domain_rows);
  queued_.clear();
  return st;
}

Status CodingWriter::insert_rows(RowInserter& inserter, RowBinder bind,
                                 size_t (*rows_of)(const SentenceCoding&)) {
  rows_.clear();
  for (const Queued& q : queued_)
    for (size_t r = 0, n = rows_of(*q.coding); r < n; ++r) rows_.push_back({&q, r});
  return inserter.insert(rows_.size(), [&](sqlite::Statement& s, int base, size_t k) {
    bind(s, base, *rows_[k].first, rows_[k].second);
  });
}

namespace {

// "INSERT INTO table(columns) VALUES (?, ...), (?, ...)" with `rows` rows of `columns` parameters.
std::string insert_sql(std::string_view verb, std::string_view table_and_columns, int columns,
                       size_t rows) {
  std::string row = "(?";
  for (int i = 1; i < columns; ++i) row += ", ?";
  row += ')';
  std::string sql(verb);
  sql += " INTO ";
  sql += table_and_columns;
  sql += " VALUES ";
  for (size_t r = 0; r < rows; ++r) {
    if (r) sql += ", ";
    sql += row;
  }
  return sql;
}

}  // namespace

Status RowInserter::prepare(sqlite::Database& db, std::string_view table_and_columns,
                            int column_count) {
  // Plain INSERTs, never OR REPLACE: a statement that may delete a row (with foreign keys on), or
  // one of several rows that may abort, runs in a statement savepoint, and FTS5 writes its
  // pending index to disk at every savepoint: one tiny segment per statement. OR FAIL keeps the
  // multi-row form out of a savepoint (a failure rolls the whole transaction back anyway).
  auto single = db.prepare(insert_sql("INSERT", table_and_columns, column_count, 1));
  if (!single) return single.status();
  auto multi =
      db.prepare(insert_sql("INSERT OR FAIL", table_and_columns, column_count, kRowsPerStatement));
  if (!multi) return multi.status();
  one = std::move(*single);
  many = std::move(*multi);
  columns = column_count;
  return Status::ok();
}

}  // namespace fissure::store
