// fissure explain: one sentence's coding with the dictionary entries and rules behind each record.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli.h"
#include "fissure/lexicon/builtin_data.h"
#include "fissure/store/explain.h"

namespace fissure::cli {
namespace {

using nlohmann::json;

// A score, or null/"-" when it was not scored (NaN: no general lexicon, or not English).
json score_json(double v) { return std::isnan(v) ? json(nullptr) : json(v); }
std::string score_text(double v) {
  if (std::isnan(v)) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%+.3f", v);
  return buf;
}

// Line `line` (1-based) of a dictionary: an embedded one by name, else a file by path.
std::string dictionary_line(const std::string& dictionary, int line) {
  if (dictionary.empty() || line <= 0) return "";
  std::string text;
  if (auto builtin = builtin_file(dictionary)) {
    text = std::string(*builtin);
  } else {
    std::ifstream in(dictionary, std::ios::binary);
    if (!in) return "";
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  size_t end = text.find('\n', start);
  std::string out = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  while (!out.empty() && (out.back() == '\r' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string where(const Provenance& p) {
  std::string out = p.dictionary.empty() ? "" : p.dictionary + (p.line > 0 ? ":" + std::to_string(p.line) : "");
  if (!p.rule.empty()) out += (out.empty() ? "rule " : ", rule ") + p.rule;
  return out;
}

std::string cut(const std::string& text, uint32_t begin, uint32_t end) {
  if (begin > end || end > text.size()) return "";
  return text.substr(begin, end - begin);
}

json provenance_json(const Provenance& p) {
  return {{"dictionary", p.dictionary.empty() ? json(nullptr) : json(p.dictionary)},
          {"line", p.line > 0 ? json(p.line) : json(nullptr)},
          {"entry", p.line > 0 ? json(dictionary_line(p.dictionary, p.line)) : json(nullptr)},
          {"rule", p.rule.empty() ? json(nullptr) : json(p.rule)}};
}

const MentionTone* tone_of(const SentenceCoding& c, size_t mention) {
  for (const auto& t : c.mention_tones)
    if (t.mention == mention) return &t;
  return nullptr;
}

json to_json(const SentenceExplanation& e) {
  auto opt = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  json j = {{"sentence_id", e.sentence_id}, {"document_id", e.document_id}, {"source", opt(e.source)},
            {"country", opt(e.country)},    {"date", opt(e.date)},           {"revision", e.revision},
            {"current", e.current},         {"boilerplate", e.boilerplate},  {"text", e.text},
            {"coded", e.coded}};
  if (!e.coded) return j;
  const SentenceCoding& c = e.coding;
  json mentions = json::array();
  for (size_t i = 0; i < c.mentions.size(); ++i) {
    const ActorMention& m = c.mentions[i];
    json mj = {{"code", m.code}, {"kind", m.kind}, {"country", m.country.empty() ? json(nullptr) : json(m.country)},
               {"name", m.name}, {"start", m.begin}, {"end", m.end}, {"text", cut(e.text, m.begin, m.end)},
               {"provenance", provenance_json(m.why)}};
    if (const MentionTone* t = tone_of(c, i))
      mj["tone"] = {{"vader", score_json(t->tone)}, {"fissure", score_json(t->tone_fissure)}, {"clause", cut(e.text, t->clause_begin, t->clause_end)}};
    mentions.push_back(mj);
  }
  json events = json::array();
  for (const auto& ev : c.events)
    events.push_back({{"source", ev.source}, {"target", ev.target}, {"cameo", ev.cameo}, {"goldstein", ev.goldstein},
                      {"quad_class", ev.quad_class}, {"plover", ev.plover}, {"verb", cut(e.text, ev.verb_begin, ev.verb_end)},
                      {"provenance", provenance_json(ev.why)}});
  json domains = json::array();
  for (const auto& d : c.domains)
    domains.push_back({{"domain", d.domain}, {"term", cut(e.text, d.begin, d.end)}, {"provenance", provenance_json(d.why)}});
  j["coding"] = {{"lang", c.lang},          {"speaker", c.speaker},          {"speaker_rule", e.speaker_rule},
                 {"tone", score_json(c.tone)}, {"tone_fissure", score_json(c.tone_fissure)}, {"mentions", mentions},
                 {"events", events},        {"domains", domains},            {"coder", e.coder},
                 {"coded_at", e.coded_at}};
  return j;
}

void print_table(const SentenceExplanation& e) {
  std::printf("sentence %lld of %s (%s, %s, %s), revision %d%s%s\n", static_cast<long long>(e.sentence_id),
              e.document_id.c_str(), e.source.value_or("-").c_str(), e.country.value_or("-").c_str(),
              e.date.value_or("undated").c_str(), e.revision, e.current ? "" : " (not current)",
              e.boilerplate ? " [boilerplate]" : "");
  std::printf("  %s\n", one_line(e.text).c_str());
  if (!e.coded) {
    std::printf("not coded (run `fissure code --db ARCHIVE`)\n");
    return;
  }
  const SentenceCoding& c = e.coding;
  std::printf("coded by %s at %s\n", e.coder.c_str(), e.coded_at.c_str());
  if (c.lang != "en") {
    std::printf("language: %s: not coded as English\n", c.lang.c_str());
    return;
  }
  std::printf("speaker  %s  (%s)\n", c.speaker.empty() ? "-" : c.speaker.c_str(), e.speaker_rule.c_str());
  std::printf("tone     %s (general lexicon)  %s (fissure lexicon)\n", score_text(c.tone).c_str(),
              score_text(c.tone_fissure).c_str());
  if (!c.mentions.empty()) std::printf("actors\n");
  for (size_t i = 0; i < c.mentions.size(); ++i) {
    const ActorMention& m = c.mentions[i];
    std::printf("  %-6s %-12s \"%s\" [%u,%u)  %s\n", m.code.c_str(), m.kind.c_str(), cut(e.text, m.begin, m.end).c_str(),
                m.begin, m.end, where(m.why).c_str());
    if (std::string entry = dictionary_line(m.why.dictionary, m.why.line); !entry.empty())
      std::printf("         entry: %s\n", entry.c_str());
    if (const MentionTone* t = tone_of(c, i))
      std::printf("         tone toward it %s / %s, clause \"%s\"\n", score_text(t->tone).c_str(),
                  score_text(t->tone_fissure).c_str(),
                  one_line(cut(e.text, t->clause_begin, t->clause_end)).c_str());
  }
  if (!c.events.empty()) std::printf("events\n");
  for (const auto& ev : c.events) {
    std::printf("  %s -> %s  CAMEO %s  Goldstein %+.1f  quad %d  %s  verb \"%s\"  %s\n",
                ev.source.empty() ? "?" : ev.source.c_str(), ev.target.empty() ? "?" : ev.target.c_str(),
                ev.cameo.c_str(), ev.goldstein, ev.quad_class, ev.plover.c_str(),
                cut(e.text, ev.verb_begin, ev.verb_end).c_str(), where(ev.why).c_str());
    if (std::string entry = dictionary_line(ev.why.dictionary, ev.why.line); !entry.empty())
      std::printf("         entry: %s\n", entry.c_str());
  }
  if (!c.domains.empty()) std::printf("domains\n");
  for (const auto& d : c.domains)
    std::printf("  %-13s \"%s\"  %s\n", d.domain.c_str(), cut(e.text, d.begin, d.end).c_str(), where(d.why).c_str());
}

}  // namespace

void register_explain(CLI::App& app, Action* run) {
  struct Args {
    std::string db, format;
    int64_t id = 0;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("explain", "One sentence's coding and the dictionary entries and rules behind it");
  cmd->footer("Sentence ids are in search and kwic output.\nExample:\n  fissure explain --db demo.db 123456");
  cmd->add_option("--db", a->db, "Archive file")->required();
  cmd->add_option("sentence", a->id, "Sentence id")->required();
  add_format_option(cmd, &a->format);
  cmd->callback([a, run] {
    *run = [a]() -> int {
      auto archive = Archive::open(a->db, Archive::Mode::kReadOnly);
      if (!archive) return report_error(archive.status());
      auto e = explain_sentence(**archive, a->id);
      if (!e) return report_error(e.status());
      if (parse_output_format(a->format) == OutputFormat::kJson)
        std::printf("%s\n", to_json(*e).dump(2, ' ', false, json::error_handler_t::replace).c_str());
      else
        print_table(*e);
      return kExitOk;
    };
  });
}

}  // namespace fissure::cli
