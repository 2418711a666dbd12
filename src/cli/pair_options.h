// Flags shared by the commands that analyse a pair (dyad, cracks, export, report): the archive,
// the two actor codes, periods, dates, domain and output format; and the JSON/CSV forms of
// series and findings, so every command prints them alike.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "fissure/analysis/findings.h"
#include "fissure/api/params.h"
#include "fissure/util/status.h"

namespace fissure::cli {

struct PairArgs : api::PairRequest {
  std::string db, format = "table";
};

// Adds --db, the positional A B, --by, --from, --to, --domain, --min-sentences, --seed and
// --format.
void add_pair_options(CLI::App* cmd, PairArgs* args);
// Checks the flags (codes upper-cased) and turns them into DyadOptions.
inline Result<analysis::DyadOptions> dyad_options(const PairArgs& args) { return api::make_dyad_options(args, "--"); }

void print_series_csv(const analysis::DyadSeries& series);
void print_findings_csv(const analysis::Cracks& cracks);

}  // namespace fissure::cli
