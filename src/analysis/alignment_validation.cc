#include "fissure/analysis/alignment_validation.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "fissure/corpus/input_stream.h"
#include "fissure/util/messages.h"

namespace fissure {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Fields of one CSV line (RFC 4180 quoting; these files have no line breaks inside fields).
std::vector<std::string> split_csv_line(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

bool parse_int(std::string_view s, int* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Calls row(fields, line_number) for every data line of a gzip CSV whose header starts with
// the expected columns.
template <typename RowFn>
Status read_csv(const std::string& path, const std::vector<std::string>& expected,
                std::vector<std::string>* problems, RowFn row) {
  auto in = open_input(path);
  if (!in) return in.status();
  LineReader lines(**in, 1 << 20);
  std::string_view line;
  bool header = true;
  for (;;) {
    auto outcome = lines.next(&line);
    if (outcome == LineReader::Outcome::kEnd) break;
    if (outcome == LineReader::Outcome::kError) return lines.status().with_context(path);
    if (outcome == LineReader::Outcome::kTooLong) {
      problems->push_back(located_message(path, lines.line_number(), "line too long, skipped"));
      continue;
    }
    auto fields = split_csv_line(line);
    if (header) {
      header = false;
      for (size_t i = 0; i < expected.size(); ++i)
        if (i >= fields.size() || fields[i] != expected[i])
          return Status::invalid(path + ": expected the columns to begin with " + expected[i] +
                                 " in place " + std::to_string(i + 1));
      continue;
    }
    if (fields.size() < expected.size()) {
      problems->push_back(located_message(path, lines.line_number(), "too few fields, skipped"));
      continue;
    }
    row(fields, lines.line_number());
  }
  return Status::ok();
}

// Mid-ranks (1-based), ties sharing the mean of their ranks.
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double mid = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
    for (size_t k = i; k <= j; ++k) r[order[k]] = mid;
    i = j + 1;
  }
  return r;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  if (n < 3) return kNaN;
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n,
               my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxx = 0, syy = 0, sxy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (sxx <= 0 || syy <= 0) return kNaN;
  return sxy / std::sqrt(sxx * syy);
}

}  // namespace

Result<UnVotes> UnVotes::load(const std::string& folder, VoteYear year_of,
                              std::vector<std::string>* problems) {
  const std::string calls_path = folder + "/un_roll_calls.csv.gz",
                    votes_path = folder + "/un_votes.csv.gz";
  for (const auto& p : {calls_path, votes_path})
    if (!std::filesystem::exists(p))
      return Status::not_found(p + ": no such file (expected the unvotes data)");

  std::unordered_map<int, int> year_of_call;
  FISSURE_RETURN_IF_ERROR(
      read_csv(calls_path, {"rcid", "session", "importantvote", "date"}, problems,
               [&](const std::vector<std::string>& f, size_t line) {
                 int rcid = 0, session = 0, year = 0;
                 if (!parse_int(f[0], &rcid) || !parse_int(f[1], &session) || f[3].size() < 4 ||
                     !parse_int(std::string_view(f[3]).substr(0, 4), &year)) {
                   problems->push_back(
                       located_message(calls_path, line, "bad rcid, session or date, skipped"));
                   return;
                 }
                 year_of_call[rcid] = year_of == VoteYear::kSession ? session + 1945 : year;
               }));

  struct Row {
    int rcid;
    std::string iso3;
    uint8_t vote;
  };
  std::vector<Row> rows;
  FISSURE_RETURN_IF_ERROR(read_csv(
      votes_path, {"rcid", "country", "country_code", "iso3", "vote"}, problems,
      [&](const std::vector<std::string>& f, size_t line) {
        int rcid = 0;
        const std::string& v = f[4];
        const uint8_t vote = v == "yes" ? 1 : v == "abstain" ? 2 : v == "no" ? 3 : 0;
        if (!parse_int(f[0], &rcid) || vote == 0) {
          problems->push_back(located_message(votes_path, line, "bad rcid or vote, skipped"));
          return;
        }
        if (f[3].empty()) return;  // no ISO3 (Zanzibar 1964): cannot meet a speaker
        rows.push_back({rcid, f[3], vote});
      }));

  UnVotes out;
  for (const auto& r : rows) out.countries_.push_back(r.iso3);
  std::sort(out.countries_.begin(), out.countries_.end());
  out.countries_.erase(std::unique(out.countries_.begin(), out.countries_.end()),
                       out.countries_.end());
  std::unordered_map<std::string, size_t> country_index;
  for (size_t i = 0; i < out.countries_.size(); ++i) country_index[out.countries_[i]] = i;
  // One row per roll call within its year.
  std::unordered_map<int, std::pair<int, size_t>> call_row;
  for (const auto& r : rows) {
    auto y = year_of_call.find(r.rcid);
    if (y == year_of_call.end()) continue;  // a vote on an unknown roll call
    auto [it, fresh] = call_row.try_emplace(r.rcid, y->second, 0);
    auto& year_rows = out.votes_[y->second];
    if (fresh) {
      it->second.second = year_rows.size();
      year_rows.emplace_back(out.countries_.size(), 0);
    }
    year_rows[it->second.second][country_index[r.iso3]] = r.vote;
  }
  return out;
}

std::vector<int> UnVotes::years() const {
  std::vector<int> out;
  for (const auto& [year, calls] : votes_) out.push_back(year);
  return out;
}

int UnVotes::roll_calls(int year) const {
  auto it = votes_.find(year);
  return it == votes_.end() ? 0 : static_cast<int>(it->second.size());
}

std::vector<VotingAgreement> UnVotes::agreement(int year, int min_common) const {
  std::vector<VotingAgreement> out;
  auto it = votes_.find(year);
  if (it == votes_.end()) return out;
  const auto& calls = it->second;
  const size_t n = countries_.size();
  for (size_t a = 0; a < n; ++a)
    for (size_t b = a + 1; b < n; ++b) {
      int32_t common = 0, same = 0;
      for (const auto& call : calls) {
        if (!call[a] || !call[b]) continue;
        ++common;
        same += call[a] == call[b];
      }
      if (common > 0 && common >= min_common)
        out.push_back({countries_[a], countries_[b], static_cast<double>(same) / common, common});
    }
  return out;
}

Correlation correlate(const std::vector<double>& x, const std::vector<double>& y) {
  Correlation c;
  c.n = static_cast<int64_t>(std::min(x.size(), y.size()));
  std::vector<double> xs(x.begin(), x.begin() + c.n), ys(y.begin(), y.begin() + c.n);
  c.pearson = pearson(xs, ys);
  c.spearman = c.n < 3 ? kNaN : pearson(ranks(xs), ranks(ys));
  c.pearson_ci_low = c.pearson_ci_high = kNaN;
  if (c.n >= 4 && !std::isnan(c.pearson)) {
    const double z = std::atanh(std::clamp(c.pearson, -0.999999, 0.999999));
    const double half = 1.959964 / std::sqrt(static_cast<double>(c.n - 3));
    c.pearson_ci_low = std::tanh(z - half);
    c.pearson_ci_high = std::tanh(z + half);
  }
  return c;
}

}  // namespace fissure
