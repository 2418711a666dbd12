// fissure align: third-party alignment between every pair of speakers in a period (the method is
// in docs/alignment.md).
#include <cmath>
#include <cstdio>
#include <string>

#include "cli.h"
#include "fissure/analysis/alignment.h"
#include "fissure/api/json_views.h"
#include "fissure/store/archive.h"

namespace fissure::cli {
namespace {

std::string alignment_text(double v) {
  if (std::isnan(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

void print_csv(const AlignmentMatrix& m) {
  std::printf("speaker_a,speaker_b,alignment,shared_targets\n");
  for (const auto& p : m.pairs)
    std::printf("%s,%s,%s,%d\n", csv_field(m.speakers[p.a].code).c_str(),
                csv_field(m.speakers[p.b].code).c_str(), alignment_text(p.alignment).c_str(),
                p.shared_targets);
}

// Per speaker: how many partners it could be compared with, and its closest and farthest.
void print_table(const AlignmentMatrix& m, const AlignmentRequest& r) {
  size_t measured = 0;
  for (const auto& p : m.pairs) measured += !std::isnan(p.alignment);
  std::printf("period %s (%s to %s)%s%s: %lld documents, %lld coded sentences\n",
              r.period.label.c_str(), r.period.from.c_str(), r.period.to.c_str(),
              r.source.empty() ? "" : ", source ", r.source.c_str(),
              static_cast<long long>(m.documents), static_cast<long long>(m.coded_sentences));
  std::printf(
      "%zu speakers, %zu third parties (named by >= %d speakers), %zu of %zu pairs measured (>= %d "
      "shared)\n",
      m.speakers.size(), m.targets.size(), m.options.min_speakers_per_target, measured,
      m.pairs.size(), m.options.min_shared_targets);
  if (!m.left_out.empty())
    std::printf("left out (fewer than %d third parties): %zu speakers\n",
                m.options.min_shared_targets, m.left_out.size());
  std::printf("\n%-8s %7s %8s  %-22s %-22s\n", "speaker", "targets", "partners",
              "closest (r, shared)", "farthest (r, shared)");
  const size_t n = m.speakers.size();
  for (size_t i = 0; i < n; ++i) {
    const AlignmentPair *best = nullptr, *worst = nullptr;
    size_t partners = 0;
    for (size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      const auto& p = m.pair(i, j);
      if (std::isnan(p.alignment)) continue;
      ++partners;
      if (!best || p.alignment > best->alignment) best = &p;
      if (!worst || p.alignment < worst->alignment) worst = &p;
    }
    auto describe = [&](const AlignmentPair* p) {
      if (!p) return std::string("-");
      const std::string& other = m.speakers[static_cast<size_t>(p->a) == i ? p->b : p->a].code;
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s (%+.2f, %d)", other.c_str(), p->alignment,
                    p->shared_targets);
      return std::string(buf);
    };
    std::printf("%-8s %7zu %8zu  %-22s %-22s\n", m.speakers[i].code.c_str(),
                m.speakers[i].tones.size(), partners, describe(best).c_str(),
                describe(worst).c_str());
  }
}

}  // namespace

void register_align(CLI::App& app, Action* run) {
  struct Args {
    std::string db, period, source, format, voice;
    AlignmentOptions options;
    bool raw = false;
    std::string similarity = "pearson";
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("align",
                                 "Third-party alignment between every pair of speakers in a period "
                                 "(text counterpart of UN voting agreement)");
  cmd->footer(
      "Alignment of two speakers: Pearson r of their tones toward the third parties both name "
      "(neither's own code),\n"
      "each tone a speaker's document-clustered mean, centred on the assembly's mean tone toward "
      "the target.\n"
      "Method: docs/alignment.md.\n"
      "Examples:\n"
      "  fissure align --db un.db --period 2019\n"
      "  fissure align --db un.db --period 2015..2019 --source UNGDC --format csv > align.csv");
  cmd->add_option("--db", a->db, "Archive file")->required();
  cmd->add_option("--period", a->period, "yyyy, yyyy-mm, yyyy-mm-dd or FROM..TO")->required();
  cmd->add_option("--source", a->source, "Only this source (document.source, e.g. UNGDC)");
  cmd->add_option("--min-targets", a->options.min_shared_targets,
                  "Shared third parties a pair needs for a value (below: null)")
      ->default_val(a->options.min_shared_targets)
      ->check(CLI::Range(2, 1000000));
  cmd->add_option("--min-speakers", a->options.min_speakers_per_target,
                  "Speakers that must name a target for it to count")
      ->default_val(a->options.min_speakers_per_target)
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--min-mentions", a->options.min_mentions,
                  "Mentions of a target a speaker needs for its tone to count")
      ->default_val(a->options.min_mentions)
      ->check(CLI::Range(1, 1000000));
  cmd->add_flag("--raw", a->raw,
                "Compare raw tones (do not centre each target on the assembly's mean tone)");
  cmd->add_option("--similarity", a->similarity,
                  "pearson (r of the tone vectors) or cosine (of the centred vectors)")
      ->check(CLI::IsMember({"pearson", "cosine", "s", "attention"}))
      ->default_val(a->similarity);
  cmd->add_option("--voice", a->voice,
                  "Whose voice a sentence is: the coder's speaker, or the document's country")
      ->check(CLI::IsMember({"speaker", "document"}))
      ->default_val("speaker");
  add_format_option(cmd, &a->format);
  cmd->callback([a, run] {
    *run = [a]() -> int {
      auto period = parse_alignment_period(a->period);
      if (!period) return report_error(period.status());
      auto archive = Archive::open(a->db, Archive::Mode::kReadOnly);
      if (!archive) return report_error(archive.status());
      AlignmentRequest request;
      request.period = *period;
      request.source = a->source;
      request.voice = a->voice == "document" ? AlignmentQuery::Voice::kDocumentCountry
                                             : AlignmentQuery::Voice::kSentenceSpeaker;
      request.options = a->options;
      request.options.centre_targets = !a->raw;
      auto similarity = parse_similarity(a->similarity);
      if (!similarity) return report_error(similarity.status());
      request.options.similarity = *similarity;
      auto m = align_period(**archive, request);
      if (!m) return report_error(m.status());
      switch (parse_output_format(a->format)) {
        case OutputFormat::kJson:
          std::printf("%s\n", api::dump(api::alignment_json(*m, request), 2).c_str());
          break;
        case OutputFormat::kCsv:
          print_csv(*m);
          break;
        case OutputFormat::kTable:
          print_table(*m, request);
          break;
      }
      return kExitOk;
    };
  });
}

}  // namespace fissure::cli
