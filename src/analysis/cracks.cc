// Runs the dissonance signals for a pair, ranks their findings and fetches the quotes behind
// them (see findings.h).
#include <algorithm>
#include <cmath>
#include <map>

#include "fissure/analysis/findings.h"
#include "signal_support.h"

namespace fissure::analysis {

const std::vector<std::string>& finding_kinds() {
  static const std::vector<std::string> kinds = {"reciprocity_gap", "third_party_divergence",
                                                 "agenda_divergence", "change_point", "silence"};
  return kinds;
}

namespace {

Status check_options(const CracksOptions& options) {
  for (const std::string& kind : options.kinds)
    if (std::find(finding_kinds().begin(), finding_kinds().end(), kind) == finding_kinds().end())
      return Status::invalid(
          "unknown finding kind '" + kind +
          "' (reciprocity_gap, third_party_divergence, agenda_divergence, change_point, silence)");
  if (!(options.alpha > 0 && options.alpha < 1))
    return Status::invalid("--alpha must be between 0 and 1");
  if (options.evidence < 1 || options.evidence > 20)
    return Status::invalid("--evidence must be 1..20");
  if (options.max_third_parties < 0)
    return Status::invalid("--max-third-parties must not be negative");
  return Status::ok();
}

}  // namespace

Result<Cracks> find_cracks_in(const DyadSeries& series, const CracksOptions& options) {
  if (Status st = check_options(options); !st) return st;
  Cracks out;
  out.options = options;
  SignalContext ctx{options, series};
  auto wanted = [&](const char* kind) {
    return options.kinds.empty() ||
           std::find(options.kinds.begin(), options.kinds.end(), kind) != options.kinds.end();
  };
  if (wanted("reciprocity_gap")) find_reciprocity_gaps(ctx, &out);
  if (wanted("third_party_divergence")) find_third_party_divergence(ctx, &out);
  if (wanted("agenda_divergence")) find_agenda_divergence(ctx, &out);
  if (wanted("change_point")) find_change_points(ctx, &out);
  if (wanted("silence")) find_silences(ctx, &out);
  std::stable_sort(out.findings.begin(), out.findings.end(),
                   [](const Finding& x, const Finding& y) { return x.strength > y.strength; });
  return out;
}

Result<Cracks> find_cracks(Archive& archive, const CracksOptions& options) {
  if (Status st = check_options(options); !st) return st;  // before the archive is read
  auto series = compute_dyad(archive, options.dyad);
  if (!series) return series.status();
  auto cracks = find_cracks_in(*series, options);
  if (!cracks) return cracks.status();
  Cracks& out = *cracks;
  // Quotes: one lookup per evidence sentence, with the actor it is about marked.
  for (Finding& f : out.findings) {
    for (Evidence& e : f.evidence) {
      auto quotes = load_quotes(archive, {e.quote.sentence_id}, e.marked);
      if (!quotes) return quotes.status();
      if (!quotes->empty()) e.quote = std::move(quotes->front());
    }
    f.evidence.erase(std::remove_if(f.evidence.begin(), f.evidence.end(),
                                    [](const Evidence& e) { return e.quote.text.empty(); }),
                     f.evidence.end());
  }
  return out;
}

}  // namespace fissure::analysis
