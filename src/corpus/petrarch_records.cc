#include "fissure/corpus/petrarch_records.h"

#include <algorithm>
#include <cctype>

#include "fissure/util/messages.h"

namespace fissure {
namespace {

bool ieq_prefix(std::string_view s, size_t at, std::string_view prefix) {
  if (at + prefix.size() > s.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[at + i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

// Position of the next "<name" followed by a space, '/' or '>' (case-insensitive), or npos.
size_t find_tag(std::string_view s, std::string_view name, size_t from) {
  for (size_t i = s.find('<', from); i != std::string_view::npos; i = s.find('<', i + 1)) {
    if (!ieq_prefix(s, i + 1, name)) continue;
    size_t after = i + 1 + name.size();
    if (after >= s.size()) return std::string_view::npos;
    char c = s[after];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '>' || c == '/') return i;
  }
  return std::string_view::npos;
}

size_t find_ci(std::string_view s, std::string_view what, size_t from) {
  for (size_t i = from; i + what.size() <= s.size(); ++i)
    if (ieq_prefix(s, i, what)) return i;
  return std::string_view::npos;
}

std::string decode_entities(std::string_view s) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    bool done = false;
    if (s[i] == '&') {
      for (const auto& [name, c] : kEntities) {
        if (s.substr(i, name.size()) == name) {
          out += c;
          i += name.size() - 1;
          done = true;
          break;
        }
      }
    }
    if (!done) out += s[i];
  }
  return out;
}

std::string fold_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string remove_comments(std::string_view s) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t open = s.find("<!--", pos);
    if (open == std::string_view::npos) {
      out.append(s.substr(pos));
      break;
    }
    out.append(s.substr(pos, open - pos));
    size_t close = s.find("-->", open + 4);
    if (close != std::string_view::npos) {
      pos = close + 3;
      continue;
    }
    // An unclosed comment ("<!--EventCoding noevents = ...>") hides only its own tag.
    size_t tag_end = s.find('>', open + 4);
    if (tag_end == std::string_view::npos) break;
    pos = tag_end + 1;
  }
  return out;
}

// name="value", name = 'value', name=value; keys lower-cased. Quotes of either kind, including
// typographic ones, are stripped from the value.
std::map<std::string, std::string> attributes(std::string_view tag) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i < tag.size()) {
    while (i < tag.size() && !std::isalpha(static_cast<unsigned char>(tag[i]))) ++i;
    size_t k = i;
    while (i < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[i])) || tag[i] == '_'))
      ++i;
    std::string key(tag.substr(k, i - k));
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    std::string value;
    if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
      char q = tag[i++];
      size_t end = tag.find(q, i);
      if (end == std::string_view::npos) end = tag.size();
      value = std::string(tag.substr(i, end - i));
      i = end + 1;
    } else {
      size_t v = i;
      while (i < tag.size() && !std::isspace(static_cast<unsigned char>(tag[i])) && tag[i] != '>' &&
             tag[i] != '/')
        ++i;
      value = std::string(tag.substr(v, i - v));
    }
    // Values quoted twice ('"INJURY TOLL"') or with typographic quotes keep only the text.
    while (!value.empty() && (value.front() == '"' || value.front() == '\'')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '"' || value.back() == '\'')) value.pop_back();
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!key.empty()) out[key] = decode_entities(value);
  }
  return out;
}

int line_of(std::string_view s, size_t pos) {
  return 1 +
         static_cast<int>(std::count(
             s.begin(), s.begin() + static_cast<std::ptrdiff_t>(std::min(pos, s.size())), '\n'));
}

std::string where(const std::string& file, int line) {
  return located_message(file, static_cast<size_t>(line), "");
}

void read_environment(std::string_view content, PetrarchRecordSet& set) {
  size_t env = find_tag(content, "Environment", 0);
  if (env == std::string_view::npos) return;
  size_t end = find_ci(content, "</Environment", env);
  std::string_view block = content.substr(env, end == std::string_view::npos ? 2000 : end - env);
  for (const char* key :
       {"Verbfile", "Actorfile", "Agentfile", "Discardfile", "Issuefile", "Errorfile"}) {
    size_t tag = find_tag(block, key, 0);
    if (tag == std::string_view::npos) continue;
    size_t close = block.find('>', tag);
    if (close == std::string_view::npos) continue;
    auto attrs = attributes(block.substr(tag + 1 + std::string_view(key).size(),
                                         close - tag - 1 - std::string_view(key).size()));
    std::string value;
    if (attrs.count("name")) {
      value = attrs["name"];
    } else {
      size_t stop = block.find('<', close + 1);
      value = fold_space(block.substr(
          close + 1, (stop == std::string_view::npos ? block.size() : stop) - close - 1));
    }
    // Typographic quotes around the name (“...") are not part of it.
    while (!value.empty() && static_cast<unsigned char>(value.front()) >= 0x80) value.erase(0, 1);
    if (!value.empty()) set.environment[key] = value;
  }
}

}  // namespace

PetrarchRecordSet parse_petrarch_records(std::string_view content, const std::string& file) {
  PetrarchRecordSet set;
  read_environment(content, set);
  size_t pos = 0;
  while ((pos = find_tag(content, "Sentence", pos)) != std::string_view::npos) {
    size_t tag_end = content.find('>', pos);
    if (tag_end == std::string_view::npos) {
      set.problems.push_back(where(file, line_of(content, pos)) + "unclosed <Sentence> tag");
      break;
    }
    size_t next = find_tag(content, "Sentence", tag_end);
    size_t close = find_ci(content, "</Sentence", tag_end);
    size_t body_end = std::min(close == std::string_view::npos ? content.size() : close,
                               next == std::string_view::npos ? content.size() : next);
    PetrarchRecord rec;
    rec.line = line_of(content, pos);
    auto attrs = attributes(content.substr(pos + 9, tag_end - pos - 9));
    rec.id = attrs["id"];
    rec.date = attrs["date"];
    rec.category = attrs["category"];
    std::string body = remove_comments(content.substr(tag_end + 1, body_end - tag_end - 1));
    size_t text = find_tag(body, "Text", 0);
    size_t text_end = text == std::string::npos ? std::string::npos : find_ci(body, "</Text", text);
    size_t text_begin = std::string::npos;
    if (text != std::string::npos && text_end != std::string::npos) {
      size_t open_end = body.find('>', text);
      if (open_end != std::string::npos && open_end < text_end) text_begin = open_end + 1;
    } else if (text == std::string::npos &&
               (text_end = find_ci(body, "</Text", 0)) != std::string::npos) {
      // "<Text>" itself is missing: the text runs from the end of the markup before "</Text>".
      size_t markup_end = body.rfind('>', text_end);
      text_begin = markup_end == std::string::npos ? 0 : markup_end + 1;
      set.problems.push_back(where(file, rec.line) + "record " + rec.id +
                             " lacks the <Text> tag; text read up to </Text>");
    }
    if (text_begin == std::string::npos || text_end == std::string::npos) {
      set.problems.push_back(where(file, rec.line) + "record " +
                             (rec.id.empty() ? "without id" : rec.id) + " has no <Text>");
      ++set.skipped;
      pos = body_end;
      continue;
    }
    rec.text = fold_space(decode_entities(body.substr(text_begin, text_end - text_begin)));
    for (size_t c = find_tag(body, "EventCoding", 0); c != std::string::npos;
         c = find_tag(body, "EventCoding", c + 1)) {
      size_t c_end = body.find('>', c);
      if (c_end == std::string::npos) break;
      auto ca = attributes(std::string_view(body).substr(c + 12, c_end - c - 12));
      if (ca.count("noevents")) {
        rec.no_events = true;
      } else if (ca.count("error")) {
        rec.no_events = true;
        rec.error = ca["error"];
      } else if (ca.count("eventcode")) {
        rec.codings.push_back({ca["sourcecode"], ca["targetcode"], ca["eventcode"]});
      } else {
        set.problems.push_back(where(file, rec.line) + "EventCoding without eventcode in " +
                               rec.id);
      }
    }
    set.records.push_back(std::move(rec));
    pos = body_end;
  }
  return set;
}

}  // namespace fissure
