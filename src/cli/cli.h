// Shared pieces of the fissure command-line tool: exit codes, output formats and the commands'
// registration functions. The CLI is a thin layer: it parses flags, calls the library, prints.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fissure/util/status.h"

namespace fissure::cli {

// Exit codes (README, "Exit codes").
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitSkipped = 3;

enum class OutputFormat { kTable, kJson, kCsv };

// Adds --format table|json|csv to a command.
void add_format_option(CLI::App* cmd, std::string* format);
OutputFormat parse_output_format(const std::string& s);

// Prints "fissure: message" to stderr and returns the exit code the status calls for:
// kInvalidInput and kNotFound are the user's to fix (2), everything else failed (1).
int report_error(const Status& st);

// Text for one line of a table: line breaks and tabs become spaces.
std::string one_line(std::string s);

// CSV field quoting (RFC 4180).
std::string csv_field(const std::string& s);

bool stderr_is_terminal();
bool stdout_is_terminal();

// Each command registers itself on the app and sets *run to its action.
using Action = std::function<int()>;
void register_ingest(CLI::App& app, Action* run);
void register_search(CLI::App& app, Action* run);
void register_kwic(CLI::App& app, Action* run);
void register_stats(CLI::App& app, Action* run);
void register_history(CLI::App& app, Action* run);
void register_check(CLI::App& app, Action* run);
void register_optimize(CLI::App& app, Action* run);
void register_demo(CLI::App& app, Action* run);
void register_explain(CLI::App& app, Action* run);
void register_code(CLI::App& app, Action* run);
void register_tone(CLI::App& app, Action* run);
void register_dict(CLI::App& app, Action* run);
void register_dyad(CLI::App& app, Action* run);
void register_cracks(CLI::App& app, Action* run);
void register_export(CLI::App& app, Action* run);
void register_report(CLI::App& app, Action* run);
void register_digest(CLI::App& app, Action* run);
// `fissure eval ...`: scoring the coders against reference data. register_eval creates the group
// and each evaluation adds its subcommand to it.
void register_eval(CLI::App& app, Action* run);
void register_eval_tone(CLI::App& eval, Action* run);
void register_eval_events(CLI::App& eval, Action* run);
void register_eval_actors(CLI::App& eval, Action* run);
void register_eval_align(CLI::App& eval, Action* run);
void register_align(CLI::App& app, Action* run);
void register_serve(CLI::App& app, Action* run);
void register_token(CLI::App& app, Action* run);

}  // namespace fissure::cli

namespace fissure {
struct SearchFilters;
struct OptimizeReport;
class FissureCoder;
}
namespace fissure::cli {
// --country, --source, --from, --to, --collapse-duplicates.
void add_filter_options(CLI::App* cmd, SearchFilters* filters);
// One line for `fissure optimize`, `ingest --optimize` and the demo: "full-text index merged:
// sentence_fts 49 -> 1 segments, title_fts 21 -> 1, in 3.2 s".
std::string describe(const OptimizeReport& report);
}  // namespace fissure::cli

namespace fissure::cli {
// The coder's dictionaries: --reference DIR (or $FISSURE_REFERENCE) supplies the VADER lexicon,
// CAMEO verbs and tables unless --tone-lexicon, --verbs, --cameo, --plover name them.
struct CoderFlags {
  std::string reference;
  std::vector<std::string> tone_lexicons, actors, domains;
  bool no_builtin_actors = false;
  std::string verbs, cameo, plover;
};
void add_coder_options(CLI::App* cmd, CoderFlags* flags);
// Builds the coder; dictionary problems are printed as warnings, and unless quiet what was loaded.
Result<std::unique_ptr<FissureCoder>> make_coder(const CoderFlags& flags, bool quiet);
}  // namespace fissure::cli
