// fissure ingest: read inputs into the archive, reporting every skipped record.
#include <cstdio>
#include <string>
#include <vector>

#include "cli.h"
#include "fissure/coding/sentence_coder.h"
#include "fissure/store/ingest.h"

namespace fissure::cli {
namespace {

class ConsoleObserver : public IngestObserver {
 public:
  explicit ConsoleObserver(bool progress) : progress_(progress) {}
  void on_skip(const std::string& message) override {
    clear_progress();
    std::fprintf(stderr, "%s\n", message.c_str());
  }
  void on_progress(const IngestProgress& p) override {
    if (!progress_) return;
    double mb = static_cast<double>(p.input_bytes) / 1e6;
    std::fprintf(stderr, "\r\033[Kfiles %lld/%lld  documents %lld  skipped %lld  %.1f MB read  %.1f MB/s",
                 static_cast<long long>(p.files_done), static_cast<long long>(p.files_total),
                 static_cast<long long>(p.documents), static_cast<long long>(p.skipped), mb,
                 p.seconds > 0 ? mb / p.seconds : 0.0);
    std::fflush(stderr);
    shown_ = true;
  }
  void clear_progress() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
  }

 private:
  bool progress_;
  bool shown_ = false;
};

}  // namespace

void register_ingest(CLI::App& app, Action* run) {
  struct Args {
    std::string db, format = "auto", source, country, delimiter;
    std::vector<std::string> inputs, columns;
    bool strict = false, snapshot = false, quiet = false, no_code = false, optimize = false;
    CoderFlags coder;
    int threads = 0;
    size_t max_record_mb = 64;
    size_t batch_docs = 16384;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("ingest", "Read documents into an archive (JSONL, CSV, TXT, HTML, RSS/Atom, WARC; gzip/zstd)");
  cmd->footer(
      "Example:\n  fissure ingest --db iran.db ../shared/corpora/tehran_times/tehran_times.jsonl.gz\n"
      "  fissure ingest --db un.db --source UNGDC speeches/          # ISO_NN_YYYY.txt files\n"
      "  fissure ingest --db a.db --column text=body --column id=url articles.csv\n"
      "Exit codes: 0 all records went in, 3 some were skipped (each reported on stderr), 2 usage, 1 failure.");
  cmd->add_option("--db", args->db, "Archive file (created if missing)")->required();
  cmd->add_option("inputs", args->inputs, "Files or folders to read ('-' for stdin, as JSONL)")->required();
  cmd->add_option("--format", args->format, "Input format: auto, jsonl, csv, txt, html, rss, atom, warc")
      ->default_val("auto");
  cmd->add_option("--source", args->source, "Source (outlet) for records that name none");
  cmd->add_option("--country", args->country, "ISO3 country for records that name none");
  cmd->add_option("--column", args->columns, "CSV: FIELD=COLUMN, e.g. text=body (repeatable)");
  cmd->add_option("--delimiter", args->delimiter, "CSV field delimiter (default ',', '\\t' for .tsv)");
  cmd->add_option("--threads", args->threads, "Preparing threads (default: cores - 1)");
  cmd->add_option("--max-record-mb", args->max_record_mb, "Skip records larger than this (MiB)")->default_val(64);
  cmd->add_option("--batch-docs", args->batch_docs,
                  "Documents per write transaction at most (also at most 16 MiB of text)")
      ->default_val(16384)
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  cmd->add_flag("--strict", args->strict, "Stop at the first bad record; write nothing from this run");
  cmd->add_flag("--snapshot", args->snapshot,
                "Inputs are complete snapshots: mark documents of their sources that are absent as withdrawn");
  cmd->add_flag("--quiet", args->quiet, "No progress display");
  cmd->add_flag("--no-code", args->no_code, "Only archive: leave coding to a later `fissure code`");
  cmd->add_flag("--optimize", args->optimize,
                "Then merge the full-text index into one segment (as `fissure optimize`): for the "
                "end of a bulk load");
  add_coder_options(cmd, &args->coder);
  cmd->callback([args, run] {
    *run = [args]() -> int {
      IngestOptions opts;
      auto f = parse_format(args->format);
      if (!f) return report_error(f.status());
      opts.reader.format = *f;
      opts.reader.default_source = args->source;
      opts.reader.default_country = args->country;
      opts.reader.max_record_bytes = args->max_record_mb << 20;
      for (const auto& c : args->columns) {
        auto eq = c.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == c.size())
          return report_error(Status::invalid("--column wants FIELD=COLUMN, got \"" + c + "\""));
        opts.reader.csv_columns[c.substr(0, eq)] = c.substr(eq + 1);
      }
      if (!args->delimiter.empty()) {
        std::string d = args->delimiter == "\\t" ? "\t" : args->delimiter;
        if (d.size() != 1) return report_error(Status::invalid("--delimiter must be one character"));
        opts.reader.csv_delimiter = d[0];
      }
      opts.threads = args->threads;
      opts.batch_documents = args->batch_docs;
      opts.strict = args->strict;
      opts.snapshot = args->snapshot;
      opts.command = "fissure ingest";
      for (const auto& in : args->inputs) opts.command += " " + in;
      std::unique_ptr<FissureCoder> coder;
      if (!args->no_code) {
        auto c = make_coder(args->coder, args->quiet);
        if (!c) return report_error(c.status());
        coder = std::move(*c);
        opts.coder = coder.get();
      }
      auto archive = Archive::open(args->db, Archive::Mode::kReadWrite);
      if (!archive) return report_error(archive.status());
      ConsoleObserver observer(!args->quiet && stderr_is_terminal());
      auto r = ingest(**archive, args->inputs, opts, observer);
      observer.clear_progress();
      if (!r) return report_error(r.status());
      const IngestSummary& s = *r;
      if (s.aborted) {
        std::fprintf(stderr, "fissure: --strict: stopped at the first bad record; nothing from this run was written\n");
        return kExitSkipped;
      }
      double mb = static_cast<double>(s.text_bytes) / 1e6;
      std::printf(
          "files %lld  documents read %lld: new %lld, revised %lld, unchanged %lld; skipped %lld\n"
          "duplicates linked: exact %lld, near %lld  sentences %lld  boilerplate lines found %lld%s\n"
          "%.1f MB of text in %.2f s: %.1f MB/s, %.0f documents/s  archive %s\n",
          static_cast<long long>(s.files), static_cast<long long>(s.documents_read),
          static_cast<long long>(s.documents_new), static_cast<long long>(s.documents_revised),
          static_cast<long long>(s.documents_unchanged), static_cast<long long>(s.records_skipped),
          static_cast<long long>(s.exact_duplicates), static_cast<long long>(s.near_duplicates),
          static_cast<long long>(s.sentences), static_cast<long long>(s.boilerplate_lines),
          args->snapshot ? ("  withdrawn " + std::to_string(s.withdrawn)).c_str() : "", mb, s.seconds,
          s.seconds > 0 ? mb / s.seconds : 0.0, s.seconds > 0 ? static_cast<double>(s.documents_read) / s.seconds : 0.0,
          args->db.c_str());
      if (args->optimize) {
        auto optimized = (*archive)->optimize();
        if (!optimized) return report_error(optimized.status());
        std::printf("%s\n", describe(*optimized).c_str());
      }
      return s.records_skipped > 0 ? kExitSkipped : kExitOk;
    };
  });
}

}  // namespace fissure::cli
