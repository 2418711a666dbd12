// Pieces the signal files share: tone clusters by document, family-wise intervals, choosing
// evidence sentences. Private to src/analysis/.
#pragma once

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "fissure/analysis/findings.h"
#include "fissure/analysis/statistics.h"

namespace fissure::analysis {

using SentencePredicate = std::function<bool(const VoiceSentence&)>;

// The scored sentences that satisfy `keep`, grouped by document.
std::vector<Cluster> tone_clusters(const VoiceData& voice, const SentencePredicate& keep);

// Sentences in one period of the resolution, or in the whole window (kWholeWindow: every
// sentence, undated ones included).
constexpr int kWholeWindow = std::numeric_limits<int>::min();
SentencePredicate in_period(Resolution r, int period);

// Periods in which both voices have a scored sentence (`domains`: a sentence with a domain).
// Whole-window tests use only these, so that one side's early years are not weighed against the
// other's late ones.
std::set<int> shared_periods(const VoiceData& a, const VoiceData& b, Resolution r,
                             bool domains = false);
SentencePredicate in_periods(Resolution r, std::set<int> periods);
// The whole record of both directions, "IRN 2016..2023, PRK 1997..2024": the spans of dated
// sentences each side has about the other. The record-wide tests of reciprocity and agenda use
// it; the label says when the two sides' texts are not from the same years.
std::string record_label(const VoiceData& ab, const VoiceData& ba, Resolution r);
// "2011..2021 (7 years)", or the one period's label.
std::string span_label(const std::set<int>& periods, Resolution r);
// The speaker's mean sentence tone over the periods `periods` (all of them when empty): its
// baseline register. NaN when it has no scored sentence there.
double baseline_tone(const std::vector<VolumeRow>& volume, Resolution r,
                     const std::set<int>& periods);

// A difference of two independent means with a Bonferroni interval for a family of `tests`.
struct Difference {
  Estimate a, b;
  double value = 0, se = 0, ci_low = 0, ci_high = 0, p = 1;
  bool excludes_zero = false;
  double strength = 0;  // distance of the interval's nearer bound from 0; 0 when not excluded
};
Difference difference(const std::vector<Cluster>& a, const std::vector<Cluster>& b, double alpha,
                      int tests);

// A finding whose magnitude, interval, p-value and strength are those of a difference tested in
// a family of `tests`; the caller fills in who, when and why.
Finding tone_finding(const Difference& d, int tests);

// Two estimates already made (their `clusters` give the degrees of freedom).
Difference difference_of(const Estimate& a, const Estimate& b, double alpha, int tests);

// A speaker's own register: per period, its documents' sums of sentence tone, kept so that the
// mean over any set of periods and its error can be had without going through every document.
class RegisterBaseline {
 public:
  RegisterBaseline(const std::vector<DocumentVolume>& documents, Resolution r);

  struct Sums {
    double s = 0, n = 0, ss = 0, sn = 0, nn = 0;  // Σs, Σn, Σs², Σs·n, Σn² over documents
    int64_t documents = 0;
  };
  Sums over(const std::set<int>& periods) const;
  // A document's (tone sum, scored sentences); zeros when unknown.
  std::pair<double, double> document(int64_t key) const;

 private:
  std::map<int, Sums> by_period_;
  std::unordered_map<int64_t, std::pair<double, double>> by_document_;
};

// A voice's scored sentences grouped by period, for tests over sets of periods.
using SentencesByPeriod = std::map<int, std::vector<const VoiceSentence*>>;
SentencesByPeriod sentences_by_period(const VoiceData& voice, Resolution r);

// The speaker's tone toward an actor minus its mean tone over all its sentences (its register),
// in the periods given, with the cluster-robust error of that difference: both means come from
// the same documents (docs/signals.md, "Third-party divergence"). `clusters` counts the
// documents that name the actor.
Estimate relative_tone(const SentencesByPeriod& about, const RegisterBaseline& baseline,
                       const std::set<int>& periods);

// Up to `k` evidence sentences from `voice` that satisfy `keep`, ordered by `score` (highest
// first; NaN scores last), at most one per document.
enum class Order { kWarmest, kColdest, kStrongest };
std::vector<Evidence> pick_evidence(const VoiceData& voice, const SentencePredicate& keep,
                                    Order order, int k, const std::string& why);

// Signed number for summaries: "+0.21", "-0.05".
std::string signed2(double v);
// "0.21".
std::string fixed2(double v);

}  // namespace fissure::analysis
