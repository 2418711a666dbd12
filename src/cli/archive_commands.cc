// fissure stats, history, check and optimize: what the archive holds, how a document changed,
// whether the archive is consistent, and merging its full-text index after a bulk load.
#include <cstdio>
#include <filesystem>
#include <string>

#include "cli.h"
#include "fissure/api/json_views.h"
#include "fissure/store/archive.h"
#include "fissure/text/line_diff.h"

namespace fissure::cli {

using json = api::Json;
void register_stats(CLI::App& app, Action* run) {
  struct Args {
    std::string db, format;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("stats", "What the archive holds: documents, sentences, revisions, duplicates, coverage");
  cmd->footer("Example:\n  fissure stats --db demo.db --format json");
  cmd->add_option("--db", a->db, "Archive file")->required();
  add_format_option(cmd, &a->format);
  cmd->callback([a, run] {
    *run = [a]() -> int {
      auto archive = Archive::open(a->db, Archive::Mode::kReadOnly);
      if (!archive) return report_error(archive.status());
      auto r = (*archive)->stats();
      if (!r) return report_error(r.status());
      const ArchiveStats& s = *r;
      auto fmt = parse_output_format(a->format);
      if (fmt == OutputFormat::kJson) {
        std::printf("%s\n", api::dump(api::stats_json(s), 2).c_str());
        return kExitOk;
      }
      if (fmt == OutputFormat::kCsv) {
        std::printf("group,name,documents,sentences\n");
        auto rows = [](const char* g, const std::vector<SourceCount>& v) {
          for (const auto& c : v)
            std::printf("%s,%s,%lld,%lld\n", g, csv_field(c.name).c_str(), static_cast<long long>(c.documents),
                        static_cast<long long>(c.sentences));
        };
        std::printf("total,all,%lld,%lld\n", static_cast<long long>(s.documents), static_cast<long long>(s.sentences));
        rows("source", s.by_source);
        rows("country", s.by_country);
        rows("year", s.by_year);
        return kExitOk;
      }
      std::printf("documents          %lld (undated %lld, withdrawn %lld)\n", static_cast<long long>(s.documents),
                  static_cast<long long>(s.undated_documents), static_cast<long long>(s.withdrawn_documents));
      std::printf("sentences          %lld (indexed %lld; boilerplate lines %lld)\n", static_cast<long long>(s.sentences),
                  static_cast<long long>(s.indexed_sentences), static_cast<long long>(s.boilerplate_lines));
      std::printf("revisions          %lld (documents revised %lld)\n", static_cast<long long>(s.revisions),
                  static_cast<long long>(s.revised_documents));
      std::printf("duplicates         exact %lld, near %lld\n", static_cast<long long>(s.exact_duplicates),
                  static_cast<long long>(s.near_duplicates));
      std::printf("date range         %s to %s\n", s.first_date.value_or("-").c_str(), s.last_date.value_or("-").c_str());
      auto table = [](const char* title, const std::vector<SourceCount>& v, size_t max) {
        std::printf("\n%-28s %10s %12s\n", title, "documents", "sentences");
        for (size_t i = 0; i < v.size() && i < max; ++i)
          std::printf("%-28s %10lld %12lld\n", v[i].name.c_str(), static_cast<long long>(v[i].documents),
                      static_cast<long long>(v[i].sentences));
        if (v.size() > max) std::printf("... %zu more (see --format json)\n", v.size() - max);
      };
      table("by source", s.by_source, 40);
      table("by country", s.by_country, 25);
      table("by year", s.by_year, 200);
      return kExitOk;
    };
  });
}

void register_history(CLI::App& app, Action* run) {
  struct Args {
    std::string db, format, id;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("history", "Every revision of a document, with what changed between them");
  cmd->footer("Example:\n  fissure history --db demo.db kcna-2011-00002");
  cmd->add_option("--db", a->db, "Archive file")->required();
  cmd->add_option("id", a->id, "Document id")->required();
  cmd->add_option("--format", a->format, "Output format")->check(CLI::IsMember({"table", "json"}))->default_val("table");
  cmd->callback([a, run] {
    *run = [a]() -> int {
      auto archive = Archive::open(a->db, Archive::Mode::kReadOnly);
      if (!archive) return report_error(archive.status());
      auto h = (*archive)->history(a->id);
      if (!h) return report_error(h.status());
      if (a->format == "json") {
        json revs = json::array();
        for (size_t i = 0; i < h->revisions.size(); ++i) {
          const auto& r = h->revisions[i];
          json j = {{"n", r.n}, {"seen_at", r.seen_at}, {"sha256", r.sha256}, {"origin", r.origin},
                    {"sentences", r.sentences}, {"text", r.text}};
          j["diff"] = i == 0 ? json(nullptr) : json(render_diff(diff_lines(h->revisions[i - 1].text, r.text)));
          revs.push_back(j);
        }
        json out = {{"document_id", h->id}, {"source", h->source},
                    {"withdrawn_at", h->withdrawn_at ? json(*h->withdrawn_at) : json(nullptr)}, {"revisions", revs}};
        std::printf("%s\n", out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
        return kExitOk;
      }
      std::printf("%s (%s): %zu revision%s%s\n", h->id.c_str(), h->source.c_str(), h->revisions.size(),
                  h->revisions.size() == 1 ? "" : "s",
                  h->withdrawn_at ? (", withdrawn " + *h->withdrawn_at).c_str() : "");
      for (size_t i = 0; i < h->revisions.size(); ++i) {
        const auto& r = h->revisions[i];
        std::printf("\nrevision %d  seen %s  sha256 %.12s  %lld sentences  from %s\n", r.n, r.seen_at.c_str(),
                    r.sha256.c_str(), static_cast<long long>(r.sentences), r.origin.c_str());
        if (i > 0) std::printf("%s", render_diff(diff_lines(h->revisions[i - 1].text, r.text)).c_str());
      }
      return kExitOk;
    };
  });
}

void register_check(CLI::App& app, Action* run) {
  struct Args {
    std::string db, format;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("check", "Verify the archive: SQLite integrity, the full-text index, fissure's invariants");
  cmd->footer("Exit code 0 when consistent, 1 when a problem is found.\nExample:\n  fissure check --db demo.db");
  cmd->add_option("--db", a->db, "Archive file")->required();
  cmd->add_option("--format", a->format, "Output format")->check(CLI::IsMember({"table", "json"}))->default_val("table");
  cmd->callback([a, run] {
    *run = [a]() -> int {
      if (!std::filesystem::exists(a->db)) return report_error(Status::not_found(a->db + ": no such archive"));
      // Read-write: FTS5's integrity check is issued as a (non-modifying) write command.
      auto archive = Archive::open(a->db, Archive::Mode::kReadWrite);
      if (!archive) return report_error(archive.status());
      auto r = (*archive)->check();
      if (!r) return report_error(r.status());
      if (a->format == "json") {
        std::printf("%s\n", json{{"consistent", r->consistent}, {"problems", r->problems}, {"documents", r->documents},
                                 {"sentences", r->sentences}}.dump(2).c_str());
      } else {
        std::printf("%s: %s (%lld documents, %lld sentences)\n", a->db.c_str(),
                    r->consistent ? "consistent" : "INCONSISTENT", static_cast<long long>(r->documents),
                    static_cast<long long>(r->sentences));
        for (const auto& p : r->problems) std::printf("  %s\n", p.c_str());
      }
      return r->consistent ? kExitOk : kExitFailed;
    };
  });
}

std::string describe(const OptimizeReport& report) {
  std::string line = "full-text index merged:";
  for (size_t i = 0; i < report.indexes.size(); ++i) {
    const IndexSegments& x = report.indexes[i];
    line += i == 0 ? " " : ", ";
    line += x.index + " " + std::to_string(x.before) + " -> " + std::to_string(x.after);
    if (i == 0) line += " segments";
  }
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, ", in %.1f s", report.seconds);
  return line + seconds;
}

void register_optimize(CLI::App& app, Action* run) {
  struct Args {
    std::string db, format;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "optimize", "Merge the full-text index into one segment after a bulk load (faster searches)");
  cmd->footer(
      "An ingest leaves the index in many segments, and every search looks its words up in each.\n"
      "Searches may run meanwhile; other writers wait. Exit code 0 when done, 1 on failure.\n"
      "Example:\n  fissure optimize --db demo.db");
  cmd->add_option("--db", a->db, "Archive file")->required();
  cmd->add_option("--format", a->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->default_val("table");
  cmd->callback([a, run] {
    *run = [a]() -> int {
      if (!std::filesystem::exists(a->db))
        return report_error(Status::not_found(a->db + ": no such archive"));
      auto archive = Archive::open(a->db, Archive::Mode::kReadWrite);
      if (!archive) return report_error(archive.status());
      auto r = (*archive)->optimize();
      if (!r) return report_error(r.status());
      if (a->format == "json") {
        json indexes = json::array();
        for (const auto& x : r->indexes)
          indexes.push_back(
              {{"index", x.index}, {"segments_before", x.before}, {"segments_after", x.after}});
        std::printf("%s\n", json{{"indexes", indexes}, {"seconds", r->seconds}}.dump(2).c_str());
      } else {
        std::printf("%s: %s\n", a->db.c_str(), describe(*r).c_str());
      }
      return kExitOk;
    };
  });
}

}  // namespace fissure::cli
