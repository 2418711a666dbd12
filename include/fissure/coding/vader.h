// VaderScorer: sentence tone with the VADER rules (Hutto & Gilbert 2014), reproducing the
// behaviour of nltk 3.8's SentimentIntensityAnalyzer on any ToneLexicon, quirks included:
//   - tokens are the text split on (Unicode) whitespace; tokens of one character are dropped; one
//     leading or trailing punctuation mark from VADER's list ("!", "!!", "?!?", ",", "'", ...) is
//     stripped when the rest has no punctuation and is longer than one character;
//   - lexicon look-up of the lower-cased token; boosters and dampeners in the three tokens before
//     a valenced word (scaled 1, 0.95, 0.9 by distance); the ALL-CAPS bonus when some but not all
//     tokens are upper case; negation in the same window (x -0.74; "never so/this" x1.5/x1.25);
//     "least"; "kind of"; nltk's idioms; the first "but" halves what precedes and multiplies what
//     follows by 1.5; "!" (up to 4) and "?" (2 or more) emphasis; compound = s / sqrt(s^2 + 15);
//   - a token that occurs more than once is scored in the context of its first occurrence, as
//     nltk's words.index(item) does.
// Compound is not rounded (nltk rounds it to 4 decimals). Any bytes are accepted: invalid UTF-8
// is scored as the bytes it is, never rejected.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/lexicon/tone_lexicon.h"

namespace fissure {

struct ToneScore {
  double compound = 0;  // -1..+1
  double positive = 0;  // shares of the positive, negative and neutral tokens (sum to 1, or 0
  double negative = 0;  // when the sentence has no token)
  double neutral = 0;
};

// One token of the last scored sentence, with its valence after every rule.
struct ToneToken {
  uint32_t begin = 0;  // byte offsets in the sentence, punctuation stripped as VADER strips it
  uint32_t end = 0;
  double valence = 0;                // 0 for a token that is not in the lexicon (or is a booster)
  const ToneEntry* entry = nullptr;  // the lexicon entry that gave the valence, if any
};

// VADER's tokens of one text with everything about them that does not depend on a lexicon:
// offsets, lower-case forms, boosters, negations, capitals. Scorers of several lexicons can score
// the same ToneTokens, so a sentence is tokenised and lower-cased once. Holds buffers reused
// between texts; the text must outlive its use.
class ToneTokens {
 public:
  ToneTokens();
  ~ToneTokens();
  ToneTokens(const ToneTokens&) = delete;
  ToneTokens& operator=(const ToneTokens&) = delete;

  void assign(std::string_view text);
  std::string_view text() const { return text_; }
  size_t size() const { return words_.size(); }

 private:
  friend class VaderScorer;
  struct Word {
    uint32_t begin = 0, end = 0;              // in the text
    uint32_t lower_begin = 0, lower_end = 0;  // in lower_buffer_
    uint64_t hash = 0;                        // ToneLexicon::hash_of the lower-case form
    double booster = 0;                       // the booster's increment, when is_booster
    bool is_booster = false;
    bool upper = false;
    bool negation = false;
    bool idiom_start = false;  // lower-cased, the first word of an idiom or two-word dampener
  };
  std::string_view raw(size_t i) const;
  std::string_view lower(size_t i) const;

  std::string_view text_;
  std::vector<Word> words_;
  std::string lower_buffer_;
  bool cap_differential_ = false;
  static constexpr size_t kNoBut = SIZE_MAX;
  size_t first_but_ = kNoBut;  // the first token whose lower-case form is "but"
};

// Holds scratch buffers reused between sentences: one scorer per thread. The lexicon must
// outlive the scorer.
class VaderScorer {
 public:
  explicit VaderScorer(const ToneLexicon& lexicon);
  ~VaderScorer();
  VaderScorer(const VaderScorer&) = delete;
  VaderScorer& operator=(const VaderScorer&) = delete;

  ToneScore score(std::string_view sentence);
  // The same for a text already tokenised (by any scorer's or the caller's ToneTokens).
  ToneScore score(const ToneTokens& tokens);
  // score(tokens) when `other` has just scored the same tokens as `other_score`: when every token
  // has an entry of the same valence in both lexicons, or none in either, the rules see the same
  // inputs, so other_score is the answer and only the look-ups are repeated.
  ToneScore score_after(const ToneTokens& tokens, const VaderScorer& other,
                        const ToneScore& other_score);

  // The tokens of the last sentence given to score(), valid until the next call.
  std::span<const ToneToken> tokens() const { return tokens_; }

  const ToneLexicon& lexicon() const { return lexicon_; }

 private:
  double valence_at(size_t i) const;
  double scalar_of(size_t k, double valence) const;
  double apply_never(double valence, size_t start, size_t i) const;
  double apply_idioms(double valence, size_t i) const;
  double apply_least(double valence, size_t i) const;
  std::string_view raw(size_t i) const;
  std::string_view lower(size_t i) const;
  void look_up();
  ToneScore score_looked_up();  // score() once look_up() has filled entries_ for words_
  void index_first_occurrences();

  const ToneLexicon& lexicon_;
  ToneTokens own_;
  const ToneTokens* words_ = nullptr;      // the tokens being scored: own_ or the caller's
  std::vector<const ToneEntry*> entries_;  // per token, this scorer's lexicon entry
  std::vector<uint32_t> first_occurrence_;
  std::vector<uint32_t> occurrence_table_;
  std::vector<double> valences_;
  std::vector<ToneToken> tokens_;
};

// Lower-case UTF-8 as Python's str.lower() does (full Unicode mapping; ASCII on a fast path);
// ill-formed bytes are copied as they are. Appends to *out.
void append_lower(std::string_view text, std::string* out);

}  // namespace fissure
