// Request parameters for the HTTP API, by name, with typed reads that name the parameter that is
// wrong. The names are the CLI's flag names with dashes as underscores (--tone-min → tone_min),
// so a command line and a URL say the same thing. Part of the api layer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/analysis/dyad.h"
#include "fissure/store/search.h"
#include "fissure/util/status.h"

namespace fissure::api {

class Params {
 public:
  Params() = default;
  explicit Params(std::multimap<std::string, std::string> values) : values_(std::move(values)) {}

  bool has(std::string_view name) const { return values_.count(std::string(name)) > 0; }
  // The last value given for name, or fallback.
  std::string text(std::string_view name, std::string fallback = "") const;
  // Every value given for name, in order (repeatable parameters such as kind).
  std::vector<std::string> all(std::string_view name) const;
  Result<int> integer(std::string_view name, int fallback, int min, int max) const;
  Result<std::optional<double>> number(std::string_view name, double min, double max) const;
  // 1, true, yes, on / 0, false, no, off; absent is fallback.
  Result<bool> flag(std::string_view name, bool fallback = false) const;
  // kInvalidInput naming the first parameter not in `known` (typos should not pass silently),
  // and for any value that is not valid UTF-8 or longer than max_bytes.
  Status check(const std::vector<std::string_view>& known, size_t max_bytes = 4096) const;
  // name=value&... in name order: the same request however its parameters were ordered.
  std::string canonical() const;

 private:
  std::multimap<std::string, std::string> values_;
};

// The pair flags shared by dyad, cracks, report and the API: codes, period length, dates, domain.
struct PairRequest {
  std::string a, b, by = "year", from, to, domain;
  int min_sentences = 10;
  bool any_outlet = false;
  uint64_t seed = 20240101;
};
// Checks the request (codes upper-cased, dates valid) and turns it into DyadOptions. Messages
// name a bad value as `prefix` + its name: "--from" for the CLI, "from" for the API.
Result<analysis::DyadOptions> make_dyad_options(const PairRequest& request,
                                                std::string_view prefix = "");

// The search and kwic filters of a request (country, source, from, to, actor, speaker, domain,
// tone_min, tone_max, collapse_duplicates).
Result<SearchFilters> search_filters(const Params& params);
extern const std::vector<std::string_view> kFilterParams;

}  // namespace fissure::api
