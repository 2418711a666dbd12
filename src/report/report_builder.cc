// Gathering for `fissure report`: runs the analysis and reads what the page shows besides it.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include "fissure/analysis/period.h"
#include "fissure/report/html_report.h"
#include "fissure/report/html_writer.h"

namespace fissure::report {
namespace {

using Clock = std::chrono::steady_clock;

std::string speaker_list(Archive& archive) {
  auto speakers = load_speakers(archive);
  if (!speakers || speakers->empty()) return "none";
  std::string s;
  for (size_t i = 0; i < speakers->size() && i < 15; ++i) {
    if (i) s += ", ";
    s += (*speakers)[i].code;
  }
  if (speakers->size() > 15) s += ", …";
  return s;
}

// Mean tone of sentences with a cluster-robust 95% interval, documents as clusters.
analysis::Estimate tone_estimate(const VoiceData& voice) {
  std::map<int64_t, analysis::Cluster> by_document;
  for (const auto& s : voice.sentences) {
    if (!std::isfinite(s.tone)) continue;
    auto& c = by_document[s.document_key];
    c.sum += s.tone;
    c.sum_squares += s.tone * s.tone;
    c.n += 1;
  }
  std::vector<analysis::Cluster> clusters;
  clusters.reserve(by_document.size());
  for (auto& [key, c] : by_document) clusters.push_back(c);
  if (clusters.empty()) {
    analysis::Estimate none;
    none.value = none.ci_low = none.ci_high = none.se = NAN;
    return none;
  }
  return analysis::robust_mean(clusters, analysis::normal_quantile_two_sided(0.05));
}

// find_cracks on a series already computed: the signals (find_cracks_in), then the quotes as
// find_cracks fetches them, without reading the pair's sentences a second time.
Result<analysis::Cracks> cracks_from_series(Archive& archive,
                                            const analysis::CracksOptions& options,
                                            const analysis::DyadSeries& series) {
  auto cracks = analysis::find_cracks_in(series, options);
  if (!cracks) return cracks.status();
  for (analysis::Finding& f : cracks->findings) {
    for (analysis::Evidence& e : f.evidence) {
      auto quotes = load_quotes(archive, {e.quote.sentence_id}, e.marked);
      if (!quotes) return quotes.status();
      if (!quotes->empty()) e.quote = std::move(quotes->front());
    }
    std::erase_if(f.evidence, [](const analysis::Evidence& e) { return e.quote.text.empty(); });
  }
  return cracks;
}

// The third parties to chart: those of the divergence findings first, then the actors both
// sides name most (by the smaller of the two sentence counts).
std::vector<ThirdPartyTone> third_party_tones(const ReportData& data, size_t limit) {
  const auto& o = data.series.options;
  const SpeakerVoice* a = data.series.voice_a.get();
  const SpeakerVoice* b = data.series.voice_b.get();
  std::vector<ThirdPartyTone> out;
  if (!a || !b) return out;
  std::vector<std::string> codes;
  auto add = [&](const std::string& code) {
    if (code.empty() || code == o.a || code == o.b || codes.size() >= limit) return;
    if (std::find(codes.begin(), codes.end(), code) != codes.end()) return;
    if (!a->by_target.count(code) || !b->by_target.count(code)) return;
    codes.push_back(code);
  };
  for (const auto& f : data.cracks.findings)
    if (f.kind == "third_party_divergence") add(f.third_party);
  std::vector<std::pair<size_t, std::string>> shared;
  for (const auto& [code, voice] : a->by_target) {
    auto it = b->by_target.find(code);
    if (it == b->by_target.end()) continue;
    shared.emplace_back(std::min(voice.sentences.size(), it->second.sentences.size()), code);
  }
  std::sort(shared.begin(), shared.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  for (const auto& [n, code] : shared) add(code);
  for (const auto& code : codes) {
    ThirdPartyTone t;
    t.code = code;
    t.first = tone_estimate(a->by_target.at(code));
    t.second = tone_estimate(b->by_target.at(code));
    if (t.first.n > 0 && t.second.n > 0) out.push_back(std::move(t));
  }
  return out;
}

SideCoverage side_coverage(const std::string& speaker, const std::vector<VolumeRow>& volume,
                           analysis::Resolution r) {
  SideCoverage c;
  c.speaker = speaker;
  for (const auto& row : volume) {
    if (row.sentences <= 0) continue;
    c.sentences += row.sentences;
    c.documents += row.documents;
    if (row.date.start.empty()) continue;
    if (c.first_date.empty() || row.date.start < c.first_date) c.first_date = row.date.start;
    if (c.last_date.empty() || row.date.start > c.last_date) c.last_date = row.date.start;
  }
  c.gaps = gap_runs(volume, r, &c.gap_periods);
  return c;
}

}  // namespace

std::vector<std::string> gap_runs(const std::vector<VolumeRow>& volume, analysis::Resolution r,
                                  int64_t* empty_periods) {
  std::set<int> present;
  for (const auto& row : volume)
    if (row.sentences > 0)
      if (auto p = analysis::period_of(row.date, r)) present.insert(*p);
  std::vector<std::string> runs;
  int64_t empty = 0;
  if (!present.empty()) {
    int previous = *present.begin();
    for (int p : present) {
      if (p > previous + 1) {
        std::string run = analysis::period_label(previous + 1, r);
        if (p - 1 > previous + 1) {
          run += "..";
          run += analysis::period_label(p - 1, r);
        }
        runs.push_back(std::move(run));
        empty += p - previous - 1;
      }
      previous = p;
    }
  }
  if (empty_periods) *empty_periods = empty;
  return runs;
}

Result<ReportData> gather_report(Archive& archive, const ReportOptions& options) {
  const auto started = Clock::now();
  const auto& o = options.dyad;
  for (const std::string* code : {&o.a, &o.b})
    if (!analysis::valid_actor_code(*code))
      return Status::invalid("'" + *code +
                             "' is not an actor code (2 to 8 upper-case letters or digits, e.g. "
                             "IRN, PRK)");
  if (o.a == o.b) return Status::invalid("the two sides of a pair must differ");
  auto coded = archive_is_coded(archive);
  if (!coded) return coded.status();
  if (!*coded)
    return Status::not_found(archive.path() +
                             ": the archive has no coding; run `fissure code --db " +
                             archive.path() + "` first");
  for (const std::string* code : {&o.a, &o.b}) {
    auto speaks = speaker_exists(archive, *code);
    if (!speaks) return speaks.status();
    if (!*speaks)
      return Status::invalid(*code + " never speaks in " + archive.path() +
                             " (speakers: " + speaker_list(archive) + ")");
  }

  ReportData data;
  data.options = options;
  auto series = analysis::compute_dyad(archive, o);
  if (!series) return series.status();
  data.series = std::move(*series);
  if (data.series.ab.sentences.empty() && data.series.ba.sentences.empty()) {
    std::string window;
    if (!o.scope.from.empty() || !o.scope.to.empty())
      window = " between " + (o.scope.from.empty() ? std::string("the start") : o.scope.from) +
               " and " + (o.scope.to.empty() ? std::string("the end") : o.scope.to);
    return Status::invalid("no shared text: " + o.a + " never names " + o.b + " and " + o.b +
                           " never names " + o.a + window + "; nothing to report");
  }

  analysis::CracksOptions cracks_options;
  cracks_options.dyad = o;
  cracks_options.evidence = options.evidence;
  auto cracks = cracks_from_series(archive, cracks_options, data.series);
  if (!cracks) return cracks.status();
  data.cracks = std::move(*cracks);
  data.third_parties =
      third_party_tones(data, static_cast<size_t>(std::max(options.max_third_parties, 0)));

  std::set<std::string> loaded;
  for (const auto& f : data.cracks.findings)
    for (const auto& e : f.evidence) {
      const std::string& id = e.quote.document_id;
      if (id.empty() || !loaded.insert(id).second) continue;
      auto doc = load_document_text(archive, id);
      if (!doc) {
        if (doc.status().code() == StatusCode::kNotFound) continue;
        return doc.status();
      }
      data.documents.push_back(std::move(*doc));
    }

  auto coding = load_coding_versions(archive);
  if (!coding) return coding.status();
  data.coding = std::move(*coding);
  data.coverage[0] = side_coverage(o.a, data.series.volume_a, o.resolution);
  data.coverage[1] = side_coverage(o.b, data.series.volume_b, o.resolution);
  for (auto& side : data.coverage) {
    auto outlets = load_outlet_coverage(archive, side.speaker, o.scope);
    if (!outlets) return outlets.status();
    side.outlets = std::move(*outlets);
  }
  data.generated_at = utc_now();
  data.archive_name = std::filesystem::path(archive.path()).filename().string();
  data.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return data;
}

}  // namespace fissure::report

#include <cstdio>

namespace fissure::report {

Status write_file_atomically(const std::string& path, const std::string& content) {
  std::string temporary = path;
  temporary += ".tmp";
  std::FILE* f = std::fopen(temporary.c_str(), "wb");
  if (!f) return Status::io_error(path + ": cannot write");
  bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    std::remove(temporary.c_str());
    return Status::io_error(path + ": write failed");
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::remove(temporary.c_str());
    return Status::io_error(path + ": " + ec.message());
  }
  return Status::ok();
}

Result<ReportWritten> write_report(Archive& archive, const ReportOptions& options,
                                   const std::string& path) {
  const auto started = Clock::now();
  auto data = gather_report(archive, options);
  if (!data) return data.status();
  std::string html = render_report(*data);
  FISSURE_RETURN_IF_ERROR(write_file_atomically(path, html));
  ReportWritten w;
  w.bytes = html.size();
  w.findings = data->cracks.findings.size();
  w.documents = data->documents.size();
  w.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return w;
}

}  // namespace fissure::report
