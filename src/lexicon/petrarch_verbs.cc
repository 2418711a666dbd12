// Verb dictionaries of PETRARCH (validation layout) and PETRARCH2 (CAMEO.2.0 layout).
#include <cctype>
#include <set>
#include <sstream>

#include "fissure/lexicon/petrarch_dictionaries.h"
#include "fissure/lexicon/petrarch_tokens.h"
#include "petrarch_lines.h"

namespace fissure {

using namespace petrarch_detail;

std::vector<std::string> regular_verb_forms(const std::string& base) {
  std::vector<std::string> out{base};
  if (base.empty()) return out;
  auto ends = [&](std::string_view s) {
    return base.size() >= s.size() && base.compare(base.size() - s.size(), s.size(), s) == 0;
  };
  bool consonant_y =
      ends("Y") && base.size() > 1 &&
      std::string_view("AEIOU").find(base[base.size() - 2]) == std::string_view::npos;
  std::string stem_y = base.substr(0, base.size() - 1);
  if (ends("S") || ends("X") || ends("Z") || ends("CH") || ends("SH")) {
    out.push_back(base + "ES");
  } else if (consonant_y) {
    out.push_back(stem_y + "IES");
  } else {
    out.push_back(base + "S");
  }
  if (ends("E")) {
    out.push_back(base + "D");
  } else if (consonant_y) {
    out.push_back(stem_y + "IED");
  } else {
    out.push_back(base + "ED");
  }
  // Consonant-vowel-consonant endings double their last letter in some verbs (EXPEL →
  // EXPELLED, STOP → STOPPED) and not in others (VISIT → VISITED): both spellings are kept.
  auto vowel = [](char c) { return std::string_view("AEIOU").find(c) != std::string_view::npos; };
  size_t n = base.size();
  if (n >= 3 && !vowel(base[n - 1]) && vowel(base[n - 2]) && !vowel(base[n - 3]) &&
      std::string_view("WXY").find(base[n - 1]) == std::string_view::npos) {
    out.push_back(base + base.back() + "ED");
    out.push_back(base + base.back() + "ING");
  }
  if (ends("IE")) {
    out.push_back(base.substr(0, base.size() - 2) + "YING");
  } else if (ends("E") && !ends("EE") && base.size() > 2) {
    out.push_back(stem_y + "ING");
  } else {
    out.push_back(base + "ING");
  }
  return out;
}

namespace {

// "IN_AND_*_OUT", "{ARMS SHIPMENT}", "(TO BORDER)" → elements with glue flags.
bool parse_pattern_text(const std::string& text, std::vector<PatternElement>& out,
                        std::string& reason) {
  std::string spaced;
  int brace_depth = 0;
  for (char c : text) {
    if (c == '{') {
      ++brace_depth;
      spaced += ' ';
    } else if (c == '}') {
      if (brace_depth > 0) --brace_depth;
      spaced += ' ';
    } else if (c == '(' || c == ')') {
      spaced += ' ';
    } else if (c == ' ' && brace_depth > 0) {
      spaced += '_';  // words of a noun phrase are adjacent
    } else {
      spaced += c;
    }
  }
  std::stringstream ss(spaced);
  std::string chunk;
  int verbs = 0;
  while (ss >> chunk) {
    size_t start = 0;
    size_t first_in_chunk = out.size();
    while (start <= chunk.size()) {
      size_t us = chunk.find('_', start);
      if (us == std::string::npos) us = chunk.size();
      std::string part = chunk.substr(start, us - start);
      start = us + 1;
      if (part.empty()) continue;
      PatternElement e;
      if (part == "*") {
        e.kind = PatternElement::Kind::kVerb;
        ++verbs;
      } else if (part == "$") {
        e.kind = PatternElement::Kind::kSource;
      } else if (part == "+") {
        e.kind = PatternElement::Kind::kTarget;
      } else if (part == "%") {
        e.kind = PatternElement::Kind::kCompound;
      } else if (part == "^") {
        e.kind = PatternElement::Kind::kSkip;
      } else if (part[0] == '&') {
        e.kind = PatternElement::Kind::kSynset;
        e.text = to_upper(part.substr(1));
        if (e.text.empty()) {
          reason = "empty synset name";
          return false;
        }
      } else {
        auto words = petrarch_phrase_words(to_upper(part));
        for (size_t i = 0; i < words.size(); ++i) {
          PatternElement w;
          w.text = words[i];
          w.glued_to_next = i + 1 < words.size();
          out.push_back(w);
        }
        if (!out.empty() && out.size() > first_in_chunk) out.back().glued_to_next = true;
        continue;
      }
      e.glued_to_next = true;
      out.push_back(e);
    }
    if (out.size() > first_in_chunk) out.back().glued_to_next = false;
  }
  if (verbs != 1) {
    reason = verbs == 0 ? "pattern without '*'" : "pattern with more than one '*'";
    return false;
  }
  return true;
}

bool valid_event_code(const std::string& code) {
  if (code == "---") return true;
  if (code.empty() || code.size() > 6) return false;
  if (!std::isdigit(static_cast<unsigned char>(code[0]))) return false;
  for (char c : code)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '?') return false;
  return true;
}

// "[032:033]" → code and reverse code; false with a reason when malformed.
bool parse_event_code(const std::string& body, std::string& code, std::string& reverse,
                      std::string& reason) {
  std::string b = to_upper(trim(body));
  size_t colon = b.find(':');
  code = trim(b.substr(0, colon));
  reverse = colon == std::string::npos ? "" : trim(b.substr(colon + 1));
  if (code.empty() && reverse.empty()) {
    reason = "empty event code";
    return false;
  }
  if ((!code.empty() && !valid_event_code(code)) ||
      (!reverse.empty() && !valid_event_code(reverse))) {
    reason = "bad event code [" + b + "]";
    return false;
  }
  return true;
}

// "BREAK { BROKE BROKEN }", "+BREAK_DOWN {+BREAKS_DOWN}", "ASK [020]".
bool parse_verb_line(const std::string& line, VerbForm& verb, std::string& reason) {
  std::string text = line;
  std::string code_body;
  size_t open = text.find('[');
  if (open != std::string::npos) {
    size_t close = text.find(']', open);
    if (close == std::string::npos) {
      reason = "unclosed '['";
      return false;
    }
    code_body = text.substr(open + 1, close - open - 1);
    text = text.substr(0, open) + text.substr(close + 1);
  }
  std::string forms_text;
  bool braces = false;
  size_t brace = text.find('{');
  if (brace != std::string::npos) {
    size_t end = text.find('}', brace);
    if (end == std::string::npos) {
      reason = "unclosed '{'";
      return false;
    }
    braces = true;
    forms_text = text.substr(brace + 1, end - brace - 1);
    // Some entries separate their forms with commas as well.
    for (char& c : forms_text)
      if (c == ',') c = ' ';
    text = text.substr(0, brace);
  }
  auto words_of = [](const std::string& phrase, int& head) {
    std::vector<std::string> words;
    head = 0;
    std::string spaced = phrase;
    for (char& c : spaced)
      if (c == '_') c = ' ';
    std::stringstream ss(spaced);
    std::string w;
    while (ss >> w) {
      if (w[0] == '+') {
        head = static_cast<int>(words.size());
        w = w.substr(1);
      }
      for (auto& part : petrarch_phrase_words(to_upper(w))) words.push_back(part);
    }
    return words;
  };
  int head = 0;
  auto base = words_of(trim(text), head);
  if (base.empty()) {
    reason = "verb line without a verb";
    return false;
  }
  if (head >= static_cast<int>(base.size())) head = 0;
  if (!code_body.empty()) {
    std::string reverse;
    if (!parse_event_code(code_body, verb.code, reverse, reason)) return false;
  }
  std::set<std::vector<std::string>> seen;
  auto add = [&](std::vector<std::string> words, int h) {
    if (words.empty() || !seen.insert(words).second) return;
    verb.forms.push_back(std::move(words));
    verb.head.push_back(h);
  };
  if (!braces || !trim(forms_text).empty()) {
    for (const auto& form : regular_verb_forms(base[head])) {
      auto words = base;
      words[head] = form;
      add(words, head);
    }
  } else {
    add(base, head);
  }
  std::stringstream ss(forms_text);
  std::string form;
  while (ss >> form) {
    // Some lists separate their forms with commas ("{+WAS_DETERMINED , +BE_DETERMINED}"): a
    // form without a letter is a separator, not a verb.
    if (std::none_of(form.begin(), form.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
      continue;
    int h = 0;
    auto words = words_of(form, h);
    if (h >= static_cast<int>(words.size())) h = 0;
    add(words, h);
  }
  return true;
}

void resolve_synsets(PetrarchVerbDictionary& dict) {
  // Members may name other synsets ("+&TIETYPES"): expand them, a few levels deep at most.
  for (int round = 0; round < 4; ++round) {
    bool changed = false;
    for (auto& [name, members] : dict.synsets) {
      std::vector<std::vector<std::string>> expanded;
      for (const auto& m : members) {
        if (m.size() == 1 && !m[0].empty() && m[0][0] == '&') {
          auto it = dict.synsets.find(m[0].substr(1));
          if (it != dict.synsets.end() && it->first != name) {
            for (const auto& inner : it->second) expanded.push_back(inner);
            changed = true;
            continue;
          }
        }
        expanded.push_back(m);
      }
      members = std::move(expanded);
    }
    if (!changed) break;
  }
}

}  // namespace

PetrarchVerbDictionary parse_petrarch_verbs(std::string_view content, const std::string& file) {
  PetrarchVerbDictionary dict;
  dict.file = file;
  enum class Mode { kNone, kSynset, kBlock } mode = Mode::kNone;
  std::string synset;
  std::vector<std::pair<std::string, int>> synset_lines;  // for unknown-synset reports
  LineWalker::next_lines(content, [&](int number, std::string_view raw) {
    std::string line = trim(strip_comment(raw));
    if (line.empty()) return;
    std::string reason;
    if (line.rfind("---", 0) == 0) {
      // "--- NAME [CODE] ---"
      std::string inner = trim(line.substr(3));
      if (inner.size() >= 3 && inner.compare(inner.size() - 3, 3, "---") == 0)
        inner = trim(inner.substr(0, inner.size() - 3));
      VerbBlock block;
      block.line = number;
      size_t open = inner.find('[');
      size_t close = open == std::string::npos ? std::string::npos : inner.find(']', open);
      block.name = to_upper(trim(inner.substr(0, open)));
      if (open == std::string::npos || close == std::string::npos ||
          !parse_event_code(inner.substr(open + 1, close - open - 1), block.code,
                            block.reverse_code, reason)) {
        dict.problems.push_back(where(file, number) +
                                (reason.empty() ? "verb block header without [code]" : reason));
        block.code = "---";
      }
      if (block.name.empty()) {
        dict.problems.push_back(where(file, number) + "verb block without a name");
      }
      dict.blocks.push_back(std::move(block));
      mode = Mode::kBlock;
      return;
    }
    if (line[0] == '&') {
      synset = to_upper(trim(line.substr(1)));
      while (!synset.empty() && synset.back() == '_') synset.pop_back();
      if (synset.empty()) {
        dict.problems.push_back(where(file, number) + "synset without a name");
        mode = Mode::kNone;
        return;
      }
      dict.synsets[synset];
      mode = Mode::kSynset;
      return;
    }
    if (mode == Mode::kSynset && line[0] == '+') {
      std::string member = to_upper(trim(line.substr(1)));
      if (!member.empty() && member[0] == '&') {
        std::string ref = member;
        while (!ref.empty() && ref.back() == '_') ref.pop_back();
        dict.synsets[synset].push_back({ref});
        return;
      }
      auto words = petrarch_phrase_words(member);
      if (words.empty()) {
        dict.problems.push_back(where(file, number) + "empty synset member");
        return;
      }
      dict.synsets[synset].push_back(std::move(words));
      return;
    }
    if (mode != Mode::kBlock || dict.blocks.empty()) {
      dict.problems.push_back(where(file, number) + "line outside a verb block or synset");
      return;
    }
    VerbBlock& block = dict.blocks.back();
    if (line[0] == '-') {
      VerbPattern pattern;
      pattern.line = number;
      std::string body = line.substr(1);
      size_t open = body.rfind('[');
      size_t close = open == std::string::npos ? std::string::npos : body.find(']', open);
      if (open == std::string::npos || close == std::string::npos) {
        dict.problems.push_back(where(file, number) + "pattern without [code]");
        return;
      }
      if (!parse_event_code(body.substr(open + 1, close - open - 1), pattern.code,
                            pattern.reverse_code, reason) ||
          !parse_pattern_text(body.substr(0, open), pattern.elements, reason)) {
        dict.problems.push_back(where(file, number) + reason);
        return;
      }
      for (const auto& e : pattern.elements)
        if (e.kind == PatternElement::Kind::kSynset) synset_lines.push_back({e.text, number});
      block.patterns.push_back(std::move(pattern));
      return;
    }
    VerbForm verb;
    verb.line = number;
    if (!parse_verb_line(line, verb, reason)) {
      dict.problems.push_back(where(file, number) + reason);
      return;
    }
    block.verbs.push_back(std::move(verb));
  });
  resolve_synsets(dict);
  for (const auto& [name, line] : synset_lines)
    if (!dict.synsets.count(name))
      dict.problems.push_back(where(file, line) + "unknown synset &" + name);
  return dict;
}

}  // namespace fissure
