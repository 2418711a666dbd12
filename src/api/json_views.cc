#include "fissure/api/json_views.h"

#include <cmath>

namespace fissure::api {
namespace {

Json opt(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }
Json opt(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }
Json empty_as_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json counts_json(const std::vector<SourceCount>& v) {
  Json out = Json::array();
  for (const auto& c : v)
    out.push_back({{"name", c.name}, {"documents", c.documents}, {"sentences", c.sentences}});
  return out;
}

Json facet_counts(const std::vector<FacetCount>& v) {
  Json out = Json::array();
  for (const auto& c : v) out.push_back({{"value", c.value}, {"count", c.sentences}});
  return out;
}

Json quote_json(const Quote& q) {
  Json marks = Json::array();
  for (auto [b, e] : q.target_spans) marks.push_back({b, e});
  return {{"document_id", q.document_id},
          {"sentence_id", q.sentence_id},
          {"date", q.date},
          {"source", q.source},
          {"speaker", q.speaker},
          {"title", q.title},
          {"quote", q.text},
          {"quote_marked", marked_quote(q)},
          {"target_spans", marks}};
}

Json rounded(double v) { return std::isnan(v) ? Json(nullptr) : Json(std::round(v * 1e4) / 1e4); }

}  // namespace

Json number_or_null(double v) { return std::isnan(v) || std::isinf(v) ? Json(nullptr) : Json(v); }

Json coding_json(const CodingSummary& c) {
  if (!c.coded) return nullptr;
  return {{"lang", c.lang},      {"speaker", empty_as_null(c.speaker)},
          {"tone", opt(c.tone)}, {"tone_fissure", opt(c.tone_fissure)},
          {"actors", c.actors},  {"domains", c.domains}};
}

Json search_json(const SearchResults& r) {
  Json hits = Json::array();
  for (const auto& h : r.hits)
    hits.push_back({{"document_id", h.document_id},
                    {"sentence_id", h.sentence_id},
                    {"date", opt(h.date)},
                    {"country", opt(h.country)},
                    {"source", opt(h.source)},
                    {"title", opt(h.title)},
                    {"sentence", h.sentence},
                    {"snippet", h.snippet},
                    {"score", h.score},
                    {"coding", coding_json(h.coding)}});
  return {{"total", r.total}, {"ranked", r.ranked}, {"hits", hits}};
}

Json facets_json(const SearchFacets& f) {
  return {{"country", facet_counts(f.by_country)},
          {"source", facet_counts(f.by_source)},
          {"year", facet_counts(f.by_year)}};
}

Json kwic_json(const KwicResults& r) {
  Json lines = Json::array();
  for (const auto& l : r.lines)
    lines.push_back({{"document_id", l.document_id},
                     {"sentence_id", l.sentence_id},
                     {"date", opt(l.date)},
                     {"country", opt(l.country)},
                     {"source", opt(l.source)},
                     {"left", l.left},
                     {"keyword", l.keyword},
                     {"right", l.right},
                     {"coding", coding_json(l.coding)}});
  return {{"total", r.total}, {"lines", lines}};
}

Json stats_json(const ArchiveStats& s) {
  return {{"schema_version", s.schema_version},
          {"documents", s.documents},
          {"sentences", s.sentences},
          {"indexed_sentences", s.indexed_sentences},
          {"revisions", s.revisions},
          {"revised_documents", s.revised_documents},
          {"withdrawn_documents", s.withdrawn_documents},
          {"duplicates", {{"exact", s.exact_duplicates}, {"near", s.near_duplicates}}},
          {"boilerplate_lines", s.boilerplate_lines},
          {"date_range", {{"first", opt(s.first_date)}, {"last", opt(s.last_date)}}},
          {"undated_documents", s.undated_documents},
          {"by_source", counts_json(s.by_source)},
          {"by_country", counts_json(s.by_country)},
          {"by_year", counts_json(s.by_year)}};
}

Json document_json(const DocumentView& d) {
  Json revisions = Json::array();
  for (const auto& r : d.revisions)
    revisions.push_back({{"n", r.n},
                         {"seen_at", r.seen_at},
                         {"sha256", r.sha256},
                         {"origin", r.origin},
                         {"title", opt(r.title)},
                         {"date", opt(r.date)},
                         {"sentences", r.sentences}});
  Json duplicates = Json::array();
  for (const auto& l : d.duplicates)
    duplicates.push_back({{"document_id", l.document_id},
                          {"kind", l.kind},
                          {"similarity", l.similarity},
                          {"relation", l.is_original ? "duplicates" : "duplicated_by"}});
  Json sentences = Json::array();
  for (const auto& s : d.sentences) {
    Json mentions = Json::array();
    for (const auto& m : s.mentions)
      mentions.push_back({{"code", m.code},
                          {"kind", m.kind},
                          {"name", m.name},
                          {"start", m.start},
                          {"end", m.end},
                          {"tone", opt(m.tone)}});
    sentences.push_back({{"sentence_id", s.id},
                         {"start", s.start},
                         {"end", s.end},
                         {"boilerplate", s.boilerplate},
                         {"coding", coding_json(s.coding)},
                         {"mentions", mentions}});
  }
  Json metadata = nullptr;
  if (d.metadata) metadata = Json::parse(*d.metadata, nullptr, /*allow_exceptions=*/false);
  if (metadata.is_discarded()) metadata = *d.metadata;
  return {{"document_id", d.id},
          {"source", d.source},
          {"country", opt(d.country)},
          {"date", opt(d.date)},
          {"title", opt(d.title)},
          {"url", opt(d.url)},
          {"lang", opt(d.lang)},
          {"metadata", metadata},
          {"withdrawn_at", opt(d.withdrawn_at)},
          {"current_revision", d.current_revision},
          {"revision", d.revision},
          {"revisions", revisions},
          {"duplicates", duplicates},
          {"text", d.text},
          {"sentences", sentences}};
}

Json series_json(const analysis::DyadSeries& s) {
  Json rows = Json::array();
  for (const analysis::DirectedPeriod& r : s.rows) {
    Json domains = Json::object();
    for (size_t i = 0; i < s.domains.size(); ++i) domains[s.domains[i]] = r.domain_share[i];
    rows.push_back({{"speaker", r.speaker},
                    {"target", r.target},
                    {"period", r.label},
                    {"sentences", r.sentences},
                    {"documents", r.documents},
                    {"speaker_sentences", r.speaker_sentences},
                    {"attention", number_or_null(r.attention)},
                    {"scored", r.scored},
                    {"enough_text", r.enough_text},
                    {"tone", number_or_null(r.tone)},
                    {"tone_ci_low", number_or_null(r.tone_ci_low)},
                    {"tone_ci_high", number_or_null(r.tone_ci_high)},
                    {"events",
                     {{"verbal_cooperation", r.events[1]},
                      {"material_cooperation", r.events[2]},
                      {"verbal_conflict", r.events[3]},
                      {"material_conflict", r.events[4]}}},
                    {"goldstein_mean", number_or_null(r.goldstein_mean)},
                    {"domains", domains}});
  }
  return {{"a", s.options.a},
          {"b", s.options.b},
          {"by", analysis::resolution_name(s.options.resolution)},
          {"min_sentences", s.options.min_sentences},
          {"unplaced", {{"a_about_b", s.unplaced_ab}, {"b_about_a", s.unplaced_ba}}},
          {"series", rows}};
}

Json finding_json(const analysis::Finding& f, int rank) {
  Json evidence = Json::array();
  for (const analysis::Evidence& e : f.evidence) {
    Json q = quote_json(e.quote);
    q["marked"] = e.marked;
    q["tone"] = number_or_null(e.tone);
    q["why"] = e.why;
    evidence.push_back(std::move(q));
  }
  return {{"rank", rank},
          {"kind", f.kind},
          {"speaker", f.speaker},
          {"target", f.target},
          {"third_party", empty_as_null(f.third_party)},
          {"period", f.period},
          {"magnitude", number_or_null(f.magnitude)},
          {"ci_low", number_or_null(f.ci_low)},
          {"ci_high", number_or_null(f.ci_high)},
          {"p_value", number_or_null(f.p_value)},
          {"tests", f.tests},
          {"strength", number_or_null(f.strength)},
          {"summary", f.summary},
          {"evidence", evidence}};
}

Json findings_json(const analysis::Cracks& c) {
  Json findings = Json::array();
  int rank = 0;
  for (const analysis::Finding& f : c.findings) findings.push_back(finding_json(f, ++rank));
  return {{"a", c.options.dyad.a},
          {"b", c.options.dyad.b},
          {"by", analysis::resolution_name(c.options.dyad.resolution)},
          {"alpha", c.options.alpha},
          {"tests", c.tests},
          {"notes", c.notes},
          {"findings", findings}};
}

Json alignment_json(const AlignmentMatrix& m, const AlignmentRequest& r) {
  Json speakers = Json::array(), pairs = Json::array();
  for (const auto& s : m.speakers) speakers.push_back(s.code);
  for (const auto& p : m.pairs)
    pairs.push_back({{"a", m.speakers[p.a].code},
                     {"b", m.speakers[p.b].code},
                     {"alignment", rounded(p.alignment)},
                     {"shared_targets", p.shared_targets}});
  Json method = {
      {"similarity", similarity_name(m.options.similarity)},
      {"centre_targets", m.options.centre_targets},
      {"voice", r.voice == AlignmentQuery::Voice::kDocumentCountry ? "document" : "speaker"},
      {"min_mentions", m.options.min_mentions},
      {"min_speakers_per_target", m.options.min_speakers_per_target},
      {"min_shared_targets", m.options.min_shared_targets}};
  return {{"period", r.period.label},
          {"from", r.period.from},
          {"to", r.period.to},
          {"source", empty_as_null(r.source)},
          {"documents", m.documents},
          {"coded_sentences", m.coded_sentences},
          {"method", method},
          {"speakers", speakers},
          {"targets", m.targets},
          {"left_out", m.left_out},
          {"pairs", pairs}};
}

Json digest_json(const report::Digest& d) {
  Json pairs = Json::array();
  for (const report::PairDigest& p : d.pairs) {
    Json documents = Json::array();
    for (const report::NewDocument& n : p.documents) {
      Json q = quote_json(n.quote);
      q["speaker"] = n.speaker;
      q["target"] = n.target;
      q["sentences_naming_target"] = n.sentences;
      documents.push_back(std::move(q));
    }
    Json changes = Json::array();
    for (const report::FindingChange& c : p.changes) {
      const char* kind = c.kind == report::FindingChange::Kind::kNew       ? "new"
                         : c.kind == report::FindingChange::Kind::kChanged ? "changed"
                                                                           : "gone";
      Json change = {{"change", kind}};
      if (c.kind != report::FindingChange::Kind::kNew) change["before"] = finding_json(c.before, 0);
      if (c.kind != report::FindingChange::Kind::kGone) change["after"] = finding_json(c.after, 0);
      changes.push_back(std::move(change));
    }
    pairs.push_back(
        {{"a", p.a},
         {"b", p.b},
         {"new_documents", {{"a_about_b", p.new_documents_ab}, {"b_about_a", p.new_documents_ba}}},
         {"documents", documents},
         {"findings_before", p.findings_before},
         {"findings_after", p.findings_after},
         {"changes", changes},
         {"notes", p.notes}});
  }
  return {{"since", d.since},
          {"archive", d.archive_name},
          {"generated_at", d.generated_at},
          {"pairs", pairs}};
}

std::string marked_quote(const Quote& q) {
  std::string out;
  size_t at = 0;
  for (auto [b, e] : q.target_spans) {
    if (static_cast<size_t>(b) < at) continue;
    out.append(q.text, at, static_cast<size_t>(b) - at);
    out += "**";
    out.append(q.text, static_cast<size_t>(b), static_cast<size_t>(e - b));
    out += "**";
    at = static_cast<size_t>(e);
  }
  out.append(q.text, at, std::string::npos);
  return out;
}

std::string dump(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace fissure::api
