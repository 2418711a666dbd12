// The `fissure eval` command group: each evaluation (tone, events) attaches itself to it.
#include "cli.h"

namespace fissure::cli {

void register_eval(CLI::App& app, Action* run) {
  auto* eval = app.add_subcommand("eval", "Measure fissure's coding against gold standards and reference data");
  eval->require_subcommand(1);
  register_eval_tone(*eval, run);
  register_eval_events(*eval, run);
  register_eval_actors(*eval, run);
  register_eval_align(*eval, run);
}

}  // namespace fissure::cli
