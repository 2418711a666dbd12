// The `fissure eval` command group. Each evaluation registers itself on the group.
#include "cli.h"

namespace fissure::cli {

void register_eval(CLI::App& app, Action* run) {
  auto* eval = app.add_subcommand("eval", "Score the coders against reference data");
  eval->require_subcommand(1);
  register_eval_events(*eval, run);
}

}  // namespace fissure::cli
