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

Status CodingWriter::init() {
  struct Prep {
    sqlite::Statement* stmt;
    const char* sql;
  };
  const Prep preps[] = {
      {&insert_coding_,
       "INSERT OR REPLACE INTO sentence_coding(sentence_id, lang, speaker, speaker_rule, tone, "
       "tone_fissure, domains, tokens, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      // A plain INSERT for new sentences: OR REPLACE may delete a row, which (with foreign keys
      // on) makes it a multi-row write that opens a statement savepoint, and FTS5 writes its
      // pending index to disk at every savepoint: one tiny segment per coded sentence.
      {&insert_new_coding_,
       "INSERT INTO sentence_coding(sentence_id, lang, speaker, speaker_rule, tone, tone_fissure, "
       "domains, tokens, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      {&insert_mention_,
       "INSERT INTO mention(sentence_id, n, start, end, code, kind, country, name, tone, "
       "tone_fissure, clause_start, clause_end, dictionary, line) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      {&insert_event_,
       "INSERT INTO event(sentence_id, n, source, target, cameo, goldstein, quad_class, plover, "
       "verb_start, verb_end, dictionary, line, rule) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      {&insert_domain_,
       "INSERT INTO domain_term(sentence_id, n, domain, start, end, dictionary, line) "
       "VALUES (?, ?, ?, ?, ?, ?, ?)"},
      {&delete_coding_, "DELETE FROM sentence_coding WHERE sentence_id = ?"},
      {&delete_mentions_, "DELETE FROM mention WHERE sentence_id = ?"},
      {&delete_events_, "DELETE FROM event WHERE sentence_id = ?"},
      {&delete_domains_, "DELETE FROM domain_term WHERE sentence_id = ?"},
  };
  for (const auto& p : preps) {
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

Result<std::string> CodingWriter::write(int64_t id, const SentenceCoding& c, int64_t run_id) {
  CodingStrings strings = coding_strings(c);
  FISSURE_RETURN_IF_ERROR(write_rows(insert_coding_, id, c, strings, run_id));
  return std::move(strings.tokens);
}

Status CodingWriter::insert_new(int64_t id, const SentenceCoding& c, const CodingStrings& strings,
                                int64_t run_id) {
  return write_rows(insert_new_coding_, id, c, strings, run_id);
}

Status CodingWriter::write_rows(sqlite::Statement& s, int64_t id, const SentenceCoding& c,
                                const CodingStrings& strings, int64_t run_id) {
  s.bind(1, id).bind(2, c.lang).bind_or_null(3, c.speaker);
  s.bind_or_null(4, c.speaker_why.rule.empty() ? c.speaker_why.dictionary : c.speaker_why.rule);
  // NaN (not scored) is stored as NULL.
  auto score = [](sqlite::Statement& st, int i, double v) {
    std::isnan(v) ? st.bind_null(i) : st.bind(i, v);
  };
  score(s, 5, c.tone);
  score(s, 6, c.tone_fissure);
  s.bind_or_null(7, strings.domains).bind_or_null(8, strings.tokens);
  if (run_id)
    s.bind(9, run_id);
  else
    s.bind_null(9);
  FISSURE_RETURN_IF_ERROR(s.run());
  for (size_t i = 0; i < c.mentions.size(); ++i) {
    const ActorMention& m = c.mentions[i];
    auto& q = insert_mention_;
    q.bind(1, id).bind(2, static_cast<int64_t>(i)).bind(3, static_cast<int64_t>(m.begin));
    q.bind(4, static_cast<int64_t>(m.end))
        .bind(5, m.code)
        .bind(6, m.kind)
        .bind_or_null(7, m.country);
    q.bind_or_null(8, m.name);
    q.bind_null(9).bind_null(10).bind_null(11).bind_null(12);
    for (const MentionTone& t : c.mention_tones) {
      if (t.mention != i) continue;
      score(q, 9, t.tone);
      score(q, 10, t.tone_fissure);
      q.bind(11, static_cast<int64_t>(t.clause_begin));
      q.bind(12, static_cast<int64_t>(t.clause_end));
      break;
    }
    q.bind_or_null(13, m.why.dictionary);
    if (m.why.line > 0)
      q.bind(14, m.why.line);
    else
      q.bind_null(14);
    FISSURE_RETURN_IF_ERROR(q.run());
  }
  for (size_t i = 0; i < c.events.size(); ++i) {
    const CodedEvent& e = c.events[i];
    auto& q = insert_event_;
    q.bind(1, id)
        .bind(2, static_cast<int64_t>(i))
        .bind_or_null(3, e.source)
        .bind_or_null(4, e.target);
    q.bind(5, e.cameo).bind(6, e.goldstein);
    if (e.quad_class)
      q.bind(7, e.quad_class);
    else
      q.bind_null(7);
    q.bind_or_null(8, e.plover)
        .bind(9, static_cast<int64_t>(e.verb_begin))
        .bind(10, static_cast<int64_t>(e.verb_end));
    q.bind_or_null(11, e.why.dictionary);
    if (e.why.line > 0)
      q.bind(12, e.why.line);
    else
      q.bind_null(12);
    q.bind_or_null(13, e.why.rule);
    FISSURE_RETURN_IF_ERROR(q.run());
  }
  for (size_t i = 0; i < c.domains.size(); ++i) {
    const DomainLabel& d = c.domains[i];
    auto& q = insert_domain_;
    q.bind(1, id)
        .bind(2, static_cast<int64_t>(i))
        .bind(3, d.domain)
        .bind(4, static_cast<int64_t>(d.begin));
    q.bind(5, static_cast<int64_t>(d.end)).bind_or_null(6, d.why.dictionary);
    if (d.why.line > 0)
      q.bind(7, d.why.line);
    else
      q.bind_null(7);
    FISSURE_RETURN_IF_ERROR(q.run());
  }
  return Status::ok();
}

}  // namespace fissure::store
