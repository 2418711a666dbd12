// fissure eval align: how well text alignment (fissure align) tracks UN General Assembly voting
// agreement, year by year, over the country pairs both measure.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "cli.h"
#include "fissure/analysis/alignment.h"
#include "fissure/analysis/alignment_validation.h"
#include "fissure/store/archive.h"

namespace fissure::cli {
namespace {

using nlohmann::json;

json number_or_null(double v) {
  return std::isnan(v) ? json(nullptr) : json(std::round(v * 1e4) / 1e4);
}

struct YearResult {
  int year = 0;
  int roll_calls = 0;
  size_t speakers = 0;
  Correlation correlation;
  Correlation baseline;  // the product of the two speakers' mean tones, against the same votes
  double mean_agreement = 0, mean_alignment = 0;
};

json correlation_json(const Correlation& c) {
  return {{"pairs", c.n},
          {"pearson", number_or_null(c.pearson)},
          {"pearson_ci_low", number_or_null(c.pearson_ci_low)},
          {"pearson_ci_high", number_or_null(c.pearson_ci_high)},
          {"spearman", number_or_null(c.spearman)}};
}

}  // namespace

void register_eval_align(CLI::App& eval, Action* run) {
  struct Args {
    std::string db, votes, source, format, voice, year_of;
    int year = 0, min_votes = 20;
    AlignmentOptions options;
    bool raw = false;
    std::string similarity = "pearson";
  };
  auto a = std::make_shared<Args>();
  auto* cmd = eval.add_subcommand(
      "align", "Correlate text alignment (fissure align) with UN voting agreement, per year");
  cmd->footer(
      "Voting agreement of two countries in a year: the share of the roll calls both voted in "
      "(yes, no or abstain)\n"
      "where they voted alike. A roll call belongs to the year its session opened (session + 1945) "
      "unless\n"
      "--year-of date. Every year with both speeches and votes is scored unless --year is given.\n"
      "Example:\n"
      "  fissure eval align --db un.db --votes ../shared/reference/unvotes --year 2019");
  cmd->add_option("--db", a->db, "Archive file")->required();
  cmd->add_option("--votes", a->votes, "Folder with un_votes.csv.gz and un_roll_calls.csv.gz")
      ->required();
  cmd->add_option("--year", a->year, "Only this year");
  cmd->add_option("--source", a->source, "Only this source of text (e.g. UNGDC)");
  cmd->add_option("--min-votes", a->min_votes, "Roll calls a pair must both vote in to be scored")
      ->default_val(a->min_votes)
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--year-of", a->year_of,
                  "A roll call's year: its session's (session + 1945) or its date's")
      ->check(CLI::IsMember({"session", "date"}))
      ->default_val("session");
  cmd->add_option("--min-targets", a->options.min_shared_targets, "As in fissure align")
      ->default_val(a->options.min_shared_targets)
      ->check(CLI::Range(2, 1000000));
  cmd->add_option("--min-speakers", a->options.min_speakers_per_target, "As in fissure align")
      ->default_val(a->options.min_speakers_per_target)
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--min-mentions", a->options.min_mentions, "As in fissure align")
      ->default_val(a->options.min_mentions)
      ->check(CLI::Range(1, 1000000));
  cmd->add_flag("--raw", a->raw, "As in fissure align: do not centre targets");
  cmd->add_option("--similarity", a->similarity,
                  "pearson (r of the tone vectors) or cosine (of the centred vectors)")
      ->check(CLI::IsMember({"pearson", "cosine", "s", "attention"}))
      ->default_val(a->similarity);
  cmd->add_option("--voice", a->voice, "As in fissure align")
      ->check(CLI::IsMember({"speaker", "document"}))
      ->default_val("speaker");
  cmd->add_option("--format", a->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->default_val("table");
  cmd->callback([a, run] {
    *run = [a]() -> int {
      std::vector<std::string> problems;
      auto votes = UnVotes::load(
          a->votes, a->year_of == "date" ? VoteYear::kDate : VoteYear::kSession, &problems);
      if (!votes) return report_error(votes.status());
      for (size_t i = 0; i < problems.size() && i < 10; ++i)
        std::fprintf(stderr, "warning: %s\n", problems[i].c_str());
      if (problems.size() > 10)
        std::fprintf(stderr, "warning: %zu more problems\n", problems.size() - 10);
      auto archive = Archive::open(a->db, Archive::Mode::kReadOnly);
      if (!archive) return report_error(archive.status());

      auto parsed_similarity = parse_similarity(a->similarity);
      if (!parsed_similarity) return report_error(parsed_similarity.status());
      const AlignmentSimilarity similarity = *parsed_similarity;
      std::vector<int> years = votes->years();
      if (a->year) {
        if (!votes->roll_calls(a->year))
          return report_error(
              Status::not_found("no UN votes for " + std::to_string(a->year) + " in " + a->votes));
        years = {a->year};
      }
      std::vector<YearResult> results;
      std::vector<double> all_text, all_votes, all_base;
      for (int year : years) {
        AlignmentRequest request;
        auto period = parse_alignment_period(std::to_string(year));
        if (!period) return report_error(period.status());
        request.period = *period;
        request.source = a->source;
        request.voice = a->voice == "document" ? AlignmentQuery::Voice::kDocumentCountry
                                               : AlignmentQuery::Voice::kSentenceSpeaker;
        request.options = a->options;
        request.options.centre_targets = !a->raw;
        request.options.similarity = similarity;
        auto m = align_period(**archive, request);
        if (!m) {
          // An archive without coding fails every year alike: say so once.
          if (m.status().code() != StatusCode::kNotFound || a->year)
            return report_error(m.status());
          continue;
        }
        std::unordered_map<std::string, double> agreement;
        for (const auto& v : votes->agreement(year, a->min_votes))
          agreement[v.a + " " + v.b] = v.agreement;
        YearResult r;
        r.year = year;
        r.roll_calls = votes->roll_calls(year);
        r.speakers = m->speakers.size();
        // Baseline: how warm each speaker is overall, whoever it speaks of. Alignment that does
        // no better than this says nothing about shared third parties.
        std::vector<double> warmth(m->speakers.size(), 0);
        for (size_t i = 0; i < m->speakers.size(); ++i) {
          for (const auto& t : m->speakers[i].tones) warmth[i] += t.raw_tone;
          warmth[i] /= static_cast<double>(m->speakers[i].tones.size());
        }
        std::vector<double> text, vote, base;
        for (const auto& p : m->pairs) {
          if (std::isnan(p.alignment)) continue;
          auto it = agreement.find(m->speakers[p.a].code + " " + m->speakers[p.b].code);
          if (it == agreement.end()) continue;
          text.push_back(p.alignment);
          base.push_back(warmth[p.a] * warmth[p.b]);
          vote.push_back(it->second);
        }
        if (text.empty()) continue;
        r.correlation = correlate(text, vote);
        r.baseline = correlate(base, vote);
        for (size_t i = 0; i < text.size(); ++i) {
          r.mean_alignment += text[i] / text.size();
          r.mean_agreement += vote[i] / vote.size();
        }
        all_text.insert(all_text.end(), text.begin(), text.end());
        all_votes.insert(all_votes.end(), vote.begin(), vote.end());
        all_base.insert(all_base.end(), base.begin(), base.end());
        results.push_back(r);
      }
      if (results.empty())
        return report_error(
            Status::not_found(a->db + ": no year has both coded speeches and UN votes for the same "
                                      "country pairs (is it a UNGDC archive?)"));
      const Correlation pooled = correlate(all_text, all_votes);
      const Correlation pooled_baseline = correlate(all_base, all_votes);
      double mean_pearson = 0, mean_spearman = 0;
      size_t scored = 0;
      for (const auto& r : results)
        if (!std::isnan(r.correlation.pearson) && !std::isnan(r.correlation.spearman)) {
          mean_pearson += r.correlation.pearson;
          mean_spearman += r.correlation.spearman;
          ++scored;
        }
      if (scored) {
        mean_pearson /= scored;
        mean_spearman /= scored;
      }

      if (a->format == "json") {
        json per_year = json::array();
        for (const auto& r : results) {
          json j = correlation_json(r.correlation);
          j["year"] = r.year;
          j["roll_calls"] = r.roll_calls;
          j["speakers"] = r.speakers;
          j["mean_alignment"] = number_or_null(r.mean_alignment);
          j["mean_agreement"] = number_or_null(r.mean_agreement);
          j["baseline"] = correlation_json(r.baseline);
          per_year.push_back(j);
        }
        json out = {
            {"agreement", "share of common roll calls (yes/no/abstain) with identical votes"},
            {"year_of", a->year_of},
            {"min_votes", a->min_votes},
            {"years", per_year},
            {"pooled", correlation_json(pooled)},
            {"mean_of_years",
             {{"years", scored},
              {"pearson", scored ? json(std::round(mean_pearson * 1e4) / 1e4) : json(nullptr)},
              {"spearman", scored ? json(std::round(mean_spearman * 1e4) / 1e4) : json(nullptr)}}}};
        std::printf("%s\n", out.dump(2).c_str());
        return kExitOk;
      }
      std::printf(
          "text alignment vs UN voting agreement (identical votes, common roll calls >= %d, year "
          "of %s)\n\n",
          a->min_votes, a->year_of.c_str());
      std::printf("%-6s %6s %8s %7s %8s %17s %9s\n", "year", "votes", "speakers", "pairs",
                  "pearson", "95% CI", "spearman");
      for (const auto& r : results)
        std::printf("%-6d %6d %8zu %7lld %+8.3f  [%+.3f, %+.3f] %+9.3f\n", r.year, r.roll_calls,
                    r.speakers, static_cast<long long>(r.correlation.n), r.correlation.pearson,
                    r.correlation.pearson_ci_low, r.correlation.pearson_ci_high,
                    r.correlation.spearman);
      std::printf(
          "\npooled over %zu year%s: %lld pairs, pearson %+.3f [%+.3f, %+.3f], spearman %+.3f\n",
          results.size(), results.size() == 1 ? "" : "s", static_cast<long long>(pooled.n),
          pooled.pearson, pooled.pearson_ci_low, pooled.pearson_ci_high, pooled.spearman);
      std::printf(
          "baseline (product of the two speakers' mean tones): pearson %+.3f, spearman %+.3f\n",
          pooled_baseline.pearson, pooled_baseline.spearman);
      if (scored > 1)
        std::printf("mean of the %zu yearly correlations: pearson %+.3f, spearman %+.3f\n", scored,
                    mean_pearson, mean_spearman);
      return kExitOk;
    };
  });
}

}  // namespace fissure::cli
