// Scores the states a coder finds in sentences against a hand-checked gold standard
// (tests/fixtures/actors/gold.jsonl and its README): precision and recall over (sentence, state)
// pairs. Part of the coding layer.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "fissure/coding/sentence_coding.h"
#include "fissure/util/status.h"

namespace fissure {

struct GoldSentence {
  int line = 0;
  std::string corpus, document_id, country, date, text, sample;
  std::set<std::string> states;
};

// Reads the gold JSONL (one object a line: text, states, country, date, doc_id, corpus, sample).
// A malformed line is reported as "FILE:LINE: reason" in *problems and skipped.
Result<std::vector<GoldSentence>> read_actor_gold(const std::string& path, std::vector<std::string>* problems);

struct StateError {
  const GoldSentence* sentence = nullptr;
  std::set<std::string> missed, spurious;
};

struct StateScores {
  int64_t sentences = 0, true_positives = 0, false_positives = 0, false_negatives = 0;
  double precision() const;
  double recall() const;
  double f1() const;
};

struct ActorEvaluation {
  StateScores all;
  std::vector<std::pair<std::string, StateScores>> by_sample;  // "random", "keyword:…" grouped by prefix
  std::vector<StateError> errors;
};

// The states of a coding: states and former states by code, leaders and officials by country.
std::set<std::string> coded_states(const SentenceCoding& coding);

ActorEvaluation evaluate_states(const SentenceCoder& coder, const std::vector<GoldSentence>& gold);

}  // namespace fissure
