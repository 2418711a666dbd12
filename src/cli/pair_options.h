// Flags shared by the commands that analyse a pair (dyad, cracks, export, report): the archive,
// the two actor codes, periods, dates, domain and output format; and the JSON/CSV forms of
// series and findings, so every command prints them alike.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "fissure/analysis/findings.h"
#include "fissure/util/status.h"

namespace fissure::cli {

struct PairArgs {
  std::string db, a, b, by = "year", from, to, domain, format = "table";
  int min_sentences = 10;
  bool any_outlet = false;
  uint64_t seed = 20240101;
};

// Adds --db, the positional A B, --by, --from, --to, --domain, --min-sentences, --seed and
// --format.
void add_pair_options(CLI::App* cmd, PairArgs* args);
// Checks the flags (codes upper-cased) and turns them into DyadOptions.
Result<analysis::DyadOptions> dyad_options(const PairArgs& args);

nlohmann::json series_json(const analysis::DyadSeries& series);
void print_series_csv(const analysis::DyadSeries& series);
nlohmann::json findings_json(const analysis::Cracks& cracks);
void print_findings_csv(const analysis::Cracks& cracks);
// The sentence with the marked actor's mentions in **bold** (markdown), for text output.
std::string marked_quote(const Quote& quote);

}  // namespace fissure::cli
