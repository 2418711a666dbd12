#include "fissure/api/params.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "fissure/corpus/date.h"
#include "fissure/corpus/record_check.h"

namespace fissure::api {

const std::vector<std::string_view> kFilterParams = {
    "country", "source", "from",     "to",       "actor",
    "speaker", "domain", "tone_min", "tone_max", "collapse_duplicates"};

std::string Params::text(std::string_view name, std::string fallback) const {
  auto [first, last] = values_.equal_range(std::string(name));
  if (first == last) return fallback;
  return std::prev(last)->second;
}

std::vector<std::string> Params::all(std::string_view name) const {
  std::vector<std::string> out;
  auto [first, last] = values_.equal_range(std::string(name));
  for (auto it = first; it != last; ++it) out.push_back(it->second);
  return out;
}

Result<int> Params::integer(std::string_view name, int fallback, int min, int max) const {
  std::string v = text(name);
  if (v.empty()) return fallback;
  int out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size() || out < min || out > max)
    return Status::invalid("parameter " + std::string(name) + "=" + v +
                           ": want a whole number from " + std::to_string(min) + " to " +
                           std::to_string(max));
  return out;
}

Result<std::optional<double>> Params::number(std::string_view name, double min, double max) const {
  std::string v = text(name);
  if (v.empty()) return std::optional<double>();
  char* end = nullptr;
  double out = std::strtod(v.c_str(), &end);
  if (end != v.c_str() + v.size() || !std::isfinite(out) || out < min || out > max)
    return Status::invalid("parameter " + std::string(name) + "=" + v + ": want a number from " +
                           std::to_string(min) + " to " + std::to_string(max));
  return std::optional<double>(out);
}

Result<bool> Params::flag(std::string_view name, bool fallback) const {
  if (!has(name)) return fallback;
  std::string v = text(name);
  std::transform(v.begin(), v.end(), v.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (v == "1" || v == "true" || v == "yes" || v == "on" || v.empty()) return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  return Status::invalid("parameter " + std::string(name) + "=" + v + ": want 1 or 0");
}

Status Params::check(const std::vector<std::string_view>& known, size_t max_bytes) const {
  for (const auto& [name, value] : values_) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      if (find_invalid_utf8(name) != std::string_view::npos)
        return Status::invalid("a parameter name is not valid UTF-8");
      return Status::invalid("unknown parameter \"" + name.substr(0, 64) + "\" (known: " + list +
                             ")");
    }
    if (find_invalid_utf8(value) != std::string_view::npos)
      return Status::invalid("parameter " + name + " is not valid UTF-8");
    if (value.size() > max_bytes)
      return Status::invalid("parameter " + name + " is " + std::to_string(value.size()) +
                             " bytes long; at most " + std::to_string(max_bytes));
  }
  return Status::ok();
}

std::string Params::canonical() const {
  std::string out;
  for (const auto& [name, value] : values_) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

Result<analysis::DyadOptions> make_dyad_options(const PairRequest& r, std::string_view prefix) {
  analysis::DyadOptions o;
  auto upper = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
  };
  o.a = upper(r.a);
  o.b = upper(r.b);
  auto by = analysis::parse_resolution(r.by);
  if (!by) return by.status();
  o.resolution = *by;
  for (const auto& [name, value] : {std::pair{"from", &r.from}, std::pair{"to", &r.to}})
    if (!value->empty())
      if (auto d = parse_iso_date(*value); !d)
        return Status::invalid(std::string(prefix) + name + " " + *value + ": " +
                               d.status().message());
  o.scope = {r.from, r.to, r.domain, !r.any_outlet};
  o.min_sentences = r.min_sentences;
  o.seed = r.seed;
  return o;
}

Result<SearchFilters> search_filters(const Params& p) {
  SearchFilters f;
  f.country = p.text("country");
  f.source = p.text("source");
  f.from = p.text("from");
  f.to = p.text("to");
  f.actor = p.text("actor");
  f.speaker = p.text("speaker");
  f.domain = p.text("domain");
  auto collapse = p.flag("collapse_duplicates");
  if (!collapse) return collapse.status();
  f.collapse_duplicates = *collapse;
  auto tone_min = p.number("tone_min", -1, 1);
  if (!tone_min) return tone_min.status();
  auto tone_max = p.number("tone_max", -1, 1);
  if (!tone_max) return tone_max.status();
  f.tone_min = *tone_min;
  f.tone_max = *tone_max;
  return f;
}

}  // namespace fissure::api
