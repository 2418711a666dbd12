// Validation of text alignment against UN General Assembly roll-call votes (Voeten's data as the
// R package unvotes ships it, gzip CSV): per-year voting agreement between country pairs, and
// Pearson and Spearman correlations between two measures over the pairs. Part of the analysis
// layer; the method is in docs/alignment.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fissure/util/status.h"

namespace fissure {

// How a roll call is given a year: by its session (session + 1945, the year whose General Debate
// opened it: the votes of session 74 fall in late 2019 and early 2020 and answer the speeches of
// September 2019), or by the calendar year of its date.
enum class VoteYear { kSession, kDate };

struct VotingAgreement {
  std::string a, b;      // ISO3 codes, a < b
  double agreement = 0;  // share of the roll calls both voted in where they voted alike
  int32_t common = 0;    // roll calls both voted in (yes, no or abstain)
};

class UnVotes {
 public:
  // Reads un_votes.csv.gz (rcid, country, country_code, iso3, vote) and un_roll_calls.csv.gz
  // (rcid, session, importantvote, date, ...) from folder. Malformed rows are skipped and
  // reported in *problems as "FILE:LINE: reason"; a missing file is an error.
  static Result<UnVotes> load(const std::string& folder, VoteYear year_of,
                              std::vector<std::string>* problems);

  // Years with at least one roll call that has votes.
  std::vector<int> years() const;
  int roll_calls(int year) const;
  // Every pair of countries that voted in at least min_common of the year's roll calls together.
  // Votes are identical or not (yes, no, abstain are three distinct positions; absence is not in
  // the data and not counted).
  std::vector<VotingAgreement> agreement(int year, int min_common) const;

 private:
  std::vector<std::string> countries_;  // sorted ISO3 codes
  // Per year: one row per roll call, one byte per country (0 absent, 1 yes, 2 abstain, 3 no).
  std::map<int, std::vector<std::vector<uint8_t>>> votes_;
};

struct Correlation {
  int64_t n = 0;
  double pearson = 0, spearman = 0;                // NaN when n < 3 or a side does not vary
  double pearson_ci_low = 0, pearson_ci_high = 0;  // 95%, Fisher z (NaN when n < 4)
};

// Pearson's r and Spearman's rho (Pearson of mid-ranks, ties averaged) of paired values.
Correlation correlate(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace fissure
