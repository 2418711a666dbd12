// fissure: the command-line entry point. Parses the command and hands over to it.
#include <cstdio>
#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  using namespace fissure::cli;
  CLI::App app{"fissure: archive, code and measure what states say about each other.", "fissure"};
  app.set_version_flag("--version", std::string("fissure ") + FISSURE_VERSION);
  app.require_subcommand(1);
  app.failure_message(CLI::FailureMessage::help);
  Action run;
  register_ingest(app, &run);
  register_search(app, &run);
  register_kwic(app, &run);
  register_stats(app, &run);
  register_history(app, &run);
  register_check(app, &run);
  register_optimize(app, &run);
  register_demo(app, &run);
  register_explain(app, &run);
  register_code(app, &run);
  register_tone(app, &run);
  register_eval(app, &run);
  register_dict(app, &run);
  register_dyad(app, &run);
  register_cracks(app, &run);
  register_export(app, &run);
  register_report(app, &run);
  register_digest(app, &run);
  register_align(app, &run);
  register_serve(app, &run);
  register_token(app, &run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "fissure: " << e.what() << "\n(run `fissure --help` or `fissure COMMAND --help`)\n";
    return kExitUsage;
  }
  return run ? run() : kExitUsage;
}
