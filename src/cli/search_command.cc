// fissure search and fissure kwic: ranked sentence hits and keyword-in-context lines.
#include <cstdio>
#include <string>

#include "cli.h"
#include "fissure/api/json_views.h"
#include "fissure/store/search.h"

namespace fissure::cli {
namespace {

std::string shorten(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

}  // namespace

void add_filter_options(CLI::App* cmd, SearchFilters* f) {
  cmd->add_option("--country", f->country, "Only documents of this ISO3 country (the outlet's or speaker's)");
  cmd->add_option("--source", f->source, "Only documents of this source, e.g. \"Tehran Times\", KCNA");
  cmd->add_option("--from", f->from, "Only documents dated on or after (yyyy, yyyy-mm, yyyy-mm-dd)");
  cmd->add_option("--to", f->to, "Only documents dated on or before");
  cmd->add_flag("--collapse-duplicates", f->collapse_duplicates,
                "Leave out documents that duplicate another (exact or near)");
  cmd->add_option("--actor", f->actor, "Only sentences naming this actor (ISO3 or organisation code)");
  cmd->add_option("--speaker", f->speaker, "Only sentences spoken by this actor");
  cmd->add_option("--domain", f->domain,
                  "Only sentences of this domain: military, nuclear, diplomatic, economic, ideological, humanitarian");
  cmd->add_option("--tone-min", f->tone_min, "Only sentences whose tone (toward --actor, if given) is at least this (-1..1)");
  cmd->add_option("--tone-max", f->tone_max, "Only sentences whose tone (toward --actor, if given) is at most this");
}

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// "speaker IRN  tone -0.42  actors USA ISR  domains military": one line of a hit's coding.
std::string coding_line(const CodingSummary& c) {
  if (!c.coded) return "";
  if (c.lang != "en") return "not coded: language " + c.lang;
  char tone[32];
  std::snprintf(tone, sizeof tone, "%+.2f", c.tone_fissure.value_or(0));
  std::string out = "speaker " + (c.speaker.empty() ? std::string("-") : c.speaker) + "  tone " + tone;
  if (!c.actors.empty()) out += "  actors " + join(c.actors, " ");
  if (!c.domains.empty()) out += "  domains " + join(c.domains, " ");
  return out;
}

}  // namespace

void register_search(CLI::App& app, Action* run) {
  struct Args {
    std::string db, format;
    SearchQuery q;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("search", "Ranked full-text search over sentences (BM25)");
  cmd->footer(
      "Query language: words, \"phrases\", AND, OR, NOT, prefix*, a NEAR b, a NEAR/5 b, (groups).\n"
      "Example:\n  fissure search --db demo.db --source KCNA --from 2011 --to 2012 '\"nuclear program\" AND Iran'");
  cmd->add_option("--db", a->db, "Archive file")->required();
  cmd->add_option("query", a->q.text, "Query")->required();
  add_filter_options(cmd, &a->q.filters);
  cmd->add_option("--limit", a->q.limit, "Hits to return")->default_val(20);
  cmd->add_option("--offset", a->q.offset, "Hits to skip (for paging)")->default_val(0);
  cmd->add_option("--rank-window", a->q.rank_window,
                  "Rank at most N matches, the most recently stored (0 = all; exact but slow for frequent words)")
      ->default_val(2000);
  add_format_option(cmd, &a->format);
  cmd->callback([a, run] {
    *run = [a]() -> int {
      auto archive = Archive::open(a->db, Archive::Mode::kReadOnly);
      if (!archive) return report_error(archive.status());
      auto r = search(**archive, a->q);
      if (!r) return report_error(r.status());
      switch (parse_output_format(a->format)) {
        case OutputFormat::kJson:
          std::printf("%s\n", api::dump(api::search_json(*r)).c_str());
          break;
        case OutputFormat::kCsv:
          std::printf("document_id,sentence_id,date,country,source,title,sentence,snippet,score,speaker,tone,"
                      "actors,domains\n");
          for (const auto& h : r->hits)
            std::printf("%s,%lld,%s,%s,%s,%s,%s,%s,%.4f,%s,%s,%s,%s\n", csv_field(h.document_id).c_str(),
                        static_cast<long long>(h.sentence_id), csv_field(h.date.value_or("")).c_str(),
                        csv_field(h.country.value_or("")).c_str(), csv_field(h.source.value_or("")).c_str(),
                        csv_field(h.title.value_or("")).c_str(), csv_field(h.sentence).c_str(),
                        csv_field(h.snippet).c_str(), h.score, csv_field(h.coding.speaker).c_str(),
                        h.coding.tone_fissure ? std::to_string(*h.coding.tone_fissure).c_str() : "",
                        csv_field(join(h.coding.actors, " ")).c_str(), csv_field(join(h.coding.domains, " ")).c_str());
          break;
        case OutputFormat::kTable:
          std::printf("%lld matching sentences", static_cast<long long>(r->total));
          if (r->ranked < r->total)
            std::printf(" (ranked: the newest %lld; --rank-window 0 ranks all)", static_cast<long long>(r->ranked));
          if (!r->hits.empty())
            std::printf("; showing %d-%d", a->q.offset + 1, a->q.offset + static_cast<int>(r->hits.size()));
          std::printf("\n");
          for (const auto& h : r->hits) {
            std::printf("\n%7.2f  %-10s %-3s  %s  %s\n         %s\n", h.score, h.date.value_or("-").c_str(),
                        h.country.value_or("-").c_str(), h.source.value_or("-").c_str(), h.document_id.c_str(),
                        one_line(shorten(h.snippet, 400)).c_str());
            if (h.coding.coded) std::printf("         [%s]\n", coding_line(h.coding).c_str());
          }
          break;
      }
      return kExitOk;
    };
  });
}

void register_kwic(CLI::App& app, Action* run) {
  struct Args {
    std::string db, format;
    KwicQuery q;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("kwic", "Keyword in context: every occurrence of a term with its neighbours");
  cmd->footer("Example:\n  fissure kwic --db demo.db --source KCNA --window 6 Iran\n  fissure kwic --db demo.db '\"nuclear deal\"'");
  cmd->add_option("--db", a->db, "Archive file")->required();
  cmd->add_option("term", a->q.term, "A word, prefix* or \"phrase\"")->required();
  add_filter_options(cmd, &a->q.filters);
  cmd->add_option("--window", a->q.window, "Words of context on each side")->default_val(5);
  cmd->add_option("--limit", a->q.limit, "Lines to print")->default_val(100);
  add_format_option(cmd, &a->format);
  cmd->callback([a, run] {
    *run = [a]() -> int {
      auto archive = Archive::open(a->db, Archive::Mode::kReadOnly);
      if (!archive) return report_error(archive.status());
      auto r = kwic(**archive, a->q);
      if (!r) return report_error(r.status());
      switch (parse_output_format(a->format)) {
        case OutputFormat::kJson:
          std::printf("%s\n", api::dump(api::kwic_json(*r)).c_str());
          break;
        case OutputFormat::kCsv:
          std::printf("document_id,sentence_id,date,country,source,left,keyword,right\n");
          for (const auto& l : r->lines)
            std::printf("%s,%lld,%s,%s,%s,%s,%s,%s\n", csv_field(l.document_id).c_str(),
                        static_cast<long long>(l.sentence_id), csv_field(l.date.value_or("")).c_str(),
                        csv_field(l.country.value_or("")).c_str(), csv_field(l.source.value_or("")).c_str(),
                        csv_field(l.left).c_str(), csv_field(l.keyword).c_str(), csv_field(l.right).c_str());
          break;
        case OutputFormat::kTable: {
          std::printf("%lld occurrences\n", static_cast<long long>(r->total));
          for (const auto& l : r->lines) {
            std::string left = l.left;
            if (left.size() > 60) {  // keep the last 60 bytes, starting on a character boundary
              size_t cut = left.size() - 60;
              while (cut < left.size() && (static_cast<unsigned char>(left[cut]) & 0xC0) == 0x80) ++cut;
              left = "…" + left.substr(cut);
            }
            std::printf("%-10s %-3s %60s [%s] %s\n", l.date.value_or("-").c_str(), l.country.value_or("-").c_str(),
                        one_line(left).c_str(), one_line(l.keyword).c_str(), one_line(l.right).c_str());
          }
          break;
        }
      }
      return kExitOk;
    };
  });
}

}  // namespace fissure::cli
