// Flags shared by the pair commands (see pair_options.h).
#include "pair_options.h"

#include <algorithm>
#include <cctype>

#include "cli.h"
#include "fissure/corpus/date.h"

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

Result<analysis::DyadOptions> dyad_options(const PairArgs& args) {
  analysis::DyadOptions o;
  auto upper = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
  };
  o.a = upper(args.a);
  o.b = upper(args.b);
  auto by = analysis::parse_resolution(args.by);
  if (!by) return by.status();
  o.resolution = *by;
  for (const auto& [flag, value] : {std::pair{"--from", &args.from}, std::pair{"--to", &args.to}})
    if (!value->empty())
      if (auto d = parse_iso_date(*value); !d)
        return Status::invalid(std::string(flag) + " " + *value + ": " + d.status().message());
  o.scope = {args.from, args.to, args.domain, !args.any_outlet};
  o.min_sentences = args.min_sentences;
  o.seed = args.seed;
  return o;
}

}  // namespace fissure::cli
