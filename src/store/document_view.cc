#include "fissure/store/document_view.h"

#include <map>
#include <sstream>

#include "sqlite_db.h"

namespace fissure {
namespace {

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

Status load_revisions(sqlite::Database& db, int64_t key, DocumentView* view) {
  auto st = db.prepare(
      "SELECT r.n, r.seen_at, r.text_sha256, r.origin, r.title, r.date, "
      "(SELECT count(*) FROM sentence s WHERE s.document_key = r.document_key AND s.revision = "
      "r.n) "
      "FROM revision r WHERE r.document_key = ? ORDER BY r.n");
  if (!st) return st.status();
  st->bind(1, key);
  Status status;
  while (st->step(&status)) {
    RevisionSummary r;
    r.n = static_cast<int>(st->int64(0));
    r.seen_at = st->str(1);
    r.sha256 = st->str(2);
    r.origin = st->str(3);
    r.title = st->opt_str(4);
    r.date = st->opt_str(5);
    r.sentences = st->int64(6);
    view->revisions.push_back(std::move(r));
  }
  return status;
}

Status load_duplicates(sqlite::Database& db, int64_t key, DocumentView* view) {
  // Both directions: the earlier document this one duplicates, and the later ones that duplicate
  // it.
  auto st = db.prepare(
      "SELECT d.id, l.kind, l.similarity, 1 FROM duplicate l JOIN document d ON d.key = "
      "l.of_document_key "
      "WHERE l.document_key = ?1 "
      "UNION ALL "
      "SELECT d.id, l.kind, l.similarity, 0 FROM duplicate l JOIN document d ON d.key = "
      "l.document_key "
      "WHERE l.of_document_key = ?1 ORDER BY 4 DESC, 1 LIMIT 200");
  if (!st) return st.status();
  st->bind(1, key);
  Status status;
  while (st->step(&status))
    view->duplicates.push_back({st->str(0), st->str(1), st->real(2), st->int64(3) != 0});
  return status;
}

Status load_sentences(sqlite::Database& db, int64_t key, DocumentView* view) {
  auto st = db.prepare(
      "SELECT s.id, s.start, s.end, s.boilerplate, c.sentence_id IS NOT NULL, c.lang, c.speaker, "
      "c.tone, c.tone_fissure, c.domains "
      "FROM sentence s LEFT JOIN sentence_coding c ON c.sentence_id = s.id "
      "WHERE s.document_key = ? AND s.revision = ? ORDER BY s.n");
  if (!st) return st.status();
  st->bind(1, key).bind(2, view->revision);
  Status status;
  std::map<int64_t, size_t> index;
  while (st->step(&status)) {
    DocumentSentence s;
    s.id = st->int64(0);
    s.start = st->int64(1);
    s.end = st->int64(2);
    s.boilerplate = st->int64(3) != 0;
    CodingSummary& c = s.coding;
    c.coded = st->int64(4) != 0;
    if (c.coded) {
      c.lang = st->str(5);
      c.speaker = st->str(6);
      if (!st->is_null(7)) c.tone = st->real(7);
      if (!st->is_null(8)) c.tone_fissure = st->real(8);
      c.domains = split_words(st->text(9));
    }
    index[s.id] = view->sentences.size();
    view->sentences.push_back(std::move(s));
  }
  if (!status) return status;

  auto m = db.prepare(
      "SELECT m.sentence_id, m.code, m.kind, m.name, m.start, m.end, m.tone_fissure FROM mention m "
      "JOIN sentence s ON s.id = m.sentence_id WHERE s.document_key = ? AND s.revision = ? "
      "ORDER BY m.sentence_id, m.n");
  if (!m) return m.status();
  m->bind(1, key).bind(2, view->revision);
  while (m->step(&status)) {
    auto it = index.find(m->int64(0));
    if (it == index.end()) continue;
    DocumentSentence& s = view->sentences[it->second];
    MentionSpan span{
        m->str(1),   m->str(2), m->str(3), s.start + m->int64(4), s.start + m->int64(5),
        std::nullopt};
    if (!m->is_null(6)) span.tone = m->real(6);
    bool seen = false;
    for (const auto& a : s.coding.actors) seen = seen || a == span.code;
    if (!seen) s.coding.actors.push_back(span.code);
    s.mentions.push_back(std::move(span));
  }
  return status;
}

}  // namespace

Result<DocumentView> load_document_view(Archive& archive, const std::string& document_id,
                                        int revision) {
  auto& db = archive.db();
  auto doc = db.prepare(
      "SELECT key, source, country, date, title, url, lang, metadata, withdrawn_at, "
      "current_revision "
      "FROM document WHERE id = ?");
  if (!doc) return doc.status();
  doc->bind(1, document_id);
  Status status;
  if (!doc->step(&status)) {
    if (!status) return status;
    return Status::not_found("no document with id " + document_id);
  }
  DocumentView view;
  int64_t key = doc->int64(0);
  view.id = document_id;
  view.source = doc->str(1);
  view.country = doc->opt_str(2);
  view.date = doc->opt_str(3);
  view.title = doc->opt_str(4);
  view.url = doc->opt_str(5);
  view.lang = doc->opt_str(6);
  view.metadata = doc->opt_str(7);
  view.withdrawn_at = doc->opt_str(8);
  view.current_revision = static_cast<int>(doc->int64(9));
  view.revision = revision == 0 ? view.current_revision : revision;

  FISSURE_RETURN_IF_ERROR(load_revisions(db, key, &view));
  auto text = db.prepare("SELECT text FROM revision WHERE document_key = ? AND n = ?");
  if (!text) return text.status();
  text->bind(1, key).bind(2, view.revision);
  if (!text->step(&status)) {
    if (!status) return status;
    return Status::not_found("document " + document_id + " has no revision " +
                             std::to_string(view.revision));
  }
  view.text = text->str(0);
  FISSURE_RETURN_IF_ERROR(load_duplicates(db, key, &view));
  FISSURE_RETURN_IF_ERROR(load_sentences(db, key, &view));
  return view;
}

}  // namespace fissure
