#include "fissure/store/alignment_data.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "schema.h"
#include "sqlite_db.h"

namespace fissure {
namespace {

// The period's current, non-boilerplate English sentences of documents that are not duplicates.
// ?1 from, ?2 to, ?3 source ('' for all).
constexpr const char* kPeriodFrom =
    "FROM document d "
    "JOIN sentence s ON s.document_key = d.key AND s.revision = d.current_revision "
    "JOIN sentence_coding c ON c.sentence_id = s.id ";
constexpr const char* kPeriodWhere =
    "WHERE d.date_start <= ?2 AND d.date_end >= ?1 AND (?3 = '' OR d.source = ?3) "
    "AND s.boilerplate = 0 AND c.lang = 'en' "
    "AND NOT EXISTS (SELECT 1 FROM duplicate x WHERE x.document_key = d.key) ";

class CodeTable {
 public:
  int32_t intern(std::string_view code) {
    auto it = index_.find(std::string(code));
    if (it != index_.end()) return it->second;
    int32_t i = static_cast<int32_t>(codes_.size());
    codes_.emplace_back(code);
    index_.emplace(codes_.back(), i);
    return i;
  }
  // Sorts the codes and renumbers the observations to match, so that indices follow code order.
  std::vector<std::string> finish(std::vector<ToneObservation>* observations) {
    std::vector<int32_t> order(codes_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
    std::sort(order.begin(), order.end(),
              [&](int32_t a, int32_t b) { return codes_[a] < codes_[b]; });
    std::vector<int32_t> rank(codes_.size());
    std::vector<std::string> sorted;
    sorted.reserve(codes_.size());
    for (size_t r = 0; r < order.size(); ++r) {
      rank[order[r]] = static_cast<int32_t>(r);
      sorted.push_back(codes_[order[r]]);
    }
    for (auto& o : *observations) {
      o.speaker = rank[o.speaker];
      o.target = rank[o.target];
    }
    return sorted;
  }

 private:
  std::vector<std::string> codes_;
  std::unordered_map<std::string, int32_t> index_;
};

}  // namespace

int32_t AlignmentData::find(const std::string& code) const {
  auto it = std::lower_bound(codes.begin(), codes.end(), code);
  if (it == codes.end() || *it != code) return -1;
  return static_cast<int32_t>(it - codes.begin());
}

Result<AlignmentData> load_alignment_data(Archive& archive, const AlignmentQuery& query) {
  auto& db = archive.db();
  auto version = store::schema_version(db);
  if (!version) return version.status();
  if (*version < 2)
    return Status::invalid(
        archive.path() + ": the archive has no coding (schema version 1); run `fissure code --db " +
        archive.path() + "` first");

  AlignmentData data;
  {
    auto any = db.query_int("SELECT EXISTS (SELECT 1 FROM sentence_coding WHERE lang = 'en')");
    if (!any) return any.status();
    data.archive_coded = *any != 0;
  }
  if (!data.archive_coded) return data;

  {
    auto q = db.prepare(std::string("SELECT count(*), count(DISTINCT d.key) ") + kPeriodFrom +
                        kPeriodWhere);
    if (!q) return q.status();
    q->bind(1, query.from).bind(2, query.to).bind(3, query.source);
    Status st;
    if (q->step(&st)) {
      data.coded_sentences = q->int64(0);
      data.documents = q->int64(1);
    }
    if (!st) return st;
  }
  if (data.coded_sentences == 0) return data;

  const char* voice =
      query.voice == AlignmentQuery::Voice::kDocumentCountry ? "d.country" : "c.speaker";
  // Planned as document → sentence → coding → mention, each step on an index.
  std::string sql = "SELECT ";
  sql.append(voice).append(", m.code, d.key, m.tone_fissure ").append(kPeriodFrom);
  sql.append("JOIN mention m ON m.sentence_id = s.id ").append(kPeriodWhere);
  sql.append("AND m.tone_fissure IS NOT NULL AND ").append(voice).append(" IS NOT NULL");
  auto stmt = db.prepare(sql);
  if (!stmt) return stmt.status();
  stmt->bind(1, query.from).bind(2, query.to).bind(3, query.source);
  CodeTable table;
  Status st;
  while (stmt->step(&st)) {
    ToneObservation o;
    o.speaker = table.intern(stmt->text(0));
    o.target = table.intern(stmt->text(1));
    o.document = stmt->int64(2);
    o.tone = stmt->real(3);
    data.observations.push_back(o);
  }
  if (!st) return st;
  data.codes = table.finish(&data.observations);
  std::sort(data.observations.begin(), data.observations.end(),
            [](const ToneObservation& a, const ToneObservation& b) {
              if (a.speaker != b.speaker) return a.speaker < b.speaker;
              if (a.target != b.target) return a.target < b.target;
              return a.document < b.document;
            });
  return data;
}

}  // namespace fissure
