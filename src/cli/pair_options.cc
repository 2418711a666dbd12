// Flags shared by the pair commands (see pair_options.h).
#include "pair_options.h"

#include "cli.h"

namespace fissure::cli {

void add_pair_options(CLI::App* cmd, PairArgs* args) {
  cmd->add_option("--db", args->db, "Archive file")->required();
  cmd->add_option("A", args->a, "First actor (ISO 3166-1 alpha-3 for a state: IRN)")->required();
  cmd->add_option("B", args->b, "Second actor (PRK)")->required();
  cmd->add_option("--by", args->by, "Period: year (default), quarter or month");
  cmd->add_option("--from", args->from,
                  "Only documents dated on or after (yyyy, yyyy-mm, yyyy-mm-dd)");
  cmd->add_option("--to", args->to, "Only documents dated on or before");
  cmd->add_option("--domain", args->domain,
                  "Only sentences of this domain (military, nuclear, diplomatic, economic, "
                  "ideological, humanitarian)");
  cmd->add_option("--min-sentences", args->min_sentences,
                  "Scored sentences a period needs before its tone is reported (default 10)");
  cmd->add_flag("--any-outlet", args->any_outlet,
                "Count a side's words wherever they are reported (an Iranian envoy quoted by "
                "KCNA), not only in its "
                "own outlets and speeches");
  cmd->add_option("--seed", args->seed,
                  "Seed of the bootstrap (results are reproducible for a seed)");
  add_format_option(cmd, &args->format);
}

}  // namespace fissure::cli
