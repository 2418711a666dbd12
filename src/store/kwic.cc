#include <algorithm>
#include <string>

#include "fissure/store/search.h"
#include "fissure/text/words.h"
#include "coding_reader.h"
#include "meta_tokens.h"
#include "sqlite_db.h"

namespace fissure {
namespace {

struct Pattern {
  std::vector<std::string> words;  // folded
  bool prefix = false;             // the last word is a prefix
};

Result<Pattern> parse_term(const std::string& term) {
  std::string t = term;
  while (!t.empty() && t.front() == ' ') t.erase(t.begin());
  while (!t.empty() && t.back() == ' ') t.pop_back();
  Pattern p;
  if (!t.empty() && t.back() == '*') {
    p.prefix = true;
    t.pop_back();
  }
  if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
  for (const Span& w : word_spans(t)) p.words.push_back(fold_case(std::string_view(t).substr(w.start, w.end - w.start)));
  if (p.words.empty()) return Status::invalid("kwic needs a word, a prefix* or a \"phrase\"");
  return p;
}

}  // namespace

Result<KwicResults> kwic(Archive& archive, const KwicQuery& query) {
  if (query.window < 0 || query.window > 100) return Status::invalid("--window must be between 0 and 100");
  if (query.limit < 0) return Status::invalid("--limit must not be negative");
  auto pattern = parse_term(query.term);
  if (!pattern) return pattern.status();
  std::string fts;
  for (const auto& w : pattern->words) fts += (fts.empty() ? "" : " ") + w;
  fts = "\"" + fts + "\"" + (pattern->prefix ? "*" : "");
  auto filter = store::filter_expression(archive.db(), query.filters);
  if (!filter) return filter.status();
  auto tone = store::tone_condition(query.filters);
  if (!tone) return tone.status();
  // Archive order: by date, then document, then sentence, so that a concordance reads as a
  // chronology.
  auto q = archive.db().prepare(
      "SELECT d.id, s.id, d.date, d.country, d.source, s.document_key, s.revision, s.start, s.end "
      "FROM sentence_fts JOIN sentence s ON s.id = sentence_fts.rowid JOIN document d ON d.key = s.document_key "
      "WHERE sentence_fts MATCH ?1" + (tone->empty() ? std::string() : " AND " + *tone) +
      " ORDER BY d.date_start, d.key, s.n");
  if (!q) return q.status();
  q->bind(1, store::combine(fts, *filter));
  // Sentences come grouped by document: each revision's text is read once, and sentences are cut
  // from it by their offsets.
  auto revision_text = archive.db().prepare("SELECT text FROM revision WHERE document_key = ? AND n = ?");
  if (!revision_text) return revision_text.status();
  int64_t cached_key = -1, cached_revision = -1;
  std::string cached_text;
  KwicResults res;
  const auto& words = pattern->words;
  Status st;
  while (q->step(&st)) {
    int64_t key = q->int64(5), revision = q->int64(6);
    if (key != cached_key || revision != cached_revision) {
      revision_text->bind(1, key).bind(2, revision);
      cached_text = revision_text->step(&st) ? revision_text->str(0) : std::string();
      revision_text->reset();
      if (!st) break;
      cached_key = key;
      cached_revision = revision;
    }
    const size_t start = static_cast<size_t>(q->int64(7)), end = static_cast<size_t>(q->int64(8));
    if (end > cached_text.size() || start >= end) continue;
    std::string_view text = std::string_view(cached_text).substr(start, end - start);
    auto spans = word_spans(text);
    std::vector<std::string> folded;
    folded.reserve(spans.size());
    for (const Span& w : spans) folded.push_back(fold_case(text.substr(w.start, w.end - w.start)));
    for (size_t i = 0; i + words.size() <= folded.size(); ++i) {
      bool match = true;
      for (size_t k = 0; k < words.size() && match; ++k) {
        bool last = k + 1 == words.size();
        match = (last && pattern->prefix) ? folded[i + k].rfind(words[k], 0) == 0 : folded[i + k] == words[k];
      }
      if (!match) continue;
      ++res.total;
      if (static_cast<int>(res.lines.size()) >= query.limit) continue;
      KwicLine line;
      line.document_id = q->str(0);
      line.sentence_id = q->int64(1);
      line.date = q->opt_str(2);
      line.country = q->opt_str(3);
      line.source = q->opt_str(4);
      size_t kw_start = spans[i].start, kw_end = spans[i + words.size() - 1].end;
      size_t left_word = i >= static_cast<size_t>(query.window) ? i - query.window : 0;
      size_t right_word = std::min(spans.size(), i + words.size() + query.window);
      size_t l0 = spans[left_word].start;
      size_t r1 = right_word > i + words.size() ? spans[right_word - 1].end : kw_end;
      auto trim = [](std::string_view s) {
        while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
        while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
        return std::string(s);
      };
      line.left = trim(text.substr(l0, kw_start - l0));
      line.keyword = std::string(text.substr(kw_start, kw_end - kw_start));
      line.right = trim(text.substr(kw_end, r1 - kw_end));
      auto coding = store::coding_summary(archive.db(), line.sentence_id);
      if (!coding) return coding.status();
      line.coding = std::move(*coding);
      res.lines.push_back(std::move(line));
    }
  }
  if (!st) return Status::invalid("kwic \"" + query.term + "\": " + st.message());
  return res;
}

}  // namespace fissure
