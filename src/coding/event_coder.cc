// The verb half of the shallow coder: verbs, their patterns, source and target.
#include "fissure/coding/event_coder.h"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "fissure/lexicon/petrarch_tokens.h"
#include "word_classes.h"

namespace fissure {

DateNumber date_number(std::string_view date) {
  // "yyyymmdd", "yymmdd", or ISO "yyyy-mm-dd" / "yyyy-mm" / "yyyy" (a partial date stands for its
  // first day).
  if (date.find('-') == std::string_view::npos) return parse_dictionary_date(date);
  std::string digits;
  int parts = 0;
  size_t start = 0;
  while (start <= date.size() && parts < 3) {
    size_t dash = date.find('-', start);
    if (dash == std::string_view::npos) dash = date.size();
    std::string_view part = date.substr(start, dash - start);
    if (part.size() != (parts == 0 ? 4u : 2u)) return 0;
    digits += part;
    ++parts;
    start = dash + 1;
  }
  while (parts++ < 3) digits += "01";
  return digits.size() == 8 ? parse_dictionary_date(digits) : 0;
}

namespace {

struct VerbRef {
  int block;
  int verb;
  int form;
};

// Actors of the sentence as token ranges; a unit holds every code of one phrase or compound.
struct Unit {
  int tb = 0, te = 0;
  std::vector<std::string> codes;
  std::vector<const ActorMention*> mentions;
};

struct VerbHit {
  int tb = 0, te = 0;
  std::vector<VerbRef> refs;
  // After a determiner: a noun, coded only by a pattern that spells out the words before it
  // ("RECENTLY &TESTSYN2 ITS *", "NO *").
  bool noun_like = false;
};

struct Bindings {
  int source = -1, target = -1, compound = -1;
  bool compound_before_verb = false;
  int first = 0;        // first token the pattern covers
  int before_end = -1;  // end of the pattern's words before the verb (the verb's start if adjacent)
};

using Tokens = std::vector<PetrarchToken>;

}  // namespace

struct EventCoder::Index {
  std::unordered_map<std::string, std::vector<VerbRef>> by_first_word;
};

EventCoder::EventCoder(std::shared_ptr<const PetrarchVerbDictionary> verbs,
                       std::shared_ptr<const CameoTables> tables, EventCoderOptions options)
    : verbs_(std::move(verbs)),
      tables_(std::move(tables)),
      options_(options),
      index_(std::make_unique<Index>()) {
  for (size_t b = 0; b < verbs_->blocks.size(); ++b) {
    const auto& block = verbs_->blocks[b];
    for (size_t v = 0; v < block.verbs.size(); ++v)
      for (size_t f = 0; f < block.verbs[v].forms.size(); ++f)
        index_->by_first_word[block.verbs[v].forms[f][0]].push_back(
            {static_cast<int>(b), static_cast<int>(v), static_cast<int>(f)});
  }
}

EventCoder::~EventCoder() = default;
EventCoder::EventCoder(EventCoder&&) noexcept = default;

namespace {

class SentenceCoder {
 public:
  SentenceCoder(const PetrarchVerbDictionary& dict,
                const std::unordered_map<std::string, std::vector<VerbRef>>& index,
                const CameoTables* tables, const EventCoderOptions& options, std::string_view text,
                std::span<const ActorMention> actors)
      : dict_(dict),
        index_(index),
        tables_(tables),
        options_(options),
        tokens_(petrarch_tokenize(text)) {
    n_ = static_cast<int>(tokens_.size());
    for (const auto& t : tokens_) words_.insert(t.word);
    build_units(actors);
    find_verbs();
    link_compounds();
    find_attribution_tail();
  }

  std::vector<CodedEvent> run() {
    std::vector<CodedEvent> out;
    if (units_.empty()) return out;
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    int previous_source = -1;
    for (const VerbHit& hit : verbs_) {
      if (!hit.refs.empty()) code_verb(hit, previous_source, out, seen);
    }
    return out;
  }

 private:
  // ---- actors ----
  void build_units(std::span<const ActorMention> actors) {
    unit_at_.assign(static_cast<size_t>(n_), -1);
    for (const ActorMention& m : actors) {
      int tb = -1, te = -1;
      for (int i = 0; i < n_; ++i) {
        if (tokens_[i].begin >= m.begin && tokens_[i].end <= m.end) {
          if (tb < 0) tb = i;
          te = i + 1;
        }
      }
      if (tb < 0 || m.code.empty()) continue;
      auto same = std::find_if(units_.begin(), units_.end(),
                               [&](const Unit& u) { return u.tb == tb && u.te == te; });
      if (same == units_.end()) {
        units_.push_back({tb, te, {}, {}});
        same = units_.end() - 1;
      }
      if (std::find(same->codes.begin(), same->codes.end(), m.code) == same->codes.end()) {
        same->codes.push_back(m.code);
        same->mentions.push_back(&m);
      }
    }
    std::sort(units_.begin(), units_.end(),
              [](const Unit& a, const Unit& b) { return a.tb < b.tb; });
    // Overlapping phrases from another recogniser: keep the first.
    std::vector<Unit> kept;
    for (auto& u : units_)
      if (kept.empty() || u.tb >= kept.back().te) kept.push_back(std::move(u));
    units_ = std::move(kept);
    // "Arnor's Elrond": the possessor names the actor.
    std::vector<Unit> merged;
    for (auto& u : units_) {
      if (!merged.empty() && u.tb == merged.back().te + 1 &&
          tokens_[merged.back().te].word == "'S") {
        merged.back().te = u.te;
        continue;
      }
      merged.push_back(std::move(u));
    }
    units_ = std::move(merged);
    index_units();
  }

  void index_units() {
    unit_at_.assign(static_cast<size_t>(n_), -1);
    unit_starting_.assign(static_cast<size_t>(n_ + 1), -1);
    unit_ending_.assign(static_cast<size_t>(n_ + 1), -1);
    for (size_t u = 0; u < units_.size(); ++u) {
      for (int k = units_[u].tb; k < units_[u].te; ++k) unit_at_[k] = static_cast<int>(u);
      unit_starting_[units_[u].tb] = static_cast<int>(u);
      unit_ending_[units_[u].te] = static_cast<int>(u);
    }
  }

  // "Mordor, Rohan, Fornost and Bree", "Neither Galadriel nor Gollum": one compound unit.
  void link_compounds() {
    if (units_.size() < 2) return;
    std::vector<int> kinds(units_.size(), 0);
    for (size_t i = 0; i + 1 < units_.size(); ++i)
      kinds[i] = link_kind(units_[i].te, units_[i + 1].tb);
    std::vector<Unit> out;
    size_t i = 0;
    while (i < units_.size()) {
      size_t j = i, last_conj = i;
      while (j + 1 < units_.size() && kinds[j] != 0) {
        if (kinds[j] == 2) last_conj = j + 1;
        ++j;
      }
      Unit u = units_[i];
      for (size_t k = i + 1; k <= last_conj; ++k) {
        for (size_t c = 0; c < units_[k].codes.size(); ++c) {
          if (std::find(u.codes.begin(), u.codes.end(), units_[k].codes[c]) == u.codes.end()) {
            u.codes.push_back(units_[k].codes[c]);
            u.mentions.push_back(units_[k].mentions[c]);
          }
        }
        u.te = units_[k].te;
      }
      u_members_.push_back(static_cast<int>(last_conj - i + 1));
      out.push_back(std::move(u));
      i = last_conj + 1;
    }
    units_ = std::move(out);
    index_units();
  }

  int link_kind(int from, int to) const {
    if (to - from > 5 || to < from) return 0;
    int kind = 0;
    for (int k = from; k < to; ++k) {
      const std::string& w = tokens_[k].word;
      if (is_verb_[k]) return 0;
      if (w == ",") {
        kind = std::max(kind, 1);
      } else if (w == "AND" || w == "NOR" || w == "OR") {
        kind = 2;
      } else if (!(w == "THE" || w == "'S" || w == "OF" || w == "(" || w == ")" ||
                   word_class::modifier(w))) {
        return 0;
      }
    }
    return kind;
  }

  // ", a senior official said on Saturday": words after this comma are not a target of the verbs
  // before it.
  void find_attribution_tail() {
    tail_ = n_;
    for (int c = n_ - 1; c >= 0; --c) {
      if (tokens_[c].word != ",") continue;
      bool reporting = false;
      for (int k = c + 1; k < n_ && tokens_[k].word != ","; ++k)
        reporting |= word_class::reporting_verb(tokens_[k].word);
      bool last_segment = true;
      for (int k = c + 1; k < n_; ++k) last_segment &= tokens_[k].word != ",";
      if (reporting && last_segment) tail_ = c;
      break;
    }
  }

  // ---- verbs ----
  void find_verbs() {
    is_verb_.assign(static_cast<size_t>(n_), false);
    for (int i = 0; i < n_;) {
      auto it = index_.find(tokens_[i].word);
      if (it == index_.end() || unit_at_[i] >= 0 || word_class::modal(tokens_[i].word)) {
        ++i;
        continue;
      }
      VerbHit hit;
      size_t best = 0;
      for (const VerbRef& r : it->second) {
        const auto& form = dict_.blocks[r.block].verbs[r.verb].forms[r.form];
        if (i + static_cast<int>(form.size()) > n_) continue;
        bool ok = true;
        for (size_t k = 1; k < form.size() && ok; ++k) ok = tokens_[i + k].word == form[k];
        if (!ok) continue;
        if (form.size() > best) {
          best = form.size();
          hit.refs.clear();
        }
        if (form.size() == best) hit.refs.push_back(r);
      }
      if (hit.refs.empty()) {
        ++i;
        continue;
      }
      hit.tb = i;
      hit.te = i + static_cast<int>(best);
      if (noun_capable(hit) && looks_like_noun(hit.tb)) {
        hit.noun_like = true;
      } else {
        for (int k = hit.tb; k < hit.te; ++k) is_verb_[k] = true;
      }
      verbs_.push_back(hit);
      i = hit.te;
    }
  }

  // Past forms ("said", "opposed", "broke") are not nouns; the base, -s and -ing forms may be.
  bool noun_capable(const VerbHit& hit) const {
    const VerbRef& r = hit.refs.front();
    const auto& verb = dict_.blocks[r.block].verbs[r.verb];
    const std::string& word = tokens_[hit.tb + verb.head[r.form]].word;
    if (word_class::reporting_verb(word) && word != "REPORT") return false;
    auto ends = [&](std::string_view suffix) {
      return word.size() > suffix.size() &&
             word.compare(word.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends("ED")) return false;
    return r.form == 0 || ends("ING") || ends("S");
  }

  // "a brief private visit", "their meeting", "Eriador's refusal": a determiner before the word
  // (across a few adjectives) makes it a noun.
  bool looks_like_noun(int at) const {
    if (at > 0 && tokens_[at - 1].word == "'S") return true;
    for (int k = at - 1, seen = 0; k >= 0 && seen <= 3; --k, ++seen) {
      const std::string& w = tokens_[k].word;
      if (w == "'S") return false;
      if (word_class::determiner(w)) return true;
      if (!word_class::modifier(w) || is_verb_[k] || unit_at_[k] >= 0) return false;
    }
    return false;
  }

  // ---- pattern matching ----
  // Forward: element k must start at `pos` when glued, else within the window.
  bool match_forward(const std::vector<PatternElement>& e, size_t k, int pos, bool glued, int limit,
                     Bindings& b) const {
    if (k == e.size()) return true;
    if (++steps_ > kStepBudget) return false;
    int last_start = glued ? pos : std::min(limit - 1, pos + options_.pattern_window);
    for (int s = pos; s <= last_start && s < limit; ++s) {
      for (int end : consume_forward(e[k], s, limit)) {
        Bindings saved = b;
        bind(e[k], s, end, false, b);
        if (match_forward(e, k + 1, end, e[k].glued_to_next, limit, b)) return true;
        b = saved;
      }
    }
    return false;
  }

  // Backward: element k must end at `pos` when glued to the next, else within the window.
  bool match_backward(const std::vector<PatternElement>& e, int k, int pos, int floor,
                      Bindings& b) const {
    if (k < 0) return true;
    if (++steps_ > kStepBudget) return false;
    bool glued = e[k].glued_to_next;
    int first_end = glued ? pos : std::max(floor, pos - options_.pattern_window);
    for (int end = pos; end >= first_end && end > std::max(floor, 0); --end) {
      for (int start : consume_backward(e[k], end, floor)) {
        Bindings saved = b;
        bind(e[k], start, end, true, b);
        b.first = std::min(b.first, start);
        b.before_end = std::max(b.before_end, end);
        if (match_backward(e, k - 1, start, floor, b)) return true;
        b = saved;
      }
    }
    return false;
  }

  void bind(const PatternElement& e, int start, int /*end*/, bool before_verb, Bindings& b) const {
    int u = unit_at_token(start);
    switch (e.kind) {
      case PatternElement::Kind::kSource:
        b.source = u;
        break;
      case PatternElement::Kind::kTarget:
        b.target = u;
        break;
      case PatternElement::Kind::kCompound:
        b.compound = u;
        b.compound_before_verb = before_verb;
        break;
      default:
        break;
    }
  }

  int unit_at_token(int s) const {
    if (s < n_ && unit_at_[s] >= 0) return unit_at_[s];
    if (s + 1 < n_ && tokens_[s].word == "THE" && unit_at_[s + 1] >= 0) return unit_at_[s + 1];
    return -1;
  }

  std::vector<int> consume_forward(const PatternElement& e, int s, int limit) const {
    std::vector<int> ends;
    switch (e.kind) {
      case PatternElement::Kind::kWord:
        if (tokens_[s].word == e.text) ends.push_back(s + 1);
        break;
      case PatternElement::Kind::kSynset: {
        auto it = dict_.synsets.find(e.text);
        if (it == dict_.synsets.end()) break;
        for (const auto& m : it->second) {
          if (s + static_cast<int>(m.size()) > limit) continue;
          bool ok = true;
          for (size_t k = 0; k < m.size() && ok; ++k) ok = tokens_[s + k].word == m[k];
          if (ok) ends.push_back(s + static_cast<int>(m.size()));
        }
        break;
      }
      case PatternElement::Kind::kSource:
      case PatternElement::Kind::kTarget:
      case PatternElement::Kind::kCompound:
      case PatternElement::Kind::kSkip: {
        int u = unit_at_token(s);
        bool unit_starts_here =
            u >= 0 && (units_[u].tb == s || (units_[u].tb == s + 1 && tokens_[s].word == "THE"));
        if (unit_starts_here &&
            (e.kind != PatternElement::Kind::kCompound || units_[u].codes.size() >= 2))
          ends.push_back(units_[u].te);
        if (e.kind == PatternElement::Kind::kSkip) {
          // '^' skips a noun phrase: "with Eriador", "the Gondor", "with the parliament".
          int k = s;
          if (k < limit && word_class::preposition(tokens_[k].word)) ++k;
          if (k < limit && word_class::determiner(tokens_[k].word) && tokens_[k].word != "'S") ++k;
          if (k < limit && k > s) {
            if (unit_starting_[k] >= 0) {
              ends.insert(ends.begin(), units_[unit_starting_[k]].te);
            } else if (word_class::modifier(tokens_[k].word)) {
              ends.insert(ends.begin(), k + 1);
            }
          }
          if (!unit_starts_here) ends.push_back(s + 1);
        }
        break;
      }
      case PatternElement::Kind::kVerb:
        break;
    }
    return ends;
  }

  std::vector<int> consume_backward(const PatternElement& e, int end, int floor) const {
    std::vector<int> starts;
    switch (e.kind) {
      case PatternElement::Kind::kWord:
        if (tokens_[end - 1].word == e.text) starts.push_back(end - 1);
        break;
      case PatternElement::Kind::kSynset: {
        auto it = dict_.synsets.find(e.text);
        if (it == dict_.synsets.end()) break;
        for (const auto& m : it->second) {
          int s = end - static_cast<int>(m.size());
          if (s < std::max(floor, 0)) continue;
          bool ok = true;
          for (size_t k = 0; k < m.size() && ok; ++k) ok = tokens_[s + k].word == m[k];
          if (ok) starts.push_back(s);
        }
        break;
      }
      case PatternElement::Kind::kSource:
      case PatternElement::Kind::kTarget:
      case PatternElement::Kind::kCompound:
      case PatternElement::Kind::kSkip: {
        int u = unit_ending_[end];
        if (u >= 0 && (e.kind != PatternElement::Kind::kCompound || units_[u].codes.size() >= 2))
          starts.push_back(units_[u].tb);
        if (e.kind == PatternElement::Kind::kSkip && u < 0) starts.push_back(end - 1);
        break;
      }
      case PatternElement::Kind::kVerb:
        break;
    }
    return starts;
  }

  bool match_pattern(const VerbPattern& p, const VerbHit& hit, Bindings& b) const {
    const auto& e = p.elements;
    // Most patterns fail on a literal word the sentence lacks: check those first.
    for (const auto& el : e)
      if (el.kind == PatternElement::Kind::kWord && !words_.count(el.text)) return false;
    int v = 0;
    while (v < static_cast<int>(e.size()) && e[v].kind != PatternElement::Kind::kVerb) ++v;
    if (v == static_cast<int>(e.size())) return false;
    b = Bindings{};
    b.first = hit.tb;
    steps_ = 0;
    int floor = std::max(0, hit.tb - options_.pattern_window - 5);
    if (!match_backward(e, v - 1, hit.tb, floor - 1, b)) return false;
    int limit = std::min(n_, hit.te + options_.pattern_window + 5);
    std::vector<PatternElement> after(e.begin() + v + 1, e.end());
    return match_forward(after, 0, hit.te, e[v].glued_to_next, limit, b);
  }

  // ---- source and target ----
  bool blocks_source_search(int k) const {
    return is_verb_[k] && !word_class::auxiliary(tokens_[k].word);
  }

  // Where a clause begins: the subject of a verb lies after these.
  static bool clause_boundary(const std::string& w) {
    return w == ";" || w == ":" || w == "WHEN" || w == "WHILE" || w == "BECAUSE" || w == "IF" ||
           w == "ALTHOUGH" || w == "THOUGH" || w == "WHERE" || w == "WHETHER" || w == "UNLESS" ||
           w == "THAT" || w == "WHO" || w == "WHICH";
  }

  // The nearest actor before `pos` that is a subject, not the object of a preposition; the
  // search stops at another verb or a clause boundary, except inside [pattern_from, pos), the
  // words the verb's pattern covers.
  int default_source(int pos, int previous_source, int pattern_from = -1) const {
    // "... condemned the attack and promised aid": a verb after "and" shares the subject.
    for (int k = pos - 1, skipped = 0; k >= 0 && skipped <= 3; --k, ++skipped) {
      const std::string& w = tokens_[k].word;
      if (w == "AND") {
        if (previous_source >= 0) return previous_source;
        break;
      }
      if (!(word_class::auxiliary(w) || word_class::adverb(w))) break;
    }
    if (pattern_from < 0) pattern_from = pos;
    for (int k = pos - 1; k >= 0; --k) {
      bool in_pattern = k >= pattern_from;
      // "Arnor, which has long opposed Gondor, criticized Mordor": skip the relative clause.
      if (!in_pattern && tokens_[k].word == ",") {
        for (int c = k - 1; c > 0 && tokens_[c].word != ","; --c) {
          if (tokens_[c - 1].word == "," &&
              (tokens_[c].word == "WHICH" || tokens_[c].word == "WHO")) {
            k = c - 1;
            break;
          }
        }
        continue;
      }
      // "Gondor said it would attack Mordor": a subject pronoun stands for the nearest actor before
      // it that is not the object of a preposition.
      if (!in_pattern && (tokens_[k].word == "IT" || tokens_[k].word == "THEY" ||
                          tokens_[k].word == "HE" || tokens_[k].word == "SHE")) {
        for (int j = k - 1; j >= 0; --j) {
          if (tokens_[j].word == ";") break;
          int u = unit_ending_[j + 1];
          if (u < 0) continue;
          int before = units_[u].tb - 1;
          if (before >= 0 && tokens_[before].word == "THE") --before;
          if (before < 0 || !word_class::preposition(tokens_[before].word) ||
              tokens_[before].word == "OF")
            return u;
          j = units_[u].tb;
        }
        return -1;
      }
      // "Arnor, which has long opposed Gondor": the relative pronoun stands for the actor before
      // it.
      if (!in_pattern && (tokens_[k].word == "WHICH" || tokens_[k].word == "WHO")) {
        // Only after a comma: without one the antecedent may be any noun before it.
        int before = k - 1;
        if (before < 1 || tokens_[before].word != ",") return -1;
        return unit_ending_[before];
      }
      if (!in_pattern && (blocks_source_search(k) || clause_boundary(tokens_[k].word))) return -1;
      int u = unit_ending_[k + 1];
      if (u < 0) continue;
      int before = units_[u].tb - 1;
      if (before >= 0 && tokens_[before].word == "THE") --before;
      bool object = before >= 0 && word_class::preposition(tokens_[before].word) &&
                    tokens_[before].word != "OF";
      if (!object) return u;
      k = units_[u].tb;
    }
    return -1;
  }

  int default_target(int from, int source) const {
    int limit = from < tail_ ? tail_ : n_;
    for (int k = from; k < limit; ++k) {
      int u = unit_starting_[k];
      if (u >= 0 && u != source) return u;
    }
    return -1;
  }

  // "Eriador was opposed (earlier) by Osgiliath": the by-phrase is the source.
  int passive_agent(const VerbHit& hit) const {
    bool be = false;
    for (int k = hit.tb - 1, seen = 0; k >= 0 && seen < 3; --k, ++seen) {
      const std::string& w = tokens_[k].word;
      if (word_class::be_form(w)) {
        be = true;
        break;
      }
      if (!word_class::adverb(w) && w != "AND") break;
    }
    if (!be) return -1;
    for (int k = hit.te, seen = 0; k + 1 < n_ && seen < 3; ++k, ++seen) {
      if (tokens_[k].word == "BY") return unit_at_token(k + 1);
      if (!word_class::adverb(tokens_[k].word)) break;
    }
    return -1;
  }

  void code_verb(const VerbHit& hit, int& previous_source, std::vector<CodedEvent>& out,
                 std::set<std::tuple<std::string, std::string, std::string>>& seen) {
    const VerbPattern* matched = nullptr;
    const VerbBlock* block = nullptr;
    Bindings b;
    for (const VerbRef& r : hit.refs) {
      const VerbBlock& candidate = dict_.blocks[r.block];
      for (const VerbPattern& p : candidate.patterns) {
        if (match_pattern(p, hit, b) && (!hit.noun_like || b.before_end == hit.tb)) {
          matched = &p;
          block = &candidate;
          break;
        }
      }
      if (matched) break;
    }
    if (hit.noun_like && !matched) return;
    std::string code, reverse;
    Provenance why;
    why.dictionary = dict_.file;
    if (matched) {
      code = matched->code;
      reverse = matched->reverse_code;
      why.line = matched->line;
      why.rule = "petrarch:pattern";
    } else {
      b = Bindings{};
      b.first = hit.tb;
      for (const VerbRef& r : hit.refs) {
        const VerbBlock& candidate = dict_.blocks[r.block];
        const VerbForm& verb = candidate.verbs[r.verb];
        std::string c = verb.code.empty() ? candidate.code : verb.code;
        if (c.empty() || c == "---") continue;
        block = &candidate;
        code = c;
        reverse = verb.code.empty() ? candidate.reverse_code : "";
        why.line = verb.code.empty() ? candidate.line : verb.line;
        why.rule = "petrarch:verb";
        break;
      }
    }
    if (matched && b.first < hit.tb) {
      // "Gondor said it would fight Mordor" with "SAID WOULD *": the pattern has used the
      // earlier verb, which is then no event of its own.
      uint32_t from = tokens_[b.first].begin, to = tokens_[hit.tb].begin;
      out.erase(std::remove_if(out.begin(), out.end(),
                               [&](const CodedEvent& e) {
                                 if (e.verb_begin < from || e.verb_begin >= to) return false;
                                 seen.erase({e.source, e.target, e.cameo});
                                 return true;
                               }),
                out.end());
    }
    bool codes_event = (!code.empty() && code != "---") || (!reverse.empty() && reverse != "---");
    int source = b.source, target = b.target;
    if (b.compound >= 0 && !b.compound_before_verb) target = b.compound;
    int agent = matched ? -1 : passive_agent(hit);
    if (source < 0 && !(b.compound >= 0 && b.compound_before_verb)) {
      if (agent >= 0) {
        source = agent;
        if (target < 0) target = default_source(b.first, -1);
      } else if (b.target >= 0 && units_[b.target].tb < hit.tb) {
        source = default_source(std::min(b.first, units_[b.target].tb), previous_source);
      } else {
        source = default_source(hit.tb, previous_source, b.first);
      }
    }
    if (b.compound >= 0 && b.compound_before_verb) source = b.compound;
    if (source >= 0) previous_source = source;
    if (!codes_event || !block) return;
    if (target < 0 && !(b.compound >= 0 && b.compound_before_verb))
      target = default_target(hit.te, source);
    if (source < 0) return;
    auto emit = [&](const std::string& s, const std::string& t, const std::string& c) {
      if (c.empty() || c == "---" || s == t || s.empty() || t.empty()) return;
      // Two agents with no actor ("officials ... the police") say nothing about who acted.
      if (s.compare(0, 3, "---") == 0 && t.compare(0, 3, "---") == 0) return;
      if (!seen.insert({s, t, c}).second) return;
      CodedEvent ev;
      ev.source = s;
      ev.target = t;
      ev.cameo = c;
      ev.quad_class = CameoTables::quad_class(c);
      if (tables_) {
        if (auto g = tables_->goldstein(c)) ev.goldstein = *g;
        if (auto p = tables_->plover(c)) ev.plover = p->event;
      }
      ev.verb_begin = tokens_[hit.tb].begin;
      ev.verb_end = tokens_[hit.te - 1].end;
      ev.why = why;
      out.push_back(std::move(ev));
    };
    if (b.compound >= 0 && b.compound_before_verb) {
      // "% *": the members of the compound act on each other.
      const auto& codes = units_[b.compound].codes;
      if (codes.size() > kMaxReciprocalMembers) return;
      for (const auto& a : codes)
        for (const auto& t : codes) {
          emit(a, t, code);
          emit(t, a, reverse);
        }
      return;
    }
    if (target < 0 && units_[source].codes.size() >= 2) {
      // "Gondor and Osgiliath renewed ties": with no one else named, the members act on each other.
      const auto& codes = units_[source].codes;
      if (codes.size() > kMaxReciprocalMembers) return;
      for (const auto& a : codes)
        for (const auto& t : codes) emit(a, t, code);
      return;
    }
    if (target < 0 || target == source) return;
    for (const auto& s : units_[source].codes)
      for (const auto& t : units_[target].codes) {
        emit(s, t, code);
        emit(t, s, reverse);
      }
  }

  const PetrarchVerbDictionary& dict_;
  const std::unordered_map<std::string, std::vector<VerbRef>>& index_;
  const CameoTables* tables_;
  const EventCoderOptions& options_;
  Tokens tokens_;
  int n_ = 0;
  int tail_ = 0;
  std::vector<Unit> units_;
  std::vector<int> u_members_;
  std::vector<int> unit_at_, unit_starting_, unit_ending_;
  std::vector<VerbHit> verbs_;
  std::vector<bool> is_verb_;
  std::unordered_set<std::string_view> words_;
  // A list of more members is a roll-call ("the delegations of 39 states supported ..."), not a
  // web of bilateral acts: its members are not coded as acting on each other.
  static constexpr size_t kMaxReciprocalMembers = 4;
  // Backtracking over gaps is exponential in the worst case: a pattern gets this many steps.
  static constexpr int kStepBudget = 4000;
  mutable int steps_ = 0;
};

}  // namespace

std::vector<CodedEvent> EventCoder::code(std::string_view text, DateNumber /*date*/,
                                         std::span<const ActorMention> actors) const {
  if (text.empty() || actors.empty()) return {};
  SentenceCoder coder(*verbs_, index_->by_first_word, tables_.get(), options_, text, actors);
  return coder.run();
}

PetrarchCoder::PetrarchCoder(std::shared_ptr<const PetrarchActorDictionaries> actors,
                             std::shared_ptr<const PetrarchVerbDictionary> verbs,
                             std::shared_ptr<const CameoTables> tables)
    : matcher_(std::move(actors)), coder_(verbs, std::move(tables)) {
  matcher_.set_verb_words(*verbs);
}

Result<PetrarchCoder> PetrarchCoder::load(const std::string& dir, const std::string& verb_file,
                                          const std::vector<std::string>& actor_files,
                                          const std::vector<std::string>& agent_files,
                                          const std::vector<std::string>& discard_files,
                                          std::shared_ptr<const CameoTables> tables,
                                          std::vector<std::string>* problems) {
  auto path = [&](const std::string& name) { return dir.empty() ? name : dir + "/" + name; };
  auto verbs_text = read_dictionary_file(path(verb_file));
  if (!verbs_text) return verbs_text.status();
  auto verbs =
      std::make_shared<PetrarchVerbDictionary>(parse_petrarch_verbs(*verbs_text, verb_file));
  auto actors = std::make_shared<PetrarchActorDictionaries>();
  using Parser = void (*)(std::string_view, const std::string&, PetrarchActorDictionaries&);
  auto read_all = [&](const std::vector<std::string>& files, Parser parse) -> Status {
    for (const auto& f : files) {
      auto content = read_dictionary_file(path(f));
      if (!content) return content.status();
      parse(*content, f, *actors);
    }
    return Status::ok();
  };
  FISSURE_RETURN_IF_ERROR(read_all(actor_files, parse_petrarch_actors));
  FISSURE_RETURN_IF_ERROR(read_all(agent_files, parse_petrarch_agents));
  FISSURE_RETURN_IF_ERROR(read_all(discard_files, parse_petrarch_discards));
  if (problems) {
    problems->insert(problems->end(), verbs->problems.begin(), verbs->problems.end());
    problems->insert(problems->end(), actors->problems.begin(), actors->problems.end());
  }
  return PetrarchCoder(std::move(actors), std::move(verbs), std::move(tables));
}

std::vector<CodedEvent> PetrarchCoder::code(std::string_view text, DateNumber date) const {
  if (text.empty() || matcher_.discarded(text)) return {};
  auto mentions = matcher_.find(text, date);
  return coder_.code(text, date, mentions);
}

}  // namespace fissure
