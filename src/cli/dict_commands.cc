// fissure dict check: validates dictionaries with the loaders the coders use, and compiles the
// phrase patterns as the matcher would. Every problem prints as FILE:LINE: reason.
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli.h"
#include "fissure/lexicon/builtin_data.h"
#include "fissure/lexicon/lexicoder.h"
#include "fissure/lexicon/phrase_dictionary.h"
#include "fissure/lexicon/petrarch_dictionaries.h"
#include "fissure/lexicon/phrase_matcher.h"
#include "fissure/lexicon/tone_lexicon.h"

namespace fissure::cli {
namespace {

using nlohmann::json;

struct DictionaryCheck {
  std::string format;
  size_t entries = 0;
  size_t patterns = 0;
  std::vector<std::string> problems;  // "FILE:LINE: reason"
};

// What a phrase-matcher dictionary (fissure phrase dictionary, Lexicoder) reports: its own
// problems, and the patterns Vectorscan rejects.
DictionaryCheck check_phrases(const char* format, PhraseDictionary dict) {
  DictionaryCheck c;
  c.format = format;
  c.entries = dict.entries().size();
  c.patterns = dict.pattern_count();
  for (const auto& p : dict.problems()) c.problems.push_back(p.to_string());
  std::string name = dict.name();
  auto matcher = PhraseMatcher::compile({std::move(dict)});
  if (!matcher) {
    c.problems.push_back(name + ": " + matcher.status().message());
  } else {
    for (const auto& p : (*matcher)->problems()) c.problems.push_back(p.to_string());
  }
  return c;
}

DictionaryCheck check_tone(const std::string& path, std::string_view content) {
  DictionaryCheck c;
  c.format = "tone-lexicon";
  ToneLexicon lexicon;
  c.patterns = lexicon.add_text(content, path, &c.problems);
  c.entries = lexicon.size();
  return c;
}

// PETRARCH files: `kind` is "verbs", "actors", "agents" or "discards".
DictionaryCheck check_petrarch(const std::string& kind, const std::string& path, std::string_view content) {
  DictionaryCheck c;
  c.format = "petrarch-" + kind;
  if (kind == "verbs") {
    PetrarchVerbDictionary verbs = parse_petrarch_verbs(content, path);
    c.entries = verbs.blocks.size();
    for (const auto& b : verbs.blocks) c.patterns += b.patterns.size();
    c.problems = std::move(verbs.problems);
    return c;
  }
  PetrarchActorDictionaries d;
  if (kind == "actors") parse_petrarch_actors(content, path, d);
  else if (kind == "agents") parse_petrarch_agents(content, path, d);
  else parse_petrarch_discards(content, path, d);
  c.entries = d.actors.size() + d.agents.size() + d.discards.size();
  c.problems = std::move(d.problems);
  return c;
}

// "verbs", "actors", "agents", "discards" for a file named like PETRARCH's, or "".
std::string petrarch_kind(std::string_view path) {
  std::string_view name = path.substr(path.find_last_of('/') == std::string_view::npos ? 0 : path.find_last_of('/') + 1);
  for (const char* kind : {"verbs", "actors", "agents", "discards"})
    if (name.find(kind) != std::string_view::npos && !name.ends_with(".fissure.txt")) return kind;
  if (name.starts_with("CAMEO.") && name.find("verb") == std::string_view::npos && name != "CAMEO.eventcodes.txt" &&
      name != "CAMEO.goldsteinscale.txt")
    return "verbs";  // CAMEO.2.0.txt
  return "";
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The first line that is neither blank nor a comment.
std::string_view first_content_line(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    size_t k = line.find_first_not_of(" \t\r");
    if (k == std::string_view::npos || line[k] == '#') continue;
    return line.substr(k);
  }
  return {};
}

// One row per dictionary format: how to recognise a file (by its name or its first lines) and
// how to check it. A new loader (VADER lexicon, PETRARCH dictionaries) is one more row.
struct DictionaryFormat {
  const char* name;
  std::function<bool(std::string_view path, std::string_view content)> detect;
  std::function<DictionaryCheck(const std::string& path, std::string_view content)> check;
};

const std::vector<DictionaryFormat>& formats() {
  static const std::vector<DictionaryFormat> kFormats = {
      {"tone-lexicon",
       [](std::string_view path, std::string_view content) {
         std::string_view name = path.substr(path.find_last_of('/') == std::string_view::npos ? 0 : path.find_last_of('/') + 1);
         if (name == ToneLexicon::kBuiltinName || name.find("vader") != std::string_view::npos) return true;
         // token<TAB>number: the VADER layout
         std::string_view first = first_content_line(content);
         size_t tab = first.find('\t');
         if (tab == std::string_view::npos || tab + 1 >= first.size()) return false;
         char c = first[tab + 1];
         return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
       },
       check_tone},
      {"fissure-phrases",
       [](std::string_view path, std::string_view content) {
         std::string_view first = first_content_line(content);
         // "[CODE] kind ...": PETRARCH lines never start with '['.
         return ends_with(path, ".fissure.txt") ||
                (first.starts_with("[") && first.find(']') != std::string_view::npos);
       },
       [](const std::string& path, std::string_view content) {
         return check_phrases("fissure-phrases", PhraseDictionary::parse(content, path));
       }},
      {"petrarch",
       [](std::string_view path, std::string_view) { return !petrarch_kind(path).empty(); },
       [](const std::string& path, std::string_view content) {
         return check_petrarch(petrarch_kind(path), path, content);
       }},
      {"lexicoder",
       [](std::string_view path, std::string_view content) {
         return ends_with(path, ".lc3") || looks_like_lexicoder(content);
       },
       [](const std::string& path, std::string_view content) {
         return check_phrases("lexicoder", parse_lexicoder(content, path));
       }},

  };
  return kFormats;
}

const DictionaryFormat* detect_format(std::string_view path, std::string_view content) {
  for (const auto& f : formats()) {
    if (f.detect(path, content)) return &f;
  }
  return nullptr;
}

struct FileResult {
  std::string file;
  DictionaryCheck check;
  std::string error;  // the file could not be read or its format is unknown
};

FileResult check_content(const std::string& path, std::string_view content) {
  FileResult r;
  r.file = path;
  const DictionaryFormat* f = detect_format(path, content);
  if (!f) {
    r.error = path + ": unknown dictionary format (expected a fissure phrase dictionary, a tone lexicon (VADER layout), a PETRARCH dictionary or .lc3)";
    return r;
  }
  r.check = f->check(path, content);
  return r;
}

FileResult check_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {path, {}, path + ": cannot open"};
  std::ostringstream ss;
  ss << in.rdbuf();
  return check_content(path, ss.str());
}

}  // namespace

void register_dict(CLI::App& app, Action* run) {
  struct Args {
    std::vector<std::string> files;
    bool builtin = false;
    std::string format;
  };
  auto a = std::make_shared<Args>();
  auto* dict = app.add_subcommand("dict", "Dictionaries: validate them");
  dict->require_subcommand(1);
  auto* cmd = dict->add_subcommand(
      "check",
      "Validate dictionaries (fissure phrase dictionaries, Lexicoder .lc3); print "
      "FILE:LINE: reason for each problem and a summary per file");
  cmd->footer(
      "Exit: 0 clean, 1 a file could not be read, 2 usage or unknown format, 3 problems found.\n"
      "Examples:\n  fissure dict check data/dictionaries/actors.fissure.txt\n"
      "  fissure dict check --builtin");
  cmd->add_option("files", a->files, "Dictionary files");
  cmd->add_flag("--builtin", a->builtin, "Check the dictionaries compiled into fissure");
  cmd->add_option("--format", a->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->default_val("table");
  cmd->callback([a, run] {
    *run = [a]() -> int {
      if (a->files.empty() && !a->builtin) {
        std::fprintf(stderr, "fissure: dict check needs FILE... or --builtin\n");
        return kExitUsage;
      }
      std::vector<FileResult> results;
      if (a->builtin) {
        for (const auto& f : builtin_files()) {
          results.push_back(check_content(std::string(f.name), f.content));
        }
      }
      for (const auto& f : a->files) results.push_back(check_file(f));

      int exit_code = kExitOk;
      json out = json::array();
      for (const auto& r : results) {
        if (!r.error.empty()) {
          bool unreadable = r.error.ends_with("cannot open");
          exit_code = std::max(exit_code, unreadable ? kExitFailed : kExitUsage);
          if (a->format == "json") {
            out.push_back({{"file", r.file}, {"error", r.error}});
          } else {
            std::fprintf(stderr, "fissure: %s\n", r.error.c_str());
          }
          continue;
        }
        const auto& c = r.check;
        if (!c.problems.empty() && exit_code == kExitOk) exit_code = kExitSkipped;
        if (a->format == "json") {
          out.push_back({{"file", r.file},
                         {"format", c.format},
                         {"entries", c.entries},
                         {"patterns", c.patterns},
                         {"problems", c.problems}});
          continue;
        }
        for (const auto& p : c.problems) std::printf("%s\n", p.c_str());
        std::printf("%s: %s, %zu entries, %zu patterns, %zu problem%s\n", r.file.c_str(),
                    c.format.c_str(), c.entries, c.patterns, c.problems.size(),
                    c.problems.size() == 1 ? "" : "s");
      }
      if (a->format == "json") {
        std::printf("%s\n", out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
      }
      return exit_code;
    };
  });
}

}  // namespace fissure::cli
