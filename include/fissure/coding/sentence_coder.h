// FissureCoder: the SentenceCoder that composes fissure's coding pieces for each sentence:
//   language check → one phrase-matcher scan (actors and domains) → speaker → events (CAMEO verb
//   patterns between the actors found) → tone of the sentence with two lexicons → tone toward
//   each mentioned actor (its clause's score).
// Immutable after create() and shared by the coding threads; per-thread scratch (the tone
// scorers) comes from a small pool. Part of the coding layer.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fissure/coding/sentence_coding.h"
#include "fissure/util/status.h"

namespace fissure {

struct CoderConfig {
  // General tone lexicons in the VADER layout (e.g. VADER's vader_lexicon.txt), in order. None:
  // the sentence's general tone is not scored (stored as NULL) and tone_fissure uses fissure's
  // lexicon alone.
  std::vector<std::string> tone_lexicons;
  // Actor dictionaries (phrase format) used beside the built-in actors.fissure.txt; where one of
  // their matches overlaps a built-in one, theirs wins.
  std::vector<std::string> actor_dictionaries;
  bool builtin_actors = true;
  // Domain term lists used instead of the built-in domains.fissure.txt when given.
  std::vector<std::string> domain_dictionaries;
  // A CAMEO verb-pattern dictionary (PETRARCH layout, e.g. CAMEO.2.0.txt): events are coded only
  // when it is given.
  std::string verbs;
  // Folders of the CAMEO tables (CAMEO.eventcodes.txt, CAMEO.goldsteinscale.txt) and of
  // CAMEO2PLOVER-2021.txt, for Goldstein scores and PLOVER types; empty: events get neither.
  std::string cameo_dir, plover_dir;
};

class FissureCoder final : public SentenceCoder {
 public:
  // Loads and compiles everything. Malformed dictionary entries are skipped and reported in
  // *problems as "FILE:LINE: reason"; an unreadable file is an error.
  static Result<std::unique_ptr<FissureCoder>> create(const CoderConfig& config, std::vector<std::string>* problems);
  ~FissureCoder() override;

  SentenceCoding code(std::string_view sentence, const SentenceContext& context) const override;
  std::string version() const override;
  std::vector<DictionaryItem> items() const override;

  // What was loaded, for summaries: "actors.fissure.txt: 2,310 entries", ...
  const std::vector<std::string>& description() const;

  struct Parts;
  struct Scratch;

 private:
  FissureCoder();
  std::unique_ptr<Scratch> acquire() const;
  void release(std::unique_ptr<Scratch> scratch) const;

  std::unique_ptr<Parts> parts_;
  const uint64_t id_;  // unique in the process: a thread's scratch names the coder it is for
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<Scratch>> pool_;
};

}  // namespace fissure
