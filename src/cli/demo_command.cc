// fissure demo: build an archive from the shared corpora and show what it can find for the
// Iran–North Korea case.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli.h"
#include "fissure/coding/sentence_coder.h"
#include "fissure/report/html_report.h"
#include "fissure/store/ingest.h"
#include "fissure/store/search.h"

namespace fissure::cli {
namespace {

namespace fs = std::filesystem;

fs::path executable_dir() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : p.parent_path();
}

// ../shared/corpora from the working directory, else from the repository the binary was built in.
std::string find_corpora() {
  for (fs::path base : {fs::current_path(), executable_dir().parent_path()}) {
    for (fs::path p = base; !p.empty(); p = p.parent_path()) {
      fs::path c = p / ".." / "shared" / "corpora";
      if (fs::is_directory(c)) return fs::weakly_canonical(c).string();
      if (p == p.parent_path()) break;
    }
  }
  return "";
}

class QuietObserver : public IngestObserver {
 public:
  explicit QuietObserver(bool progress) : progress_(progress) {}
  void on_skip(const std::string& m) override { std::fprintf(stderr, "%s%s\n", progress_ ? "\r\033[K" : "", m.c_str()); }
  void on_progress(const IngestProgress& p) override {
    if (!progress_) return;
    std::fprintf(stderr, "\r\033[Kingesting: file %lld/%lld, %lld documents, %.0f MB", static_cast<long long>(p.files_done + 1),
                 static_cast<long long>(p.files_total), static_cast<long long>(p.documents),
                 static_cast<double>(p.input_bytes) / 1e6);
    std::fflush(stderr);
  }

 private:
  bool progress_;
};

void show_search(Archive& archive, const char* heading, const std::string& text, const std::string& source,
                 const std::string& from = "", const std::string& to = "") {
  SearchQuery q;
  q.text = text;
  q.filters.source = source;
  q.filters.from = from;
  q.filters.to = to;
  q.filters.collapse_duplicates = true;
  q.limit = 5;
  std::printf("\n== %s\n   fissure search --db DB --source \"%s\"%s%s --collapse-duplicates '%s'\n", heading,
              source.c_str(), from.empty() ? "" : (" --from " + from).c_str(), to.empty() ? "" : (" --to " + to).c_str(),
              text.c_str());
  auto r = search(archive, q);
  if (!r) {
    std::printf("   (search failed: %s)\n", r.status().message().c_str());
    return;
  }
  std::printf("   %lld matching sentences; top %zu:\n", static_cast<long long>(r->total), r->hits.size());
  for (const auto& h : r->hits) {
    std::string snip = h.snippet.size() > 300 ? h.snippet.substr(0, 300) + "…" : h.snippet;
    std::printf("   - %s %s: %s\n", h.date.value_or("(undated)").c_str(), h.document_id.c_str(),
                one_line(snip).c_str());
  }
}

// A coded search: sentences in one side's voice about the other, in a tone range.
void show_coded(Archive& archive, const char* heading, const std::string& speaker, const std::string& actor,
                double tone_min, double tone_max) {
  SearchQuery q;
  q.text = actor == "PRK" ? "DPRK OR Korea OR Pyongyang OR Korean" : "Iran OR Iranian OR Tehran";
  q.filters.speaker = speaker;
  q.filters.actor = actor;
  q.filters.tone_min = tone_min;
  q.filters.tone_max = tone_max;
  q.limit = 5;
  std::printf("\n== %s\n   fissure search --db DB --speaker %s --actor %s --tone-min %.1f --tone-max %.1f '%s'\n",
              heading, speaker.c_str(), actor.c_str(), tone_min, tone_max, q.text.c_str());
  auto r = search(archive, q);
  if (!r) {
    std::printf("   (search failed: %s)\n", r.status().message().c_str());
    return;
  }
  std::printf("   %lld matching sentences; top %zu (see why with `fissure explain --db DB ID`):\n",
              static_cast<long long>(r->total), r->hits.size());
  for (const auto& h : r->hits) {
    std::string snip = h.snippet.size() > 300 ? h.snippet.substr(0, 300) + "…" : h.snippet;
    std::printf("   - [%lld] %s %s: %s\n", static_cast<long long>(h.sentence_id), h.date.value_or("(undated)").c_str(),
                h.source.value_or("-").c_str(), one_line(snip).c_str());
  }
}

}  // namespace

void register_demo(CLI::App& app, Action* run) {
  struct Args {
    std::string corpora, db, report;
    CoderFlags coder;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("demo", "Build an archive of the shared corpora and show the Iran–DPRK case");
  cmd->footer("Example:\n  fissure demo                      # ../shared/corpora into build/demo.db\n"
              "  fissure demo --corpora DIR --db my.db");
  cmd->add_option("--corpora", a->corpora, "Folder of corpora (default: ../shared/corpora)");
  cmd->add_option("--db", a->db, "Archive to build (default: demo.db beside the fissure binary)");
  cmd->add_option("--report", a->report,
                  "Iran–DPRK report to write (default: iran-dprk-report.html beside the archive)");
  add_coder_options(cmd, &a->coder);
  cmd->callback([a, run] {
    *run = [a]() -> int {
      std::string corpora = a->corpora.empty() ? find_corpora() : a->corpora;
      if (corpora.empty() || !fs::is_directory(corpora))
        return report_error(Status::not_found("no corpora folder found: give --corpora DIR (expected ../shared/corpora)"));
      std::string db = a->db.empty() ? (executable_dir() / "demo.db").string() : a->db;
      std::printf("fissure demo: corpora %s\n              archive %s\n", corpora.c_str(), db.c_str());
      auto archive = Archive::open(db, Archive::Mode::kReadWrite);
      if (!archive) return report_error(archive.status());
      // Code with the reference data beside the corpora (VADER lexicon, CAMEO verbs and tables)
      // unless told otherwise.
      CoderFlags flags = a->coder;
      if (flags.reference.empty() && !std::getenv("FISSURE_REFERENCE")) {
        fs::path reference = fs::path(corpora) / ".." / "reference";
        if (fs::is_directory(reference)) flags.reference = fs::weakly_canonical(reference).string();
      }
      auto coder = make_coder(flags, false);
      if (!coder) return report_error(coder.status());
      IngestOptions opts;
      opts.coder = coder->get();
      opts.command = "fissure demo --corpora " + corpora;
      QuietObserver observer(stderr_is_terminal());
      auto s = ingest(**archive, {corpora}, opts, observer);
      if (stderr_is_terminal()) std::fprintf(stderr, "\r\033[K");
      if (!s) return report_error(s.status());
      std::printf("ingested %lld files: %lld documents (new %lld, revised %lld, unchanged %lld), %lld skipped, "
                  "%lld sentences, in %.1f s (%.1f MB/s)\n",
                  static_cast<long long>(s->files), static_cast<long long>(s->documents_read),
                  static_cast<long long>(s->documents_new), static_cast<long long>(s->documents_revised),
                  static_cast<long long>(s->documents_unchanged), static_cast<long long>(s->records_skipped),
                  static_cast<long long>(s->sentences), s->seconds,
                  s->seconds > 0 ? static_cast<double>(s->text_bytes) / 1e6 / s->seconds : 0.0);
      // The demo archive is searched and served next: its index in one segment makes each novel
      // search about a third cheaper (docs/search.md, "Performance").
      auto optimized = (*archive)->optimize();
      if (!optimized) return report_error(optimized.status());
      std::printf("%s\n", describe(*optimized).c_str());
      auto st = (*archive)->stats();
      if (st)
        std::printf("archive: %lld documents, %lld sentences (%lld indexed), %lld exact and %lld near duplicates linked, "
                    "%lld boilerplate lines\n",
                    static_cast<long long>(st->documents), static_cast<long long>(st->sentences),
                    static_cast<long long>(st->indexed_sentences), static_cast<long long>(st->exact_duplicates),
                    static_cast<long long>(st->near_duplicates), static_cast<long long>(st->boilerplate_lines));
      Archive& ar = **archive;
      show_search(ar, "What Tehran Times says about North Korea", "\"North Korea\" OR Pyongyang OR DPRK", "Tehran Times");
      show_search(ar, "What KCNA says about Iran (2011-2012 stories)", "Iran AND (nuclear OR imperialist* OR friendship)",
                  "KCNA", "2011", "2012");
      show_search(ar, "KCNA on the United States and Iran together", "Iran NEAR/8 \"United States\"", "KCNA");
      show_search(ar, "Khamenei on the nuclear negotiations", "nuclear NEAR/5 negotiations", "khamenei.ir (English)");
      show_coded(ar, "Iran's voice on the DPRK, warmest first (coded: --speaker IRN --actor PRK --tone-min 0.3)", "IRN",
                 "PRK", 0.3, 1.0);
      show_coded(ar, "The DPRK's voice on Iran, most hostile first (--speaker PRK --actor IRN --tone-max -0.3)", "PRK",
                 "IRN", -1.0, -0.3);
      // The demo ends with the report on the pair: Iran's voice (Tehran Times, Khamenei) and
      // North Korea's (KCNA).
      std::string report = a->report.empty()
                               ? (fs::path(db).parent_path() / "iran-dprk-report.html").string()
                               : a->report;
      report::ReportOptions report_options;
      report_options.dyad.a = "IRN";
      report_options.dyad.b = "PRK";
      std::printf("\n== The Iran–DPRK report\n   fissure report --db %s IRN PRK -o %s\n", db.c_str(),
                  report.c_str());
      auto written = report::write_report(ar, report_options, report);
      if (!written) {
        std::printf("   (report failed: %s)\n", written.status().message().c_str());
        return kExitFailed;
      }
      std::printf("   %zu findings, %zu quoted documents, %.0f KB, in %.2f s\n   report: %s\n", written->findings,
                  written->documents, static_cast<double>(written->bytes) / 1024.0, written->seconds,
                  fs::absolute(report).string().c_str());
      std::printf("\nNext: fissure search --db %s 'your query'   fissure kwic --db %s Iran --source KCNA\n", db.c_str(),
                  db.c_str());
      return kExitOk;
    };
  });
}

}  // namespace fissure::cli
