// `fissure dyad` and `fissure cracks`: directed series for a pair and the dissonance findings
// between them.
#include <cmath>
#include <cstdio>

#include "cli.h"
#include "fissure/analysis/findings.h"
#include "fissure/api/json_views.h"
#include "pair_options.h"

namespace fissure::cli {
namespace {

std::string csv_number(double v) {
  if (std::isnan(v) || std::isinf(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string table_number(double v, const char* format = "%+.3f") {
  if (std::isnan(v)) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace

void print_series_csv(const analysis::DyadSeries& s) {
  std::printf(
      "speaker,target,period,sentences,documents,speaker_sentences,attention,scored,enough_text,"
      "tone,"
      "tone_ci_low,tone_ci_high,verbal_cooperation,material_cooperation,verbal_conflict,material_"
      "conflict,"
      "goldstein_mean");
  for (const std::string& d : s.domains) std::printf(",domain_%s", d.c_str());
  std::printf("\n");
  for (const analysis::DirectedPeriod& r : s.rows) {
    std::printf("%s,%s,%s,%lld,%lld,%lld,%s,%lld,%s,%s,%s,%s,%lld,%lld,%lld,%lld,%s",
                r.speaker.c_str(), r.target.c_str(), r.label.c_str(),
                static_cast<long long>(r.sentences), static_cast<long long>(r.documents),
                static_cast<long long>(r.speaker_sentences), csv_number(r.attention).c_str(),
                static_cast<long long>(r.scored), r.enough_text ? "TRUE" : "FALSE",
                csv_number(r.tone).c_str(), csv_number(r.tone_ci_low).c_str(),
                csv_number(r.tone_ci_high).c_str(), static_cast<long long>(r.events[1]),
                static_cast<long long>(r.events[2]), static_cast<long long>(r.events[3]),
                static_cast<long long>(r.events[4]), csv_number(r.goldstein_mean).c_str());
    for (double share : r.domain_share) std::printf(",%s", csv_number(share).c_str());
    std::printf("\n");
  }
}

void print_findings_csv(const analysis::Cracks& c) {
  std::printf(
      "rank,kind,speaker,target,third_party,period,magnitude,ci_low,ci_high,p_value,tests,strength,"
      "summary,"
      "evidence_document_ids\n");
  int rank = 0;
  for (const analysis::Finding& f : c.findings) {
    std::string ids;
    for (const analysis::Evidence& e : f.evidence)
      ids += (ids.empty() ? "" : " ") + e.quote.document_id;
    std::printf("%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,%s,%s\n", ++rank, f.kind.c_str(),
                f.speaker.c_str(), f.target.c_str(), f.third_party.c_str(), f.period.c_str(),
                csv_number(f.magnitude).c_str(), csv_number(f.ci_low).c_str(),
                csv_number(f.ci_high).c_str(), csv_number(f.p_value).c_str(), f.tests,
                csv_number(f.strength).c_str(), csv_field(f.summary).c_str(),
                csv_field(ids).c_str());
  }
}

void register_dyad(CLI::App& app, Action* run) {
  auto a = std::make_shared<PairArgs>();
  auto* cmd = app.add_subcommand("dyad",
                                 "How A speaks of B and B of A, period by period: attention, tone "
                                 "with 95% CI, events, domains");
  cmd->footer(
      "Example:\n  fissure dyad --db demo.db IRN PRK --by year\n  fissure dyad --db demo.db IRN "
      "PRK --by quarter --from 2018 --domain nuclear --format csv");
  add_pair_options(cmd, a.get());
  cmd->callback([a, run] {
    *run = [a]() -> int {
      auto options = dyad_options(*a);
      if (!options) return report_error(options.status());
      auto archive = Archive::open(a->db, Archive::Mode::kReadOnly);
      if (!archive) return report_error(archive.status());
      auto series = analysis::compute_dyad(**archive, *options);
      if (!series) return report_error(series.status());
      const auto& s = *series;
      switch (parse_output_format(a->format)) {
        case OutputFormat::kJson:
          std::printf("%s\n", api::dump(api::series_json(s), 2).c_str());
          return kExitOk;
        case OutputFormat::kCsv:
          print_series_csv(s);
          return kExitOk;
        case OutputFormat::kTable:
          break;
      }
      std::string domains_header;
      std::printf("%-16s %-9s %9s %9s %10s %-26s %7s %s\n", "direction", "period", "sentences",
                  "docs", "attention", "tone [95% CI]", "events", "top domain");
      for (const analysis::DirectedPeriod& r : s.rows) {
        std::string direction = r.speaker + " about " + r.target;
        std::string tone = r.enough_text
                               ? table_number(r.tone) + " [" + table_number(r.tone_ci_low) + ", " +
                                     table_number(r.tone_ci_high) + "]"
                               : "too little text (" + std::to_string(r.scored) + ")";
        size_t top = 0;
        for (size_t i = 1; i < r.domain_share.size(); ++i)
          if (r.domain_share[i] > r.domain_share[top]) top = i;
        std::string domain =
            r.domain_share.empty() || r.domain_share[top] == 0
                ? "—"
                : s.domains[top] + " " +
                      std::to_string(static_cast<int>(r.domain_share[top] * 100 + 0.5)) + "%";
        long long events = r.events[1] + r.events[2] + r.events[3] + r.events[4];
        std::printf(
            "%-16s %-9s %9lld %9lld %9s%% %-26s %7lld %s\n", direction.c_str(), r.label.c_str(),
            static_cast<long long>(r.sentences), static_cast<long long>(r.documents),
            table_number(r.attention * 100, "%.3f").c_str(), tone.c_str(), events, domain.c_str());
      }
      if (s.unplaced_ab || s.unplaced_ba)
        std::printf(
            "\nnot placed in a %s (undated or dated less precisely): %lld sentences %s about %s, "
            "%lld %s about %s\n",
            analysis::resolution_name(s.options.resolution), static_cast<long long>(s.unplaced_ab),
            s.options.a.c_str(), s.options.b.c_str(), static_cast<long long>(s.unplaced_ba),
            s.options.b.c_str(), s.options.a.c_str());
      return kExitOk;
    };
  });
}

void register_cracks(CLI::App& app, Action* run) {
  struct Args : PairArgs {
    double alpha = 0.05;
    int evidence = 4, max_third_parties = 40;
    std::vector<std::string> kinds;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "cracks", "Ranked dissonance findings between A and B, each with its interval and quotes");
  cmd->footer(
      "Kinds: reciprocity_gap, third_party_divergence, agenda_divergence, change_point, silence\n"
      "(formulas in docs/signals.md). A finding is listed only when its interval, "
      "Bonferroni-adjusted\n"
      "over the tests of its kind, excludes no difference.\n"
      "Example:\n  fissure cracks --db demo.db IRN PRK --format json");
  add_pair_options(cmd, a.get());
  cmd->add_option("--alpha", a->alpha, "Family-wise error rate per kind (default 0.05)");
  cmd->add_option("--evidence", a->evidence, "Quotes per finding (default 4)");
  cmd->add_option("--max-third-parties", a->max_third_parties,
                  "Third parties tested, the most named first (default 40)");
  cmd->add_option("--kind", a->kinds, "Only these kinds (repeatable)");
  cmd->callback([a, run] {
    *run = [a]() -> int {
      auto dyad = dyad_options(*a);
      if (!dyad) return report_error(dyad.status());
      analysis::CracksOptions options;
      options.dyad = *dyad;
      options.alpha = a->alpha;
      options.evidence = a->evidence;
      options.max_third_parties = a->max_third_parties;
      options.kinds = a->kinds;
      auto archive = Archive::open(a->db, Archive::Mode::kReadOnly);
      if (!archive) return report_error(archive.status());
      auto cracks = analysis::find_cracks(**archive, options);
      if (!cracks) return report_error(cracks.status());
      switch (parse_output_format(a->format)) {
        case OutputFormat::kJson:
          std::printf("%s\n", api::dump(api::findings_json(*cracks), 2).c_str());
          return kExitOk;
        case OutputFormat::kCsv:
          print_findings_csv(*cracks);
          return kExitOk;
        case OutputFormat::kTable:
          break;
      }
      const auto& c = *cracks;
      std::printf("%zu findings for %s and %s (%lld tests, alpha %.3g per kind)\n",
                  c.findings.size(), options.dyad.a.c_str(), options.dyad.b.c_str(),
                  static_cast<long long>(c.tests), options.alpha);
      int rank = 0;
      for (const analysis::Finding& f : c.findings) {
        std::printf("\n%d. [%s] %s\n", ++rank, f.kind.c_str(), f.summary.c_str());
        for (const analysis::Evidence& e : f.evidence)
          std::printf("   - %s %s (%s): \"%s\"\n     %s\n", e.quote.date.c_str(),
                      e.quote.source.c_str(), e.quote.document_id.c_str(),
                      one_line(api::marked_quote(e.quote)).c_str(), e.why.c_str());
      }
      for (const std::string& note : c.notes) std::printf("\nnote: %s", note.c_str());
      if (!c.notes.empty()) std::printf("\n");
      return kExitOk;
    };
  });
}

}  // namespace fissure::cli
