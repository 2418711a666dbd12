// Reads a speaker's voice about a target from the coding tables (see voice_data.h).
#include "fissure/store/voice_data.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "fissure/corpus/date.h"
#include "sqlite_db.h"

namespace fissure {
namespace {

// The conditions every voice query shares; `d` is the document, `s` the sentence and `sc` its
// coding. Parameters ?1 from-day, ?2 to-day and ?3 domain are bound by bind_scope, ?6 the outlet
// country by bind_outlet; ?4 and ?5 are the queries' own.
constexpr const char* kScopeWhere =
    " s.revision = d.current_revision AND s.boilerplate = 0 AND sc.lang = 'en'"
    " AND (?1 IS NULL OR d.date_end >= ?1) AND (?2 IS NULL OR d.date_start <= ?2)"
    " AND (?3 IS NULL OR (' ' || sc.domains || ' ') LIKE ('% ' || ?3 || ' %'))"
    " AND (?6 IS NULL OR d.country = ?6)"
    " AND NOT EXISTS (SELECT 1 FROM duplicate u WHERE u.document_key = d.key)";

Status bind_scope(sqlite::Statement& st, const VoiceScope& scope) {
  if (!scope.from.empty()) {
    auto from = parse_iso_date(scope.from);
    if (!from) return Status::invalid("--from " + scope.from + ": " + from.status().message());
    st.bind(1, from->first_day().to_string());
  }
  if (!scope.to.empty()) {
    auto to = parse_iso_date(scope.to);
    if (!to) return Status::invalid("--to " + scope.to + ": " + to.status().message());
    st.bind(2, to->last_day().to_string());
  }
  if (!scope.domain.empty()) st.bind(3, scope.domain);
  return Status::ok();
}

// Binds ?6, the outlet country of the speaker's own voice (NULL: any outlet).
void bind_outlet(sqlite::Statement& st, const VoiceScope& scope, const std::string& speaker) {
  if (scope.own_outlets) st.bind(6, speaker);
}

DocumentDate read_date(const sqlite::Statement& st, int start_col, int precision_col) {
  DocumentDate d;
  if (st.is_null(start_col)) return d;
  d.start = st.str(start_col);
  std::string_view p = st.text(precision_col);
  d.precision = p.empty() ? 'd' : p[0];
  return d;
}

// Bit index of each domain name, growing the list as names appear.
uint32_t domain_mask(std::string_view domains, std::vector<std::string>* names) {
  uint32_t mask = 0;
  size_t i = 0;
  while (i < domains.size()) {
    size_t j = domains.find(' ', i);
    if (j == std::string_view::npos) j = domains.size();
    std::string_view name = domains.substr(i, j - i);
    i = j + 1;
    if (name.empty()) continue;
    auto it = std::find(names->begin(), names->end(), name);
    size_t bit = static_cast<size_t>(it - names->begin());
    if (it == names->end()) {
      if (names->size() >= 32) continue;  // more domains than a mask holds: ignored
      names->emplace_back(name);
    }
    mask |= 1u << bit;
  }
  return mask;
}

}  // namespace

Result<VoiceData> load_voice(Archive& archive, const std::string& speaker,
                             const std::string& target, const VoiceScope& scope, bool with_events) {
  auto& db = archive.db();
  // mention_code narrows to the target's mentions first; the rest are key lookups.
  auto st =
      db.prepare(std::string("SELECT m.sentence_id, s.document_key, d.date_start, d.date_precision,"
                             " avg(m.tone_fissure), sc.domains, s.\"end\" - s.start"
                             " FROM mention m"
                             " JOIN sentence_coding sc ON sc.sentence_id = m.sentence_id"
                             " JOIN sentence s ON s.id = m.sentence_id"
                             " JOIN document d ON d.key = s.document_key"
                             " WHERE m.code = ?4 AND sc.speaker = ?5 AND") +
                 kScopeWhere + " GROUP BY m.sentence_id ORDER BY d.date_start, m.sentence_id");
  if (!st) return st.status();
  if (Status s = bind_scope(*st, scope); !s) return s;
  st->bind(4, target).bind(5, speaker);
  bind_outlet(*st, scope, speaker);
  VoiceData out;
  out.speaker = speaker;
  out.target = target;
  Status status;
  while (st->step(&status)) {
    VoiceSentence v;
    v.sentence_id = st->int64(0);
    v.document_key = st->int64(1);
    v.date = read_date(*st, 2, 3);
    v.tone = st->is_null(4) ? std::numeric_limits<double>::quiet_NaN() : st->real(4);
    if (!st->is_null(5)) v.domain_mask = domain_mask(st->text(5), &out.domains);
    v.length = static_cast<int>(st->int64(6));
    out.sentences.push_back(std::move(v));
  }
  if (!status) return status;
  if (with_events)
    if (Status st = add_events(archive, &out); !st) return st;
  return out;
}

Status add_events(Archive& archive, VoiceData* voice) {
  if (voice->sentences.empty()) return Status::ok();
  auto ev = archive.db().prepare(
      "SELECT quad_class, goldstein FROM event WHERE sentence_id = ?"
      " AND ((source = ?2 AND target = ?3) OR (source = ?3 AND target = ?2))");
  if (!ev) return ev.status();
  Status status;
  for (VoiceSentence& v : voice->sentences) {
    ev->bind(1, v.sentence_id).bind(2, voice->speaker).bind(3, voice->target);
    while (ev->step(&status)) {
      int64_t quad = ev->int64(0);
      if (quad >= 1 && quad <= 4) v.quad_events[quad]++;
      v.goldstein_sum += ev->real(1);
    }
    ev->reset();
    if (!status) return status;
  }
  return Status::ok();
}

Result<SpeakerVoice> load_speaker_voice(Archive& archive, const std::string& speaker,
                                        const VoiceScope& scope) {
  // Three plain scans merged here instead of one four-way join: the documents in scope (a few
  // thousand rows) into a map, the speaker's sentences in id order, and the mentions in id
  // order alongside them. The join looked up the document and the mentions once per sentence,
  // which cost more than reading the mention table straight through.
  auto& db = archive.db();
  std::unordered_set<int64_t> duplicates;
  {
    auto dup = db.prepare("SELECT document_key FROM duplicate");
    if (!dup) return dup.status();
    Status status;
    while (dup->step(&status)) duplicates.insert(dup->int64(0));
    if (!status) return status;
  }
  struct DocumentInScope {
    DocumentDate date;
    int64_t revision = 0;
    DocumentVolume volume;  // sentences 0: none read yet
  };
  std::unordered_map<int64_t, DocumentInScope> documents;
  {
    auto docs = db.prepare(
        "SELECT key, date_start, date_precision, current_revision FROM document"
        " WHERE (?1 IS NULL OR date_end >= ?1) AND (?2 IS NULL OR date_start <= ?2)"
        " AND (?6 IS NULL OR country = ?6)");
    if (!docs) return docs.status();
    if (Status s = bind_scope(*docs, {scope.from, scope.to, "", scope.own_outlets}); !s) return s;
    bind_outlet(*docs, scope, speaker);
    Status status;
    while (docs->step(&status)) {
      if (duplicates.count(docs->int64(0))) continue;
      documents[docs->int64(0)] = {read_date(*docs, 1, 2), docs->int64(3), {}};
    }
    if (!status) return status;
  }
  auto sentences = db.prepare(
      "SELECT sc.sentence_id, s.document_key, s.revision, sc.tone_fissure, sc.domains,"
      " s.\"end\" - s.start"
      " FROM sentence_coding sc JOIN sentence s ON s.id = sc.sentence_id"
      " WHERE sc.speaker = ?4 AND sc.lang = 'en' AND s.boilerplate = 0"
      " AND (?3 IS NULL OR (' ' || sc.domains || ' ') LIKE ('% ' || ?3 || ' %'))"
      " ORDER BY sc.sentence_id");
  if (!sentences) return sentences.status();
  if (!scope.domain.empty()) sentences->bind(3, scope.domain);
  sentences->bind(4, speaker);
  auto mentions = db.prepare(
      "SELECT sentence_id, code, tone_fissure FROM mention WHERE sentence_id >= ?"
      " ORDER BY sentence_id, n");
  if (!mentions) return mentions.status();

  SpeakerVoice out;
  out.speaker = speaker;
  std::map<std::pair<std::string, char>, VolumeRow> volume;
  // The mention cursor: started at the first sentence in scope, then moved along with the
  // sentences; `mention_id` is the sentence id of the row it stands on (-1: not started).
  Status status;
  int64_t mention_id = -1;
  bool mentions_done = false;
  std::vector<std::pair<std::string, std::pair<double, int>>> targets;
  while (sentences->step(&status)) {
    auto doc = documents.find(sentences->int64(1));
    if (doc == documents.end() || doc->second.revision != sentences->int64(2)) continue;
    VoiceSentence sentence;
    sentence.sentence_id = sentences->int64(0);
    sentence.document_key = doc->first;
    sentence.date = doc->second.date;
    if (!sentences->is_null(4))
      sentence.domain_mask = domain_mask(sentences->text(4), &out.domains);
    sentence.length = static_cast<int>(sentences->int64(5));
    VolumeRow& row = volume[{sentence.date.start, sentence.date.precision}];
    row.date = sentence.date;
    row.sentences++;
    DocumentVolume& document = doc->second.volume;
    if (document.sentences++ == 0) {
      row.documents++;
      document.key = doc->first;
      document.date = sentence.date;
    }
    if (!sentences->is_null(3)) {
      row.tone_sum += sentences->real(3);
      row.tone_n++;
      document.tone_sum += sentences->real(3);
      document.tone_n++;
    }
    // The mentions of this sentence: skip those of sentences before it, read its own.
    if (mention_id < 0 && !mentions_done) {
      mentions->bind(1, sentence.sentence_id);
      mentions_done = !mentions->step(&status);
      mention_id = mentions_done ? -1 : mentions->int64(0);
    }
    targets.clear();
    while (!mentions_done && mention_id <= sentence.sentence_id) {
      if (mention_id == sentence.sentence_id && !mentions->is_null(1)) {
        std::string_view code = mentions->text(1);
        auto it = std::find_if(targets.begin(), targets.end(),
                               [&](const auto& t) { return t.first == code; });
        if (it == targets.end()) {
          targets.push_back({std::string(code), {0.0, 0}});
          it = targets.end() - 1;
        }
        if (!mentions->is_null(2)) {
          it->second.first += mentions->real(2);
          it->second.second++;
        }
      }
      mentions_done = !mentions->step(&status);
      mention_id = mentions_done ? -1 : mentions->int64(0);
    }
    if (!status) return status;
    for (auto& [code, tone] : targets) {
      if (code == speaker) continue;
      VoiceData& voice = out.by_target[code];
      if (voice.speaker.empty()) {
        voice.speaker = speaker;
        voice.target = code;
      }
      VoiceSentence v = sentence;
      v.tone = tone.second ? tone.first / tone.second : std::numeric_limits<double>::quiet_NaN();
      voice.sentences.push_back(v);
    }
  }
  if (!status) return status;
  for (auto& [_, row] : volume) out.volume.push_back(std::move(row));
  // Each target's state, once per target rather than once per mention.
  auto country =
      db.prepare("SELECT country FROM mention WHERE code = ? AND country IS NOT NULL LIMIT 1");
  if (!country) return country.status();
  for (auto& [code, voice] : out.by_target) {
    voice.domains = out.domains;
    country->bind(1, code);
    if (country->step(&status)) voice.target_country = country->str(0);
    country->reset();
    if (!status) return status;
  }
  for (auto& [_, doc] : documents)
    if (doc.volume.sentences) out.documents.push_back(doc.volume);
  std::sort(out.documents.begin(), out.documents.end(),
            [](const DocumentVolume& x, const DocumentVolume& y) { return x.key < y.key; });
  return out;
}

Result<bool> archive_is_coded(Archive& archive) {
  auto version = archive.db().query_int("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!version) return version.status();
  if (*version < 2) return false;
  auto any = archive.db().query_int("SELECT EXISTS (SELECT 1 FROM sentence_coding)");
  if (!any) return any.status();
  return *any != 0;
}

Result<std::vector<Quote>> load_quotes(Archive& archive, const std::vector<int64_t>& sentence_ids,
                                       const std::string& target) {
  auto& db = archive.db();
  auto st = db.prepare(
      "SELECT d.id, d.date, d.source, d.country, d.title, d.url, t.text, sc.speaker"
      " FROM sentence_text t"
      " JOIN sentence s ON s.id = t.id"
      " JOIN document d ON d.key = s.document_key"
      " LEFT JOIN sentence_coding sc ON sc.sentence_id = t.id"
      " WHERE t.id = ?");
  if (!st) return st.status();
  auto spans =
      db.prepare("SELECT start, end FROM mention WHERE sentence_id = ? AND code = ? ORDER BY n");
  if (!spans) return spans.status();
  std::vector<Quote> out;
  Status status;
  for (int64_t id : sentence_ids) {
    st->bind(1, id);
    if (st->step(&status)) {
      Quote q;
      q.sentence_id = id;
      q.document_id = st->str(0);
      q.date = st->str(1);
      q.source = st->str(2);
      q.country = st->str(3);
      q.title = st->str(4);
      q.url = st->str(5);
      q.text = st->str(6);
      q.speaker = st->str(7);
      if (!target.empty()) {
        spans->bind(1, id).bind(2, target);
        while (spans->step(&status)) {
          int begin = static_cast<int>(spans->int64(0)), end = static_cast<int>(spans->int64(1));
          if (begin >= 0 && begin < end && end <= static_cast<int>(q.text.size()))
            q.target_spans.emplace_back(begin, end);
        }
        spans->reset();
      }
      out.push_back(std::move(q));
    }
    st->reset();
    if (!status) return status;
  }
  return out;
}

Result<DocumentText> load_document_text(Archive& archive, const std::string& document_id) {
  auto st = archive.db().prepare(
      "SELECT d.id, d.title, d.date, d.source, d.country, d.url, r.text FROM document d"
      " JOIN revision r ON r.document_key = d.key AND r.n = d.current_revision WHERE d.id = ?");
  if (!st) return st.status();
  st->bind(1, document_id);
  Status status;
  if (!st->step(&status)) {
    if (!status) return status;
    return Status::not_found("no document " + document_id);
  }
  return DocumentText{st->str(0), st->str(1), st->str(2), st->str(3),
                      st->str(4), st->str(5), st->str(6)};
}

}  // namespace fissure
