// Actor, agent and discard dictionaries of PETRARCH/TABARI.
#include <cctype>
#include <fstream>
#include <sstream>

#include "fissure/util/messages.h"
#include "fissure/lexicon/petrarch_dictionaries.h"
#include "fissure/lexicon/petrarch_tokens.h"
#include "petrarch_lines.h"

namespace fissure {

DateNumber parse_dictionary_date(std::string_view digits) {
  if (digits.size() != 6 && digits.size() != 8) return 0;
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    value = value * 10 + (c - '0');
  }
  if (digits.size() == 6) value += (value / 10000 >= 30 ? 19000000 : 20000000);
  int month = value / 100 % 100, day = value % 100;
  if (month < 1 || month > 12 || day < 1 || day > 31) return 0;
  return value;
}

std::vector<std::string> PetrarchActor::codes_on(DateNumber date) const {
  const DatedActorCode* chosen = nullptr;
  if (date != 0) {
    for (const auto& c : codes) {
      if (!c.restricted) continue;
      if (c.from != 0 && date < c.from) continue;
      if (c.until != 0 && date >= c.until) continue;
      chosen = &c;
      break;
    }
  }
  if (!chosen) {
    for (const auto& c : codes)
      if (!c.restricted) {
        chosen = &c;
        break;
      }
  }
  if (!chosen && date == 0 && !codes.empty()) chosen = &codes.front();
  std::vector<std::string> out;
  if (!chosen) return out;
  size_t start = 0;
  const std::string& s = chosen->code;
  while (start <= s.size()) {
    size_t slash = s.find('/', start);
    if (slash == std::string::npos) slash = s.size();
    if (slash > start) out.push_back(s.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

namespace petrarch_detail {

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string strip_comment(std::string_view line) {
  int depth = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '[') ++depth;
    if (line[i] == ']' && depth > 0) --depth;
    if (line[i] == '#' && depth == 0) return std::string(line.substr(0, i));
  }
  return std::string(line);
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string where(const std::string& file, int line) {
  return located_message(file, static_cast<size_t>(line), "");
}

void LineWalker::next_lines(std::string_view content,
                            const std::function<void(int, std::string_view)>& f) {
  size_t pos = 0;
  int number = 0;
  bool in_markup = false;
  while (pos <= content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    std::string_view line = content.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    pos = nl + 1;
    std::string t = trim(line);
    if (in_markup) {
      if (t.find("-->") != std::string::npos || (!t.empty() && t.back() == '>')) in_markup = false;
      continue;
    }
    if (!t.empty() && t[0] == '<') {
      // XML-style comments and markup: "<!-- ... -->", possibly over several lines.
      bool closed =
          t.find("-->") != std::string::npos || (t.back() == '>' && t.rfind("<!--", 0) != 0);
      if (!closed) in_markup = true;
      continue;
    }
    f(number, line);
    if (nl == content.size()) break;
  }
}

}  // namespace petrarch_detail

using namespace petrarch_detail;

namespace {

bool valid_code(const std::string& code) {
  if (code == "---") return true;
  if (code.empty()) return false;
  for (char c : code)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/') return false;
  return true;
}

// "[HOBGOV 19950601 - 19990815]" → one code; false with a reason when malformed.
bool parse_code_block(std::string body, DatedActorCode& out, std::string& reason) {
  body = trim(body);
  size_t space = body.find_first_of(" \t<>");
  std::string code = to_upper(trim(body.substr(0, space)));
  std::string rest = space == std::string::npos ? "" : trim(body.substr(space));
  if (!valid_code(code)) {
    reason = "bad actor code '" + code + "'";
    return false;
  }
  out.code = code;
  if (rest.empty()) return true;
  out.restricted = true;
  std::string compact;
  for (char c : rest)
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  auto date = [&](std::string_view d, DateNumber& v) {
    v = parse_dictionary_date(d);
    if (v == 0) reason = "bad date '" + std::string(d) + "' in code [" + body + "]";
    return v != 0;
  };
  if (compact[0] == '<') return date(std::string_view(compact).substr(1), out.until);
  if (compact[0] == '>') return date(std::string_view(compact).substr(1), out.from);
  size_t dash = compact.find('-');
  if (dash == std::string::npos) {
    reason = "bad date restriction in code [" + body + "]";
    return false;
  }
  if (!date(std::string_view(compact).substr(0, dash), out.from)) return false;
  if (!date(std::string_view(compact).substr(dash + 1), out.until)) return false;
  // Ranges name their last day: make it exclusive.
  out.until += 1;
  return true;
}

// Splits "NAME [CODE] [CODE2 ...]" into the name and the bracket bodies.
bool split_codes(const std::string& text, std::string& name, std::vector<std::string>& bodies,
                 std::string& reason) {
  size_t open = text.find('[');
  name = trim(text.substr(0, open));
  while (open != std::string::npos) {
    size_t close = text.find(']', open);
    if (close == std::string::npos) {
      reason = "unclosed '['";
      return false;
    }
    bodies.push_back(text.substr(open + 1, close - open - 1));
    open = text.find('[', close);
  }
  return true;
}

void add_phrase(std::vector<std::vector<std::string>>& phrases, const std::string& name) {
  auto words = petrarch_phrase_words(name);
  if (!words.empty()) phrases.push_back(std::move(words));
}

}  // namespace

void parse_petrarch_actors(std::string_view content, const std::string& file,
                           PetrarchActorDictionaries& into) {
  int file_index = static_cast<int>(into.actor_files.size());
  into.actor_files.push_back(file);
  PetrarchActor current;
  bool have_current = false;
  bool current_has_codes = false;
  auto flush = [&] {
    if (have_current && current_has_codes && !current.phrases.empty()) {
      into.actors.push_back(std::move(current));
      into.actor_file_of.push_back(file_index);
    }
    current = PetrarchActor{};
    have_current = false;
    current_has_codes = false;
  };
  LineWalker::next_lines(content, [&](int number, std::string_view raw) {
    std::string line = trim(strip_comment(raw));
    if (line.empty()) return;
    std::string name, reason;
    std::vector<std::string> bodies;
    bool synonym = line[0] == '+';
    if (!split_codes(synonym ? line.substr(1) : line, name, bodies, reason)) {
      into.problems.push_back(where(file, number) + reason);
      return;
    }
    if (!synonym && !name.empty()) {
      // A new name. A name without codes before it continues into the next entry.
      if (have_current && current_has_codes) flush();
      if (!have_current) {
        have_current = true;
        current.line = number;
      }
    }
    if (!have_current) {
      into.problems.push_back(where(file, number) +
                              (synonym ? "synonym before any actor" : "code before any actor"));
      return;
    }
    if (!name.empty()) add_phrase(current.phrases, name);
    for (const auto& body : bodies) {
      DatedActorCode code;
      if (!parse_code_block(body, code, reason)) {
        into.problems.push_back(where(file, number) + reason);
        continue;
      }
      current.codes.push_back(code);
      current_has_codes = true;
    }
  });
  if (have_current && !current_has_codes)
    into.problems.push_back(where(file, current.line) + "actor without a code");
  flush();
}

namespace {

std::vector<std::string> plural_forms(const std::vector<std::string>& words) {
  std::vector<std::string> out = words;
  std::string& last = out.back();
  auto ends = [&](std::string_view s) {
    return last.size() >= s.size() && last.compare(last.size() - s.size(), s.size(), s) == 0;
  };
  if (ends("MAN")) {
    last.replace(last.size() - 3, 3, "MEN");
  } else if (ends("Y") && last.size() > 1 &&
             std::string_view("AEIOU").find(last[last.size() - 2]) == std::string_view::npos) {
    last.replace(last.size() - 1, 1, "IES");
  } else if (ends("S") || ends("SH") || ends("CH") || ends("X") || ends("Z")) {
    last += "ES";
  } else {
    last += "S";
  }
  return out;
}

// "!PERSON! = MAN, MEN" lines define substitutions used inside agent names.
using Substitutions = std::map<std::string, std::vector<std::string>>;

std::vector<std::string> expand_substitutions(const std::string& name, const Substitutions& subs) {
  size_t a = name.find('!');
  if (a == std::string::npos) return {name};
  size_t b = name.find('!', a + 1);
  if (b == std::string::npos) return {};
  auto it = subs.find(name.substr(a, b - a + 1));
  if (it == subs.end()) return {};
  std::vector<std::string> out;
  for (const auto& value : it->second) {
    for (auto& rest : expand_substitutions(name.substr(b + 1), subs))
      out.push_back(name.substr(0, a) + value + rest);
  }
  return out;
}

}  // namespace

void parse_petrarch_agents(std::string_view content, const std::string& file,
                           PetrarchActorDictionaries& into) {
  int file_index = static_cast<int>(into.agent_files.size());
  into.agent_files.push_back(file);
  Substitutions subs;
  LineWalker::next_lines(content, [&](int number, std::string_view raw) {
    std::string line = trim(strip_comment(raw));
    if (line.empty()) return;
    if (line[0] == '!' && line.find('=') != std::string::npos) {
      size_t eq = line.find('=');
      size_t close = line.find('!', 1);
      if (eq == std::string::npos || close == std::string::npos || close > eq) {
        into.problems.push_back(where(file, number) + "bad substitution line");
        return;
      }
      std::string key = to_upper(line.substr(0, close + 1));
      std::vector<std::string> values;
      std::stringstream ss(line.substr(eq + 1));
      std::string item;
      while (std::getline(ss, item, ',')) {
        item = to_upper(trim(item));
        if (!item.empty()) values.push_back(item);
      }
      subs[key] = values;
      return;
    }
    size_t open = line.find('[');
    size_t close = open == std::string::npos ? std::string::npos : line.find(']', open);
    if (open == std::string::npos || close == std::string::npos) {
      into.problems.push_back(where(file, number) + "agent without a [code]");
      return;
    }
    std::string code = trim(line.substr(open + 1, close - open - 1));
    std::string head = trim(line.substr(0, open));
    PetrarchAgent agent;
    agent.line = number;
    if (!code.empty() && code.front() == '~') {
      agent.code = to_upper(trim(code.substr(1)));
    } else if (!code.empty() && code.back() == '~') {
      agent.code = to_upper(trim(code.substr(0, code.size() - 1)));
      agent.prefix = true;
    } else {
      into.problems.push_back(where(file, number) + "agent code without '~': [" + code + "]");
      return;
    }
    if (agent.code.empty() || !valid_code(agent.code)) {
      into.problems.push_back(where(file, number) + "bad agent code [" + code + "]");
      return;
    }
    // "NAME {PLURAL ...}": explicit plurals; "{}" means the name has none.
    std::string name = head, plurals;
    bool braces = false;
    size_t brace = head.find('{');
    if (brace != std::string::npos) {
      size_t end = head.find('}', brace);
      if (end == std::string::npos) {
        into.problems.push_back(where(file, number) + "unclosed '{'");
        return;
      }
      braces = true;
      name = trim(head.substr(0, brace));
      plurals = head.substr(brace + 1, end - brace - 1);
    }
    auto names = expand_substitutions(to_upper(name), subs);
    if (names.empty() || name.empty()) {
      into.problems.push_back(where(file, number) + "bad agent name '" + name + "'");
      return;
    }
    for (const auto& n : names) {
      auto words = petrarch_phrase_words(n);
      if (words.empty()) continue;
      if (!braces && n.find('!') == std::string::npos && name.find('!') == std::string::npos) {
        agent.phrases.push_back(plural_forms(words));
      }
      agent.phrases.push_back(std::move(words));
    }
    std::stringstream ss(plurals);
    std::string p;
    while (ss >> p) add_phrase(agent.phrases, to_upper(p));
    into.agents.push_back(std::move(agent));
    into.agent_file_of.push_back(file_index);
  });
}

void parse_petrarch_discards(std::string_view content, const std::string& file,
                             PetrarchActorDictionaries& into) {
  into.discard_files.push_back(file);
  LineWalker::next_lines(content, [&](int number, std::string_view raw) {
    std::string line = trim(strip_comment(raw));
    if (line.empty()) return;
    PetrarchDiscard d;
    d.line = number;
    if (line[0] == '+') {
      d.whole_story = true;
      line = trim(line.substr(1));
    }
    d.words = petrarch_phrase_words(to_upper(line));
    if (d.words.empty()) {
      into.problems.push_back(where(file, number) + "empty discard phrase");
      return;
    }
    into.discards.push_back(std::move(d));
  });
}

Result<std::string> read_dictionary_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::io_error(path + ": read failed");
  return ss.str();
}

}  // namespace fissure
