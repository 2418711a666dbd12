#include "fissure/coding/speaker.h"

#include <algorithm>
#include <array>

#include "fissure/text/words.h"

namespace fissure {
namespace {

// Words between an actor and the cue it governs ("Iran's foreign ministry spokesman Nasser
// Kanaani said": five).
constexpr size_t kMaxSubjectGap = 6;
constexpr size_t kMaxObjectGap = 3;

constexpr std::array<std::string_view, 34> kReportingVerbs = {
    "said",     "says",       "say",        "told",       "tells",      "stated",   "noted",
    "notes",    "stressed",   "stresses",   "warned",     "warns",      "claimed",  "claims",
    "declared", "declares",   "announced",  "announces",  "added",      "adds",     "insisted",
    "asserted", "emphasized", "emphasised", "underlined", "reiterated", "reported", "reports",
    "remarked", "affirmed",   "pointed",    "explained",  "urged",      "accused"};

// Verbs that may come before their subject after a quotation ("“...,” said Zarif"); with "told",
// "warned" or "urged" the actor after the verb is the one addressed.
constexpr std::array<std::string_view, 14> kInvertibleVerbs = {
    "said",     "says",     "added",    "adds",     "noted",     "stressed",   "stated",
    "declared", "insisted", "asserted", "remarked", "explained", "emphasized", "affirmed"};

// Subjects that are no actor: "Asked about Iran, he said" is not Iran speaking.
constexpr std::array<std::string_view, 15> kOtherSubjects = {
    "he",      "she",      "they",    "we",        "i",         "you",       "it",     "officials",
    "sources", "analysts", "experts", "observers", "diplomats", "witnesses", "reports"};

// Every word of a sentence is looked up in these lists, so each list keeps, per first byte, a mask
// of its words' lengths: most words fail that test, and only the rest are compared.
template <size_t N>
class WordSet {
 public:
  constexpr explicit WordSet(const std::array<std::string_view, N>& words) : words_(words) {
    for (std::string_view w : words)
      if (!w.empty()) lengths_[static_cast<unsigned char>(w[0])] |= length_bit(w.size());
  }

  // Whether some word of the set starts with `first` and has `length` bytes.
  constexpr bool may_contain(unsigned char first, size_t length) const {
    return (lengths_[first] & length_bit(length)) != 0;
  }

  constexpr bool contains(std::string_view w) const {
    if (w.empty() || !(lengths_[static_cast<unsigned char>(w[0])] & length_bit(w.size())))
      return false;
    for (std::string_view x : words_)
      if (x == w) return true;
    return false;
  }

 private:
  static constexpr uint32_t length_bit(size_t length) {
    return uint32_t{1} << std::min<size_t>(length, 31);
  }
  std::array<std::string_view, N> words_;
  std::array<uint32_t, 256> lengths_{};
};

constexpr WordSet kReportingVerbSet(kReportingVerbs);
constexpr WordSet kInvertibleVerbSet(kInvertibleVerbs);
constexpr WordSet kOtherSubjectSet(kOtherSubjects);

struct Word {
  uint32_t begin, end;
  std::string_view lower;  // ASCII-lowered, in the Attributor's copy of the sentence
};

// The sentence ASCII-lowered as a whole (same length, same offsets) into *lowered, and its words
// as views into that copy.
std::vector<Word> words_of(std::string_view s, std::string* lowered) {
  lowered->assign(s);
  for (char& c : *lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  const auto spans = word_spans(s);
  std::vector<Word> out;
  out.reserve(spans.size());
  for (const auto& span : spans) {
    out.push_back({span.start, span.end,
                   std::string_view(*lowered).substr(span.start, span.end - span.start)});
  }
  return out;
}

bool is_quote_at(std::string_view s, size_t i) {
  if (s[i] == '"') return true;
  std::string_view rest = s.substr(i);
  return rest.starts_with("\u201C") || rest.starts_with("\u201D") || rest.starts_with("\u00AB") ||
         rest.starts_with("\u00BB");
}

bool has_quote(std::string_view s, size_t from, size_t to) {
  for (size_t i = from; i < to && i < s.size(); ++i) {
    if (is_quote_at(s, i)) return true;
  }
  return false;
}

// Whether the byte range holds punctuation that ends a phrase.
bool has_phrase_break(std::string_view s, size_t from, size_t to) {
  for (size_t i = from; i < to && i < s.size(); ++i) {
    if (s[i] == ',' || s[i] == ';' || s[i] == ':' || s[i] == '.' || is_quote_at(s, i)) return true;
  }
  return false;
}

// Whether the byte range holds a closing quotation mark or a comma: a cue after it starts an
// inverted attribution ("“...,” said X").
bool closes_quote(std::string_view s, size_t from, size_t to) {
  for (size_t i = from; i < to && i < s.size(); ++i) {
    if (s[i] == ',' || is_quote_at(s, i) || s[i] == '\'') return true;
  }
  return false;
}

// Number of words that lie fully in [from, to); words are sorted and disjoint.
size_t words_between(const std::vector<Word>& words, uint32_t from, uint32_t to) {
  auto first = std::lower_bound(words.begin(), words.end(), from,
                                [](const Word& w, uint32_t b) { return w.begin < b; });
  auto last = std::lower_bound(first, words.end(), to,
                               [](const Word& w, uint32_t e) { return w.end <= e; });
  return static_cast<size_t>(last - first);
}

// Mentions are sorted and disjoint too: the first one that ends after `pos`.
std::vector<ActorMention>::const_iterator first_ending_after(const std::vector<ActorMention>& m,
                                                             uint32_t pos) {
  return std::lower_bound(m.begin(), m.end(), pos,
                          [](const ActorMention& a, uint32_t p) { return a.end <= p; });
}

bool inside_mention(const std::vector<ActorMention>& mentions, const Word& w) {
  auto it = first_ending_after(mentions, w.begin);
  return it != mentions.end() && it->begin <= w.begin && w.end <= it->end;
}

constexpr auto kAsciiAlnum = [] {
  std::array<bool, 256> alnum{};
  for (int c = 'a'; c <= 'z'; ++c) alnum[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) alnum[c] = true;
  for (int c = '0'; c <= '9'; ++c) alnum[c] = true;
  return alnum;
}();

// The words every rule starts from: without one of them no rule can attribute the sentence.
constexpr std::array<std::string_view, 5> kOtherCues = {"according", "quoted", "spokesman",
                                                        "spokeswoman", "spokesperson"};
constexpr WordSet kOtherCueSet(kOtherCues);

// Whether some word of `s` may be a cue, before its words are split and lowered. A word of
// word_spans() that is a cue is all ASCII letters with no word character on either side, so it is
// also a maximal run of ASCII letters and digits here; a run that merely borders a non-ASCII letter
// may pass too, and then the rules decide as before.
bool has_cue_word(std::string_view s) {
  constexpr size_t kShortestCue = 3, kLongestCue = 12;  // "say", "spokesperson"
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  const auto lower = [](unsigned char c) {
    return static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  };
  size_t i = 0;
  while (i < n) {
    if (!kAsciiAlnum[p[i]]) {
      ++i;
      continue;
    }
    const size_t begin = i;
    while (i < n && kAsciiAlnum[p[i]]) ++i;
    const size_t length = i - begin;
    if (length < kShortestCue || length > kLongestCue) continue;
    // Most words fail on their first letter and length, before they are lowered.
    const unsigned char first = lower(p[begin]);
    if (!kReportingVerbSet.may_contain(first, length) && !kOtherCueSet.may_contain(first, length))
      continue;
    char word[kLongestCue];
    for (size_t k = 0; k < length; ++k) word[k] = static_cast<char>(lower(p[begin + k]));
    const std::string_view w(word, length);
    if (kReportingVerbSet.contains(w) || kOtherCueSet.contains(w)) return true;
  }
  return false;
}

class Attributor {
 public:
  Attributor(std::string_view s, const std::vector<ActorMention>& mentions)
      : s_(s), mentions_(mentions), words_(words_of(s, &lowered_)) {}

  bool run(SpeakerAttribution& out) {
    return according_to(out) || quoted_as_saying(out) || spokesperson_for(out) ||
           reporting_verb(out);
  }

 private:
  // Whether word i is followed, after blanks only, by a word that starts with a capital letter.
  bool next_is_capitalised(size_t i) const {
    if (i + 1 >= words_.size()) return false;
    std::string_view gap = s_.substr(words_[i].end, words_[i + 1].begin - words_[i].end);
    char first = s_[words_[i + 1].begin];
    return gap.find_first_not_of(" \t") == std::string_view::npos && first >= 'A' && first <= 'Z';
  }

  bool word_is(size_t i, std::string_view w) const {
    return i < words_.size() && words_[i].lower == w;
  }

  // The first mention starting at or after `from`, with at most `gap` words and no phrase-ending
  // punctuation before it.
  int first_after(uint32_t from, size_t gap, uint32_t limit = UINT32_MAX) const {
    auto it = first_ending_after(mentions_, from);
    while (it != mentions_.end() && it->begin < from) ++it;
    if (it == mentions_.end() || it->end > limit) return -1;
    if (words_between(words_, from, it->begin) > gap) return -1;
    if (has_phrase_break(s_, from, it->begin)) return -1;
    return static_cast<int>(it - mentions_.begin());
  }

  // The last mention ending before `to`, with at most `gap` words and no quotation mark between.
  // A comma between them is crossed only when one also stands right before `to`, as after an
  // apposition ("Jacopof, deputy minister of Kazakhstan, said"); otherwise the mention belongs
  // to an earlier clause ("As for ties with Egypt, Kharrazi said").
  int last_before(uint32_t to, size_t gap) const {
    auto it = first_ending_after(mentions_, to);
    if (it == mentions_.begin()) return -1;
    --it;
    if (words_between(words_, it->end, to) > gap || has_quote(s_, it->end, to)) return -1;
    std::string_view between = s_.substr(it->end, to - it->end);
    size_t last_char = between.find_last_not_of(" \t\r\n");
    bool comma_before_to = last_char != std::string_view::npos && between[last_char] == ',';
    if (between.find(',') != std::string_view::npos && !comma_before_to) return -1;
    return static_cast<int>(it - mentions_.begin());
  }

  bool decide(SpeakerAttribution& out, int mention, const Word& first, const Word& last,
              const char* rule) const {
    if (mention < 0) return false;
    const ActorMention& m = mentions_[static_cast<size_t>(mention)];
    out.code = speaker_code(m);
    out.attributed = true;
    out.mention = mention;
    out.cue_begin = first.begin;
    out.cue_end = last.end;
    out.why = {m.why.dictionary, m.why.line, rule};
    return true;
  }

  bool according_to(SpeakerAttribution& out) const {
    for (size_t i = 0; i + 1 < words_.size(); ++i) {
      if (word_is(i, "according") && word_is(i + 1, "to") &&
          decide(out, first_after(words_[i + 1].end, kMaxObjectGap), words_[i], words_[i + 1],
                 "speaker:according-to")) {
        return true;
      }
    }
    return false;
  }

  bool quoted_as_saying(SpeakerAttribution& out) const {
    for (size_t i = 0; i < words_.size(); ++i) {
      if (!word_is(i, "quoted")) continue;
      for (size_t j = i + 1; j + 1 < words_.size() && j <= i + 12; ++j) {
        if (!word_is(j, "as") || !word_is(j + 1, "saying")) continue;
        // The quoted actor lies between the two cues; failing that, the one who quotes.
        int quoted = first_after(words_[i].end, 10, words_[j].begin);
        if (quoted < 0) quoted = last_before(words_[i].begin, kMaxSubjectGap);
        if (decide(out, quoted, words_[i], words_[j + 1], "speaker:quoted-as-saying")) return true;
      }
    }
    return false;
  }

  bool spokesperson_for(SpeakerAttribution& out) const {
    for (size_t i = 0; i + 1 < words_.size(); ++i) {
      const std::string_view w = words_[i].lower;
      bool spokes = w == "spokesman" || w == "spokeswoman" || w == "spokesperson";
      if (spokes && (word_is(i + 1, "for") || word_is(i + 1, "of")) &&
          decide(out, first_after(words_[i + 1].end, kMaxObjectGap), words_[i], words_[i + 1],
                 "speaker:spokesperson-for")) {
        return true;
      }
    }
    return false;
  }

  bool reporting_verb(SpeakerAttribution& out) const {
    for (size_t i = 0; i < words_.size(); ++i) {
      const Word& w = words_[i];
      if (!kReportingVerbSet.contains(w.lower) || inside_mention(mentions_, w)) {
        continue;
      }
      // "pointed" reports only as "pointed out".
      if (w.lower == "pointed" && !word_is(i + 1, "out")) continue;
      uint32_t before = i > 0 ? words_[i - 1].end : 0;
      bool inverted =
          i > 0 && kInvertibleVerbSet.contains(w.lower) && closes_quote(s_, before, w.begin);
      if (inverted) {
        if (decide(out, first_after(w.end, kMaxObjectGap), w, w,
                   "speaker:reporting-verb-inverted")) {
          return true;
        }
        // "..., said Aleka Papariga": a name the dictionary does not know speaks, not an actor
        // before the comma.
        if (next_is_capitalised(i)) continue;
      }
      bool other_subject = i > 0 && kOtherSubjectSet.contains(words_[i - 1].lower) &&
                           !inside_mention(mentions_, words_[i - 1]);
      if (!other_subject &&
          decide(out, last_before(w.begin, kMaxSubjectGap), w, w, "speaker:reporting-verb")) {
        return true;
      }
    }
    return false;
  }

  std::string_view s_;
  const std::vector<ActorMention>& mentions_;
  std::string lowered_;  // before words_, which point into it
  std::vector<Word> words_;
};

}  // namespace

std::string speaker_code(const ActorMention& actor) {
  return actor.country.empty() ? actor.code : actor.country;
}

SpeakerAttribution attribute_speaker(std::string_view sentence,
                                     const std::vector<ActorMention>& mentions,
                                     std::string_view outlet_country) {
  SpeakerAttribution out;
  if (!mentions.empty() && has_cue_word(sentence) && Attributor(sentence, mentions).run(out))
    return out;
  out.code = std::string(outlet_country);
  out.why.rule = "speaker:outlet";
  return out;
}

}  // namespace fissure
