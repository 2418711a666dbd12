// The flags that choose the coder's dictionaries (ingest, code, demo), and `fissure code`.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "cli.h"
#include "fissure/coding/sentence_coder.h"
#include "fissure/store/code.h"

namespace fissure::cli {

namespace fs = std::filesystem;

void add_coder_options(CLI::App* cmd, CoderFlags* f) {
  cmd->add_option("--reference", f->reference,
                  "Folder laid out like ../shared/reference: its VADER lexicon, CAMEO verb patterns, CAMEO tables "
                  "and PLOVER table are used unless named below (default: $FISSURE_REFERENCE)");
  cmd->add_option("--tone-lexicon", f->tone_lexicons, "General tone lexicon in the VADER layout (repeatable)");
  cmd->add_option("--actors", f->actors, "Extra actor dictionary (phrase format; repeatable); wins over the built-in");
  cmd->add_flag("--no-builtin-actors", f->no_builtin_actors, "Leave out the built-in actors.fissure.txt");
  cmd->add_option("--domains", f->domains, "Domain term lists instead of the built-in domains.fissure.txt (repeatable)");
  cmd->add_option("--verbs", f->verbs, "CAMEO verb patterns (PETRARCH layout, e.g. CAMEO.2.0.txt): codes events");
  cmd->add_option("--cameo", f->cameo, "Folder of CAMEO.eventcodes.txt and CAMEO.goldsteinscale.txt");
  cmd->add_option("--plover", f->plover, "Folder of CAMEO2PLOVER-2021.txt");
}

Result<std::unique_ptr<FissureCoder>> make_coder(const CoderFlags& f, bool quiet) {
  CoderConfig config;
  std::string reference = f.reference;
  if (reference.empty())
    if (const char* env = std::getenv("FISSURE_REFERENCE")) reference = env;
  auto from_reference = [&](const std::string& given, const std::string& relative) -> std::string {
    if (!given.empty() || reference.empty()) return given;
    fs::path p = fs::path(reference) / relative;
    return fs::exists(p) ? p.string() : std::string();
  };
  config.tone_lexicons = f.tone_lexicons;
  if (config.tone_lexicons.empty())
    if (auto v = from_reference("", "vader/vader_lexicon.txt"); !v.empty()) config.tone_lexicons.push_back(v);
  config.actor_dictionaries = f.actors;
  config.builtin_actors = !f.no_builtin_actors;
  config.domain_dictionaries = f.domains;
  config.verbs = from_reference(f.verbs, "petrarch2/dictionaries/CAMEO.2.0.txt");
  config.cameo_dir = from_reference(f.cameo, "cameo");
  config.plover_dir = from_reference(f.plover, "plover");
  if (!reference.empty() && !fs::is_directory(reference))
    return Status::not_found("--reference: no folder " + reference);
  std::vector<std::string> problems;
  auto coder = FissureCoder::create(config, &problems);
  if (!coder) return coder.status();
  for (const auto& p : problems) std::fprintf(stderr, "fissure: dictionary: %s (entry skipped)\n", p.c_str());
  // What the coder loaded is shown to a person watching, like progress; logs stay clean.
  if (!quiet && stderr_is_terminal())
    for (const auto& d : (*coder)->description()) std::fprintf(stderr, "coding with %s\n", d.c_str());
  return coder;
}

void register_code(CLI::App& app, Action* run) {
  struct Args {
    std::string db;
    CoderFlags coder;
    bool full = false, quiet = false;
    int threads = 0;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("code", "(Re)code the archive's sentences after a dictionary or coder change");
  cmd->footer(
      "Only the sentences a changed dictionary entry can affect are recoded (found through the index), plus any\n"
      "sentence not coded yet; a new coder version, or --full, recodes everything.\n"
      "Example:\n  fissure code --db demo.db --reference ../shared/reference --actors my_actors.txt");
  cmd->add_option("--db", a->db, "Archive file")->required();
  add_coder_options(cmd, &a->coder);
  cmd->add_flag("--full", a->full, "Recode every sentence");
  cmd->add_option("--threads", a->threads, "Coding threads (default: cores - 1)");
  cmd->add_flag("--quiet", a->quiet, "No progress display");
  cmd->callback([a, run] {
    *run = [a]() -> int {
      auto coder = make_coder(a->coder, a->quiet);
      if (!coder) return report_error(coder.status());
      auto archive = Archive::open(a->db, Archive::Mode::kReadWrite);
      if (!archive) return report_error(archive.status());
      CodeOptions options;
      options.full = a->full;
      options.threads = a->threads;
      const bool show = !a->quiet && stderr_is_terminal();
      auto r = code_archive(**archive, **coder, options, [show](int64_t done, int64_t total) {
        if (show)
          std::fprintf(stderr, "\r\033[Kcoding: %lld / %lld sentences", static_cast<long long>(done),
                       static_cast<long long>(total));
      });
      if (show) std::fprintf(stderr, "\r\033[K");
      if (!r) return report_error(r.status());
      std::printf("%s: recoded %lld sentences in %lld documents (%lld with changed filters) in %.1f s (%.0f sentences/s)\n",
                  r->reason.c_str(), static_cast<long long>(r->sentences), static_cast<long long>(r->documents),
                  static_cast<long long>(r->changed_codings), r->seconds,
                  r->seconds > 0 ? static_cast<double>(r->sentences) / r->seconds : 0.0);
      return kExitOk;
    };
  });
}

}  // namespace fissure::cli
