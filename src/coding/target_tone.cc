#include "fissure/coding/target_tone.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include "byte_scan.h"
#include "word_classes.h"

namespace fissure {
namespace {

bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// How many of the 8 bytes at p come before the first below '!' (whitespace among them).
size_t bytes_above_space8(const char* p) {
  return byte_scan::first_flagged(byte_scan::below(byte_scan::load8(p), '!'));
}

// A whitespace-separated token and its word: punctuation trimmed, ASCII lower-cased.
struct Token {
  uint32_t begin = 0, end = 0;
  std::string_view word;  // in the lower-case buffer
  bool ends_with_comma = false;
};

// The words go into one lower-case buffer reused between sentences (a thread's), so that
// splitting allocates nothing once the buffers have grown. A word is never longer than its token,
// so the buffer, sized to the sentence once, takes every word without moving.
void tokens_of(std::string_view s, std::vector<Token>* out, std::string* buffer) {
  out->clear();
  buffer->resize(s.size());
  char* const words = buffer->data();
  size_t used = 0;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(static_cast<unsigned char>(s[i]))) ++i;
    if (i >= s.size()) break;
    const size_t begin = i;
    while (i < s.size()) {
      if (s.size() - i >= 8) {
        const size_t plain = bytes_above_space8(s.data() + i);
        i += plain;
        if (plain == 8) continue;
      }
      if (is_space(static_cast<unsigned char>(s[i]))) break;
      ++i;
    }
    Token t;
    t.begin = static_cast<uint32_t>(begin);
    t.end = static_cast<uint32_t>(i);
    std::string_view raw = s.substr(begin, i - begin);
    t.ends_with_comma = raw.back() == ',';
    while (!raw.empty() && word_class::ascii_punctuation(static_cast<unsigned char>(raw.front())))
      raw.remove_prefix(1);
    while (!raw.empty() && word_class::ascii_punctuation(static_cast<unsigned char>(raw.back())))
      raw.remove_suffix(1);
    for (size_t k = 0; k < raw.size(); ++k) {
      const char c = raw[k];
      words[used + k] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    t.word = std::string_view(words + used, raw.size());
    used += raw.size();
    out->push_back(t);
  }
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_subordinator(std::string_view w) {
  return w == "although" || w == "though" || w == "while" || w == "whereas";
}

struct Cut {
  uint32_t begin, end;
  std::string_view rule;
};

// How many of the 8 bytes at p come before the first ';', ':', '-' or 0xE2, the bytes a cut can
// start at.
size_t bytes_before_cut_mark8(const char* p) {
  using namespace byte_scan;
  const uint64_t x = load8(p);
  // ':' is ';' but for bit 0.
  return first_flagged(equal(x | kOnes, ';') | equal(x, '-') | equal(x, 0xE2));
}

// The cuts at punctuation, which no lexicon changes, written over `cuts`.
void punctuation_cuts(std::string_view s, std::vector<Cut>& cuts) {
  cuts.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.size() - i >= 8) {
      const size_t plain = bytes_before_cut_mark8(s.data() + i);
      if (plain == 8) {
        i += 7;
        continue;
      }
      i += plain;
    }
    const unsigned char c = static_cast<unsigned char>(s[i]);
    // Most bytes cut nothing: only ';', ':', '-' and the lead byte of a Unicode dash can.
    if (c != ';' && c != ':' && c != '-' && c != 0xE2) continue;
    const bool space_after = i + 1 >= s.size() || is_space(static_cast<unsigned char>(s[i + 1]));
    if (c == ';') {
      cuts.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1), ";"});
    } else if (c == ':' && space_after) {
      cuts.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1), ":"});
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      size_t j = i;
      while (j < s.size() && s[j] == '-') ++j;
      cuts.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j), "dash"});
      i = j - 1;
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      const unsigned char c2 = static_cast<unsigned char>(s[i + 2]);
      const bool spaced = i > 0 && is_space(static_cast<unsigned char>(s[i - 1])) &&
                          (i + 3 >= s.size() || is_space(static_cast<unsigned char>(s[i + 3])));
      if (c2 == 0x94 || (c2 == 0x93 && spaced)) {
        cuts.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 3), "dash"});
        i += 2;
      }
    }
  }
}

// Lists one splitting reuses from sentence to sentence (one set per thread).
struct CutLists {
  std::vector<Cut> punctuation, all, extra;
};

// The clauses, written over `clauses`, given the punctuation cuts and the words, with `lexicon`
// telling valenced verbs.
void clauses_of(const ToneLexicon& lexicon, std::string_view s, CutLists& lists,
                const std::vector<Token>& tokens, std::vector<ToneClause>& clauses) {
  std::vector<Cut>& cuts = lists.all;
  cuts.assign(lists.punctuation.begin(), lists.punctuation.end());
  // Word cuts.
  const auto cut_token = [&](size_t k, std::string_view rule) {
    cuts.push_back({tokens[k].begin, tokens[k].end, rule});
  };
  // A past tense (-ed) is taken as a verb; an -s form only when an object follows it (a
  // determiner or a capitalised name), since "and enemies" or "and sanctions on" are nouns.
  const auto valenced_verb = [&](size_t k) {
    if (k >= tokens.size()) return false;
    const std::string_view w = tokens[k].word;
    const ToneEntry* e = lexicon.find(w);
    if (!e || e->valence == 0) return false;
    if (ends_with(w, "ed")) return true;
    if (!ends_with(w, "s") || ends_with(w, "ss") || ends_with(w, "us") || ends_with(w, "is"))
      return false;
    if (k + 1 >= tokens.size()) return false;
    const Token& next = tokens[k + 1];
    const unsigned char first = static_cast<unsigned char>(s[next.begin]);
    static constexpr std::string_view kDeterminers[] = {"the", "a",   "an",   "its",   "their",
                                                        "his", "her", "this", "these", "those",
                                                        "all", "any", "our"};
    for (std::string_view d : kDeterminers)
      if (next.word == d) return true;
    return first >= 'A' && first <= 'Z';
  };
  for (size_t k = 0; k < tokens.size(); ++k) {
    const std::string_view w = tokens[k].word;
    const bool after_comma = k > 0 && tokens[k - 1].ends_with_comma;
    if (w == "but" || w == "whereas" || w == "although" || w == "though") {
      cut_token(k, w == "but"        ? "but"
                   : w == "whereas"  ? "whereas"
                   : w == "although" ? "although"
                                     : "though");
    } else if (w == "while") {
      if (k == 0 || tokens[k - 1].word != "a") cut_token(k, "while");
    } else if (w == "however") {
      if (!(after_comma && tokens[k].ends_with_comma)) cut_token(k, "however");
    } else if (w == "yet") {
      if (after_comma || (k > 0 && tokens[k - 1].word == "and")) cut_token(k, "yet");
    } else if (w == "and") {
      size_t next = k + 1;
      if (next < tokens.size() &&
          (ends_with(tokens[next].word, "ly") || tokens[next].word == "also") &&
          !valenced_verb(next))
        ++next;
      if (valenced_verb(next)) cut_token(k, "and+verb");
    }
  }
  std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) { return a.begin < b.begin; });
  // A clause that opens with a subordinator ends at its first comma.
  {
    std::vector<Cut>& extra = lists.extra;
    extra.clear();
    for (size_t k = 0; k < tokens.size(); ++k) {
      if (!is_subordinator(tokens[k].word)) continue;
      const auto first_from = [&](uint32_t at) {
        return std::lower_bound(cuts.begin(), cuts.end(), at,
                                [](const Cut& c, uint32_t v) { return c.begin < v; });
      };
      bool opens_clause = k == 0;
      if (auto before = first_from(tokens[k].begin); !opens_clause && before != cuts.begin()) {
        const Cut& cut = *(before - 1);
        opens_clause = (cut.rule == ";" || cut.rule == ":") && cut.begin >= tokens[k - 1].begin;
      }
      if (!opens_clause) continue;
      auto next = first_from(tokens[k].end);  // the subordinate clause ends by the next cut
      const uint32_t limit = next == cuts.end() ? static_cast<uint32_t>(s.size()) : next->begin;
      for (size_t m = k; m < tokens.size() && tokens[m].end <= limit; ++m) {
        if (tokens[m].ends_with_comma) {
          extra.push_back({tokens[m].end - 1, tokens[m].end, "subordinate-comma"});
          break;
        }
      }
    }
    if (!extra.empty()) {
      cuts.insert(cuts.end(), extra.begin(), extra.end());
      std::sort(cuts.begin(), cuts.end(),
                [](const Cut& a, const Cut& b) { return a.begin < b.begin; });
    }
  }
  clauses.clear();
  uint32_t position = 0;
  std::string_view opened_by = "start";
  const auto close = [&](uint32_t end, std::string_view next_rule) {
    uint32_t b = position, e = std::max(position, end);
    while (b < e && is_space(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && is_space(static_cast<unsigned char>(s[e - 1]))) --e;
    if (e > b) clauses.push_back({b, e, opened_by});
    opened_by = next_rule;
  };
  for (const Cut& cut : cuts) {
    if (cut.end <= position) continue;  // overlaps a cut already made
    close(cut.begin, cut.rule);
    position = std::max(position, cut.end);
  }
  close(static_cast<uint32_t>(s.size()), "");
}

// One thread's words of the sentence being split, reused between sentences.
struct SplitScratch {
  std::vector<Token> tokens;
  std::string words;
  CutLists cuts;
};
SplitScratch& split_scratch() {
  thread_local SplitScratch scratch;
  return scratch;
}
}  // namespace

std::vector<ToneClause> ClauseSplitter::split(std::string_view s) const {
  if (s.size() > UINT32_MAX) s = s.substr(0, UINT32_MAX);
  SplitScratch& scratch = split_scratch();
  tokens_of(s, &scratch.tokens, &scratch.words);
  punctuation_cuts(s, scratch.cuts.punctuation);
  std::vector<ToneClause> clauses;
  clauses_of(lexicon_, s, scratch.cuts, scratch.tokens, clauses);
  return clauses;
}

void ClauseSplitter::split_each(std::string_view s,
                                std::span<const ClauseSplitter* const> splitters,
                                std::span<std::vector<ToneClause>* const> clauses) {
  if (s.size() > UINT32_MAX) s = s.substr(0, UINT32_MAX);
  SplitScratch& scratch = split_scratch();
  tokens_of(s, &scratch.tokens, &scratch.words);
  punctuation_cuts(s, scratch.cuts.punctuation);
  for (size_t i = 0; i < splitters.size() && i < clauses.size(); ++i)
    clauses_of(splitters[i]->lexicon_, s, scratch.cuts, scratch.tokens, *clauses[i]);
}

std::vector<TargetTone> TargetToneScorer::score(std::string_view sentence,
                                                std::span<const TargetSpan> mentions) {
  const std::vector<ToneClause> clauses = splitter_.split(sentence);
  std::vector<std::optional<double>> compound(clauses.size());
  std::vector<TargetTone> out;
  out.reserve(mentions.size());
  for (const TargetSpan& mention : mentions) {
    TargetTone t;
    t.mention = mention;
    t.clause.opened_by = "none";
    if (!clauses.empty()) {
      // The clause the mention begins in, else the next one, else the last.
      size_t k = 0;
      while (k < clauses.size() && clauses[k].end <= mention.begin) ++k;
      if (k == clauses.size()) k = clauses.size() - 1;
      if (!compound[k]) {
        const ToneClause& c = clauses[k];
        compound[k] = scorer_.score(sentence.substr(c.begin, c.end - c.begin)).compound;
      }
      t.clause = clauses[k];
      t.compound = *compound[k];
    }
    out.push_back(t);
  }
  return out;
}

}  // namespace fissure
