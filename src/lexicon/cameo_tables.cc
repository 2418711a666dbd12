#include "fissure/lexicon/cameo_tables.h"

#include <cctype>
#include <charconv>

#include "fissure/lexicon/petrarch_dictionaries.h"
#include "petrarch_lines.h"

namespace fissure {

using namespace petrarch_detail;

namespace {

bool is_code(std::string_view s) {
  if (s.size() < 2 || s.size() > 4) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

template <typename F>
void for_lines(std::string_view content, F f) {
  size_t pos = 0;
  int number = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    std::string_view line = content.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(++number, line);
    pos = nl + 1;
  }
}

// The code itself, then its parents: "0874" → "0874", "087", "08".
std::vector<std::string> lineage(std::string_view code) {
  std::vector<std::string> out;
  std::string c(code);
  while (c.size() >= 2) {
    out.push_back(c);
    c.pop_back();
  }
  return out;
}

}  // namespace

CameoTables CameoTables::parse(std::string_view eventcodes, std::string_view goldstein,
                               std::string_view plover, std::vector<std::string>* problems) {
  CameoTables t;
  auto problem = [&](const char* file, int line, const std::string& reason) {
    if (problems) problems->push_back(where(file, line) + reason);
  };
  for_lines(eventcodes, [&](int n, std::string_view line) {
    if (n == 1 || trim(line).empty()) return;
    size_t tab = line.find('\t');
    std::string code = trim(line.substr(0, tab));
    if (tab == std::string_view::npos || !is_code(code))
      return problem("CAMEO.eventcodes.txt", n, "expected CODE<TAB>DESCRIPTION");
    t.descriptions_[code] = trim(line.substr(tab + 1));
  });
  for_lines(goldstein, [&](int n, std::string_view line) {
    if (n == 1 || trim(line).empty()) return;
    size_t tab = line.find('\t');
    std::string code = trim(line.substr(0, tab));
    std::string value = tab == std::string_view::npos ? "" : trim(line.substr(tab + 1));
    double v = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (!is_code(code) || value.empty() || ec != std::errc() ||
        ptr != value.data() + value.size() || v < -10 || v > 10)
      return problem("CAMEO.goldsteinscale.txt", n, "expected CODE<TAB>SCORE in [-10, 10]");
    t.goldstein_[code] = v;
  });
  for_lines(plover, [&](int n, std::string_view raw) {
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#') return;
    size_t hash = line.find('#');
    if (hash != std::string::npos) line = trim(line.substr(0, hash));
    size_t colon = line.find(':');
    std::string code = trim(line.substr(0, colon));
    if (colon == std::string::npos || !is_code(code))
      return problem("CAMEO2PLOVER-2021.txt", n, "expected CODE: EVENT, mode, context");
    std::vector<std::string> fields;
    std::string rest = line.substr(colon + 1);
    size_t start = 0;
    while (start <= rest.size()) {
      size_t comma = rest.find(',', start);
      if (comma == std::string::npos) comma = rest.size();
      fields.push_back(trim(rest.substr(start, comma - start)));
      start = comma + 1;
    }
    if (fields.empty() || fields[0].empty())
      return problem("CAMEO2PLOVER-2021.txt", n, "no PLOVER event");
    PloverMapping m{fields[0], fields.size() > 1 ? fields[1] : "",
                    fields.size() > 2 ? fields[2] : ""};
    t.plover_[code] = m;
  });
  return t;
}

Result<CameoTables> CameoTables::load(const std::string& cameo_dir, const std::string& plover_dir,
                                      std::vector<std::string>* problems) {
  auto codes = read_dictionary_file(cameo_dir + "/CAMEO.eventcodes.txt");
  if (!codes) return codes.status();
  auto scale = read_dictionary_file(cameo_dir + "/CAMEO.goldsteinscale.txt");
  if (!scale) return scale.status();
  std::string plover;
  if (!plover_dir.empty()) {
    auto p = read_dictionary_file(plover_dir + "/CAMEO2PLOVER-2021.txt");
    if (!p) return p.status();
    plover = std::move(*p);
  }
  return parse(*codes, *scale, plover, problems);
}

std::optional<std::string> CameoTables::description(std::string_view code) const {
  auto it = descriptions_.find(code);
  if (it == descriptions_.end()) return std::nullopt;
  return it->second;
}

std::optional<double> CameoTables::goldstein(std::string_view code) const {
  for (const auto& c : lineage(code)) {
    auto it = goldstein_.find(c);
    if (it != goldstein_.end()) return it->second;
  }
  return std::nullopt;
}

std::optional<PloverMapping> CameoTables::plover(std::string_view code) const {
  for (const auto& c : lineage(code)) {
    auto it = plover_.find(c);
    if (it != plover_.end()) return it->second;
  }
  return std::nullopt;
}

int CameoTables::quad_class(std::string_view code) {
  if (code.size() < 2 || !std::isdigit(static_cast<unsigned char>(code[0])) ||
      !std::isdigit(static_cast<unsigned char>(code[1])))
    return 0;
  int root = (code[0] - '0') * 10 + (code[1] - '0');
  if (root >= 1 && root <= 5) return 1;
  if (root >= 6 && root <= 8) return 2;
  if (root >= 9 && root <= 13) return 3;
  if (root >= 14 && root <= 20) return 4;
  return 0;
}

}  // namespace fissure
