// fissure report and digest: a pair's report as one HTML file, and what is new since a date.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli.h"
#include "fissure/api/json_views.h"
#include "fissure/analysis/period.h"
#include "fissure/report/digest.h"
#include "fissure/report/html_report.h"
#include "fissure/store/archive.h"

namespace fissure::cli {
namespace {

Result<std::unique_ptr<Archive>> open_archive(const std::string& path) {
  if (!std::filesystem::exists(path)) return Status::not_found(path + ": no such archive");
  return Archive::open(path, Archive::Mode::kReadOnly);
}

}  // namespace

void register_report(CLI::App& app, Action* run) {
  struct Args {
    std::string db, a, b, by = "year", from, to, domain, output, title;
    int evidence = 4;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "report", "One self-contained HTML report on a pair: findings, charts, evidence, documents");
  cmd->footer(
      "The file opens offline in any browser; docs/report.md explains each part.\n"
      "Exit codes: 0 written, 1 failed, 2 bad input (unknown code, no shared text, no coding).\n"
      "Example:\n  fissure report --db demo.db IRN PRK -o iran-dprk.html\n"
      "  fissure report --db demo.db IRN PRK --by quarter --from 2017 --to 2020 -o q.html");
  cmd->add_option("--db", a->db, "Archive file")->required();
  cmd->add_option("A", a->a, "First side's actor code (e.g. IRN)")->required();
  cmd->add_option("B", a->b, "Second side's actor code (e.g. PRK)")->required();
  cmd->add_option("-o,--output", a->output, "HTML file to write")->required();
  cmd->add_option("--by", a->by, "Period length")
      ->check(CLI::IsMember({"year", "quarter", "month"}))
      ->default_val("year");
  cmd->add_option("--from", a->from, "First date (yyyy, yyyy-mm or yyyy-mm-dd)");
  cmd->add_option("--to", a->to, "Last date");
  cmd->add_option("--domain", a->domain, "Only sentences with a term of this domain");
  cmd->add_option("--title", a->title, "Title of the report");
  cmd->add_option("--evidence", a->evidence, "Quotes per finding (3..5)")
      ->check(CLI::Range(3, 5))
      ->default_val(4);
  cmd->callback([a, run] {
    *run = [a]() -> int {
      auto resolution = analysis::parse_resolution(a->by);
      if (!resolution) return report_error(resolution.status());
      auto archive = open_archive(a->db);
      if (!archive) return report_error(archive.status());
      report::ReportOptions options;
      options.dyad.a = a->a;
      options.dyad.b = a->b;
      options.dyad.resolution = *resolution;
      options.dyad.scope.from = a->from;
      options.dyad.scope.to = a->to;
      options.dyad.scope.domain = a->domain;
      options.title = a->title;
      options.evidence = a->evidence;
      auto written = report::write_report(**archive, options, a->output);
      if (!written) return report_error(written.status());
      std::printf("wrote %s (%.0f KB): %zu findings, %zu quoted documents, in %.2f s\n",
                  a->output.c_str(), static_cast<double>(written->bytes) / 1024.0,
                  written->findings, written->documents, written->seconds);
      return kExitOk;
    };
  });
}

void register_digest(CLI::App& app, Action* run) {
  struct Args {
    std::string db, since, by = "year", html, format = "table";
    std::vector<std::string> pairs;
    int documents = 10;
  };
  auto a = std::make_shared<Args>();
  auto* cmd =
      app.add_subcommand("digest", "What is new about a pair since a date: documents and findings");
  cmd->footer(
      "New documents are those dated on or after --since in which one side names the other.\n"
      "Findings are compared between an analysis up to --since and one over everything.\n"
      "Example:\n  fissure digest --db demo.db --since 2024-01-01\n"
      "  fissure digest --db demo.db --since 2023-06 IRN-PRK IRN-RUS --html brief.html");
  cmd->add_option("--db", a->db, "Archive file")->required();
  cmd->add_option("--since", a->since, "Date (yyyy-mm-dd, yyyy-mm or yyyy)")->required();
  cmd->add_option("pairs", a->pairs, "Pairs as A-B (default IRN-PRK)");
  cmd->add_option("--by", a->by, "Period length of the findings")
      ->check(CLI::IsMember({"year", "quarter", "month"}))
      ->default_val("year");
  cmd->add_option("--documents", a->documents, "New documents quoted per direction")
      ->check(CLI::Range(0, 1000))
      ->default_val(10);
  cmd->add_option("--html", a->html, "Also write the digest as an HTML file");
  cmd->add_option("--format", a->format, "Output format: table (text) or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->default_val("table");
  cmd->callback([a, run] {
    *run = [a]() -> int {
      auto resolution = analysis::parse_resolution(a->by);
      if (!resolution) return report_error(resolution.status());
      report::DigestOptions options;
      options.since = a->since;
      options.resolution = *resolution;
      options.max_documents = a->documents;
      for (const auto& text : a->pairs) {
        auto pair = report::parse_pair(text);
        if (!pair) return report_error(pair.status());
        options.pairs.push_back(*pair);
      }
      auto archive = open_archive(a->db);
      if (!archive) return report_error(archive.status());
      if (options.pairs.empty()) {
        auto pairs = report::default_pairs(**archive);
        if (!pairs) return report_error(pairs.status());
        options.pairs = *pairs;
      }
      auto digest = report::build_digest(**archive, options);
      if (!digest) return report_error(digest.status());
      bool json = a->format == "json";
      if (json)
        std::printf("%s\n", api::dump(api::digest_json(*digest), 2).c_str());
      else
        std::fputs(report::digest_text(*digest).c_str(), stdout);
      if (!a->html.empty()) {
        Status st = report::write_file_atomically(a->html, report::digest_html(*digest));
        if (!st) return report_error(st);
        std::fprintf(json ? stderr : stdout, "%swrote %s\n", json ? "fissure: " : "\n", a->html.c_str());
      }
      return kExitOk;
    };
  });
}

}  // namespace fissure::cli
