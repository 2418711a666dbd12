// fissure eval actors: precision and recall of the states the coder finds, against a hand-checked
// gold standard (tests/fixtures/actors/gold.jsonl).
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "cli.h"
#include "fissure/coding/actor_eval.h"
#include "fissure/coding/sentence_coder.h"

namespace fissure::cli {
namespace {

using nlohmann::json;

std::string codes(const std::set<std::string>& s) {
  std::string out;
  for (const auto& c : s) out += (out.empty() ? "" : " ") + c;
  return out.empty() ? "-" : out;
}

json scores_json(const StateScores& s) {
  return {{"sentences", s.sentences},           {"true_positives", s.true_positives},
          {"false_positives", s.false_positives}, {"false_negatives", s.false_negatives},
          {"precision", s.precision()},         {"recall", s.recall()},
          {"f1", s.f1()}};
}

}  // namespace

void register_eval_actors(CLI::App& eval, Action* run) {
  struct Args {
    std::string gold, format;
    CoderFlags coder;
    bool errors = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = eval.add_subcommand("actors", "Precision and recall of the states found, against a hand-checked gold standard");
  cmd->footer("The gold file is JSONL: text, states (ISO3 codes), country (the outlet's), date.\nExample:\n"
              "  fissure eval actors --gold tests/fixtures/actors/gold.jsonl --errors");
  cmd->add_option("--gold", a->gold, "Gold standard (JSONL)")->required();
  add_coder_options(cmd, &a->coder);
  cmd->add_flag("--errors", a->errors, "List every sentence with a missed or spurious state");
  add_format_option(cmd, &a->format);
  cmd->callback([a, run] {
    *run = [a]() -> int {
      auto coder = make_coder(a->coder, true);
      if (!coder) return report_error(coder.status());
      std::vector<std::string> problems;
      auto gold = read_actor_gold(a->gold, &problems);
      if (!gold) return report_error(gold.status());
      for (const auto& p : problems) std::fprintf(stderr, "fissure: %s (skipped)\n", p.c_str());
      ActorEvaluation e = evaluate_states(**coder, *gold);
      if (parse_output_format(a->format) == OutputFormat::kJson) {
        json j = scores_json(e.all);
        json samples = json::object();
        for (const auto& [name, s] : e.by_sample) samples[name] = scores_json(s);
        j["by_sample"] = samples;
        if (a->errors) {
          json errors = json::array();
          for (const auto& err : e.errors)
            errors.push_back({{"line", err.sentence->line}, {"text", err.sentence->text},
                              {"missed", err.missed}, {"spurious", err.spurious}});
          j["errors"] = errors;
        }
        std::printf("%s\n", j.dump(2, ' ', false, json::error_handler_t::replace).c_str());
      } else {
        std::printf("sentences   %lld\nprecision   %.3f\nrecall      %.3f\nf1          %.3f\n",
                    static_cast<long long>(e.all.sentences), e.all.precision(), e.all.recall(), e.all.f1());
        std::printf("\n%-12s %9s %9s %9s %9s\n", "sample", "sentences", "precision", "recall", "f1");
        for (const auto& [name, s] : e.by_sample)
          std::printf("%-12s %9lld %9.3f %9.3f %9.3f\n", name.c_str(), static_cast<long long>(s.sentences),
                      s.precision(), s.recall(), s.f1());
        if (a->errors)
          for (const auto& err : e.errors)
            std::printf("\n%d: missed %s  spurious %s\n  %s\n", err.sentence->line, codes(err.missed).c_str(),
                        codes(err.spurious).c_str(), one_line(err.sentence->text).c_str());
      }
      return problems.empty() ? kExitOk : kExitSkipped;
    };
  });
}

}  // namespace fissure::cli
