// fissure tone (a VADER compound score per input line) and fissure eval tone (Pearson's r of
// the compound against human ratings).
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli.h"
#include "fissure/coding/tone_eval.h"
#include "fissure/coding/vader.h"
#include "fissure/lexicon/tone_lexicon.h"

namespace fissure::cli {
namespace {

void add_lexicon_option(CLI::App* cmd, std::vector<std::string>* lexicons) {
  cmd->add_option("--lexicon", *lexicons,
                  "Tone lexicon in VADER's layout (token<TAB>valence...), repeatable: later files "
                  "override earlier ones; 'builtin' is tone.fissure.txt. Default: builtin");
}

// Loads the lexicons, printing malformed lines to stderr; *skipped says whether there were any.
Result<ToneLexicon> load_lexicons(const std::vector<std::string>& specs, bool* skipped) {
  std::vector<std::string> messages;
  auto lexicon = ToneLexicon::load(specs, &messages);
  for (const std::string& m : messages) std::fprintf(stderr, "fissure: %s\n", m.c_str());
  *skipped = !messages.empty();
  return lexicon;
}

}  // namespace

void register_tone(CLI::App& app, Action* run) {
  struct Args {
    std::vector<std::string> lexicons;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "tone", "VADER tone of each line of stdin: one compound score (-1..+1) a line");
  cmd->footer(
      "Example:\n  echo 'Iran praised the DPRK but condemned the US' | fissure tone\n"
      "  fissure tone --lexicon vader_lexicon.txt --lexicon builtin < sentences.txt");
  add_lexicon_option(cmd, &a->lexicons);
  cmd->callback([a, run] {
    *run = [a]() -> int {
      bool skipped = false;
      auto lexicon = load_lexicons(a->lexicons, &skipped);
      if (!lexicon) return report_error(lexicon.status());
      VaderScorer scorer(*lexicon);
      char* line = nullptr;
      size_t capacity = 0;
      ssize_t length;
      while ((length = getline(&line, &capacity, stdin)) >= 0) {
        std::string_view text(line, static_cast<size_t>(length));
        if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        std::printf("%.4f\n", scorer.score(text).compound);
      }
      std::free(line);
      return skipped ? kExitSkipped : kExitOk;
    };
  });
}

void register_eval_tone(CLI::App& eval, Action* run) {
  struct Args {
    std::string ground_truth, format;
    std::vector<std::string> lexicons;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = eval.add_subcommand(
      "tone", "Pearson's r of the VADER compound against human ratings (VADER ground-truth files)");
  cmd->footer(
      "The ground truth is id<TAB>mean rating<TAB>text a line (Hutto & Gilbert 2014).\nExample:\n"
      "  fissure eval tone --ground-truth tweets_GroundTruth.txt --lexicon vader_lexicon.txt");
  cmd->add_option("--ground-truth", a->ground_truth, "Ground-truth file")->required();
  add_lexicon_option(cmd, &a->lexicons);
  cmd->add_option("--format", a->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->default_val("table");
  cmd->callback([a, run] {
    *run = [a]() -> int {
      bool skipped = false;
      auto lexicon = load_lexicons(a->lexicons, &skipped);
      if (!lexicon) return report_error(lexicon.status());
      std::vector<std::string> messages;
      auto rated = read_tone_ground_truth(a->ground_truth, &messages);
      if (!rated) return report_error(rated.status());
      for (const std::string& m : messages) std::fprintf(stderr, "fissure: %s\n", m.c_str());
      skipped = skipped || !messages.empty();
      VaderScorer scorer(*lexicon);
      std::vector<double> compound, human;
      for (const RatedSentence& r : *rated) {
        compound.push_back(scorer.score(r.text).compound);
        human.push_back(r.rating);
      }
      const double r = pearson_r(compound, human);
      if (a->format == "json") {
        nlohmann::json j = {
            {"ground_truth", a->ground_truth},
            {"lexicons", a->lexicons.empty() ? std::vector<std::string>{"builtin"} : a->lexicons},
            {"sentences", compound.size()},
            {"skipped_lines", messages.size()},
            {"pearson_r", r}};
        std::printf("%s\n", j.dump(2).c_str());
      } else {
        std::printf("sentences  %zu\npearson_r  %.4f\n", compound.size(), r);
      }
      return skipped ? kExitSkipped : kExitOk;
    };
  });
}

}  // namespace fissure::cli
