// The `fissure eval` command group: each evaluation (tone, events, ...) attaches itself to it.
#include "cli.h"

namespace fissure::cli {

CLI::App* eval_command(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App* s) { return s->get_name() == "eval"; })) {
    return sub;
  }
  auto* cmd = app.add_subcommand("eval", "Measure fissure's coding against gold standards");
  cmd->require_subcommand(1);
  return cmd;
}

}  // namespace fissure::cli
