// fissure eval events: codes PETRARCH validation records from their raw text and compares the
// events with the expected codings (precision and recall at 2 and 4 digits of the CAMEO code).
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli.h"
#include "fissure/coding/event_coder.h"
#include "fissure/corpus/petrarch_records.h"
#include "fissure/lexicon/cameo_tables.h"

namespace fissure::cli {
namespace {

using nlohmann::json;
using Triple = std::tuple<std::string, std::string, std::string>;

struct Tally {
  long records = 0, expected = 0, produced = 0, tp2 = 0, tp4 = 0, exact_records = 0;
  void add(const Tally& o) {
    records += o.records;
    expected += o.expected;
    produced += o.produced;
    tp2 += o.tp2;
    tp4 += o.tp4;
    exact_records += o.exact_records;
  }
  double precision(long tp) const {
    return produced ? static_cast<double>(tp) / static_cast<double>(produced) : 1.0;
  }
  double recall(long tp) const {
    return expected ? static_cast<double>(tp) / static_cast<double>(expected) : 1.0;
  }
};

// Multiset intersection size.
long overlap(std::multiset<Triple> a, const std::multiset<Triple>& b) {
  long n = 0;
  for (const auto& t : b) {
    auto it = a.find(t);
    if (it != a.end()) {
      a.erase(it);
      ++n;
    }
  }
  return n;
}

Triple two_digit(const Triple& t) {
  return {std::get<0>(t), std::get<1>(t), std::get<2>(t).substr(0, 2)};
}

json tally_json(const Tally& t) {
  return {{"records", t.records},
          {"records_exact", t.exact_records},
          {"codings_expected", t.expected},
          {"codings_produced", t.produced},
          {"precision_2digit", t.precision(t.tp2)},
          {"recall_2digit", t.recall(t.tp2)},
          {"precision_4digit", t.precision(t.tp4)},
          {"recall_4digit", t.recall(t.tp4)}};
}

std::vector<std::string> env_files(const PetrarchRecordSet& set, const char* key,
                                   const char* fallback) {
  auto it = set.environment.find(key);
  if (it != set.environment.end()) {
    // Several files may be named, separated by commas.
    std::vector<std::string> files;
    std::string name;
    for (char c : it->second + ",") {
      if (c == ',') {
        while (!name.empty() && name.back() == ' ') name.pop_back();
        if (!name.empty()) files.push_back(name);
        name.clear();
      } else if (c != ' ' || !name.empty()) {
        name += c;
      }
    }
    return files;
  }
  if (fallback) return {fallback};
  return {};
}

}  // namespace

void register_eval_events(CLI::App& eval, Action* run) {
  struct Args {
    std::string records, dictionaries, format;
    bool details = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = eval.add_subcommand(
      "events",
      "Code PETRARCH validation records and score the events against the expected codings");
  cmd->footer(
      "Scores (source, target, event) triples: 2-digit compares the first two digits of the CAMEO "
      "code.\nExit code 3 when some records could not be read (the figures leave them out).\n"
      "Example:\n  fissure eval events --records "
      "../shared/reference/petrarch2/unit_tests/PETR.UnitTest.records.xml");
  cmd->add_option("--records", a->records, "Validation records (PETRARCH XML or text records)")
      ->required();
  cmd->add_option("--dictionaries", a->dictionaries,
                  "Folder of the dictionaries the records' <Environment> names (default: the "
                  "records' ../dictionaries)");
  cmd->add_option("--format", a->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->default_val("table");
  cmd->add_flag("--details", a->details,
                "Also list every record whose coding differs from the expected one");
  cmd->callback([a, run] {
    *run = [a]() -> int {
      namespace fs = std::filesystem;
      auto content = read_dictionary_file(a->records);
      if (!content) return report_error(content.status());
      PetrarchRecordSet set = parse_petrarch_records(*content, a->records);
      std::string dir = a->dictionaries;
      if (dir.empty())
        dir = (fs::path(a->records).parent_path() / ".." / "dictionaries")
                  .lexically_normal()
                  .string();
      std::shared_ptr<const CameoTables> tables;
      fs::path cameo_dir = fs::path(dir) / ".." / ".." / "cameo";
      if (fs::exists(cameo_dir / "CAMEO.goldsteinscale.txt")) {
        fs::path plover = fs::path(dir) / ".." / ".." / "plover";
        auto t =
            CameoTables::load(cameo_dir.string(),
                              fs::exists(plover / "CAMEO2PLOVER-2021.txt") ? plover.string() : "");
        if (t) tables = std::make_shared<CameoTables>(std::move(*t));
      }
      std::vector<std::string> problems = set.problems;
      auto coder = PetrarchCoder::load(dir, env_files(set, "Verbfile", "CAMEO.2.0.txt")[0],
                                       env_files(set, "Actorfile", "Phoenix.Countries.actors.txt"),
                                       env_files(set, "Agentfile", "Phoenix.agents.txt"),
                                       env_files(set, "Discardfile", nullptr), tables, &problems);
      if (!coder) return report_error(coder.status());
      Tally total;
      std::map<std::string, Tally> by_category;
      json details = json::array();
      for (const PetrarchRecord& r : set.records) {
        std::multiset<Triple> expected, produced, expected2, produced2;
        for (const auto& c : r.codings) {
          expected.insert({c.source, c.target, c.event});
          expected2.insert(two_digit({c.source, c.target, c.event}));
        }
        auto events = coder->code(r.text, date_number(r.date));
        json why = json::array();
        for (const auto& e : events) {
          std::string w = e.source + "-" + e.target + "-" + e.cameo + " <- \"";
          w += r.text.substr(e.verb_begin, e.verb_end - e.verb_begin);
          w += "\" " + e.why.dictionary + ":" + std::to_string(e.why.line);
          why.push_back(w);
        }
        for (const auto& e : events) {
          produced.insert({e.source, e.target, e.cameo});
          produced2.insert(two_digit({e.source, e.target, e.cameo}));
        }
        Tally t;
        t.records = 1;
        t.expected = static_cast<long>(expected.size());
        t.produced = static_cast<long>(produced.size());
        t.tp4 = overlap(expected, produced);
        t.tp2 = overlap(expected2, produced2);
        t.exact_records = expected == produced ? 1 : 0;
        total.add(t);
        by_category[r.category.empty() ? "-" : r.category].add(t);
        if (a->details && expected != produced) {
          json exp = json::array(), got = json::array();
          for (const auto& [s, tg, c] : expected) exp.push_back(s + "-" + tg + "-" + c);
          for (const auto& [s, tg, c] : produced) got.push_back(s + "-" + tg + "-" + c);
          details.push_back({{"id", r.id},
                             {"category", r.category},
                             {"text", r.text},
                             {"expected", exp},
                             {"produced", got},
                             {"why", why}});
        }
      }
      if (a->format == "json") {
        json out = tally_json(total);
        out["dictionaries"] = dir;
        out["problems"] = problems;
        json cats = json::object();
        for (const auto& [name, t] : by_category) cats[name] = tally_json(t);
        out["by_category"] = cats;
        if (a->details) out["mismatches"] = details;
        std::printf("%s\n", out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
      } else {
        if (a->details) {
          for (const auto& d : details) {
            std::printf("%s [%s] %s\n  expected:", d["id"].get<std::string>().c_str(),
                        d["category"].get<std::string>().c_str(),
                        one_line(d["text"].get<std::string>()).c_str());
            for (const auto& e : d["expected"]) std::printf(" %s", e.get<std::string>().c_str());
            std::printf("\n  produced:");
            for (const auto& e : d["produced"]) std::printf(" %s", e.get<std::string>().c_str());
            std::printf("\n");
            for (const auto& w : d["why"]) std::printf("    %s\n", w.get<std::string>().c_str());
          }
          std::printf("\n");
        }
        for (const auto& p : problems) std::fprintf(stderr, "%s\n", p.c_str());
        std::printf("records            %ld (coded exactly as expected: %ld)\n", total.records,
                    total.exact_records);
        std::printf("codings_expected   %ld\ncodings_produced   %ld\n", total.expected,
                    total.produced);
        std::printf("precision_2digit   %.3f\nrecall_2digit      %.3f\n",
                    total.precision(total.tp2), total.recall(total.tp2));
        std::printf("precision_4digit   %.3f\nrecall_4digit      %.3f\n",
                    total.precision(total.tp4), total.recall(total.tp4));
        std::printf("\n%-12s %7s %8s %8s %7s %7s %7s %7s\n", "category", "records", "expected",
                    "produced", "P2", "R2", "P4", "R4");
        for (const auto& [name, t] : by_category)
          std::printf("%-12s %7ld %8ld %8ld %7.3f %7.3f %7.3f %7.3f\n", name.c_str(), t.records,
                      t.expected, t.produced, t.precision(t.tp2), t.recall(t.tp2),
                      t.precision(t.tp4), t.recall(t.tp4));
      }
      // Records the reader had to skip make the figures partial.
      return set.skipped == 0 ? kExitOk : kExitSkipped;
    };
  });
}

}  // namespace fissure::cli
