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

// Actors of the sentence as token ranges; a unit holds every code of one phrase or compound: its
// members are the mentions [member_begin, member_end) of the sentence's member list, one per code.
struct Unit {
  int tb = 0, te = 0;
  uint32_t member_begin = 0, member_end = 0;
  size_t size() const { return member_end - member_begin; }
};

struct VerbHit {
  int tb = 0, te = 0;
  uint32_t ref_begin = 0, ref_end = 0;  // its verb forms: [ref_begin, ref_end) of the refs list
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

// Words as small integers: every word the verb dictionary spells (verb forms, pattern words,
// synonym-set members) has an id, so that matching compares integers; a sentence word the
// dictionary never spells has none (kNoWord) and so can equal no dictionary word.
constexpr int32_t kNoWord = -1;

// The dictionary's words and their ids, in insertion order, in one open-addressing table whose
// buckets hold the high half of the word's hash beside its id: looking up a sentence word the
// dictionary lacks reads only buckets, and one that it has reads its bucket and its bytes.
class WordIds {
 public:
  int32_t intern(std::string_view word) {
    if (int32_t id = find(word); id != kNoWord) return id;
    // At most a quarter full: most sentence words are absent, and a miss then ends after one or
    // two buckets.
    if ((words_.size() + 1) * 4 > buckets_.size()) grow();
    const auto id = static_cast<int32_t>(words_.size());
    words_.push_back({static_cast<uint32_t>(bytes_.size()), static_cast<uint32_t>(word.size())});
    bytes_.append(word);
    place(id, hash(word));
    return id;
  }

  int32_t find(std::string_view word) const {
    if (buckets_.empty()) return kNoWord;
    const uint64_t h = hash(word);
    const uint64_t tag = h & kTagMask;
    const size_t mask = buckets_.size() - 1;
    for (size_t b = h & mask; buckets_[b] != 0; b = (b + 1) & mask) {
      if ((buckets_[b] & kTagMask) != tag) continue;
      const auto id = static_cast<int32_t>(static_cast<uint32_t>(buckets_[b]) - 1);
      if (this->word(id) == word) return id;
    }
    return kNoWord;
  }

  size_t size() const { return words_.size(); }
  std::string_view word(int32_t id) const {
    const Span& w = words_[static_cast<size_t>(id)];
    return std::string_view(bytes_).substr(w.offset, w.length);
  }

 private:
  static constexpr uint64_t kTagMask = 0xFFFFFFFF00000000ull;
  struct Span {
    uint32_t offset, length;
  };

  static uint64_t hash(std::string_view s) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a, then a final mix for the low bits
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
  }

  void place(int32_t id, uint64_t h) {
    const size_t mask = buckets_.size() - 1;
    size_t b = h & mask;
    while (buckets_[b] != 0) b = (b + 1) & mask;
    buckets_[b] = (h & kTagMask) | static_cast<uint32_t>(id + 1);
  }

  void grow() {
    buckets_.assign(buckets_.empty() ? 1024 : buckets_.size() * 2, 0);
    for (size_t id = 0; id < words_.size(); ++id)
      place(static_cast<int32_t>(id), hash(word(static_cast<int32_t>(id))));
  }

  std::string bytes_;        // every word, back to back
  std::vector<Span> words_;  // by id
  std::vector<uint64_t> buckets_;
};

struct CompiledElement {
  PatternElement::Kind kind = PatternElement::Kind::kWord;
  int32_t word = kNoWord;  // kWord
  int32_t synset = -1;     // kSynset: index into Index::synsets; -1 when the set is not defined
  bool glued_to_next = false;
};

// A synonym set's members as word ids, and where to look for those that can start (or end) at a
// word: members by first and by last word id, each list in member order.
struct CompiledSynset {
  std::vector<std::vector<int32_t>> members;
  std::vector<std::pair<int32_t, uint32_t>> by_first, by_last;  // (word id, member), sorted
  bool has_empty = false;  // an empty member matches anywhere: then every member is tried

  void index() {
    for (uint32_t m = 0; m < members.size(); ++m) {
      if (members[m].empty()) {
        has_empty = true;
        continue;
      }
      by_first.push_back({members[m].front(), m});
      by_last.push_back({members[m].back(), m});
    }
    std::sort(by_first.begin(), by_first.end());
    std::sort(by_last.begin(), by_last.end());
  }

  // Calls fn(member) for each member whose first (or last) word is `word`, in member order.
  template <typename Fn>
  void for_each_with(bool first, int32_t word, Fn&& fn) const {
    if (has_empty) {
      for (const auto& m : members) fn(m);
      return;
    }
    if (word == kNoWord) return;
    const auto& list = first ? by_first : by_last;
    auto it = std::lower_bound(list.begin(), list.end(), std::make_pair(word, uint32_t{0}));
    for (; it != list.end() && it->first == word; ++it) fn(members[it->second]);
  }
};

struct CompiledPattern {
  std::vector<CompiledElement> elements;
  std::vector<int32_t> literals;  // the ids of its kWord elements: all must be in the sentence
  int verb = -1;                  // index of the kVerb element; -1 when it has none
};

struct EventCoder::Index {
  WordIds ids;
  std::vector<std::vector<VerbRef>> by_first_word;       // by the id of a form's first word
  std::vector<std::vector<std::vector<int32_t>>> forms;  // [block][form_start + form]: word ids
  std::vector<CompiledSynset> synsets;
  // By word id: 1 when some synonym-set member begins with the word.
  std::vector<uint8_t> starts_member;
  std::vector<std::vector<CompiledPattern>> patterns;  // [block][pattern]
  // A block's patterns' literal words back to back, so that the patterns a sentence cannot match
  // are passed over in one contiguous read: pattern i's are ids[start[i], start[i + 1]); a
  // pattern without a verb element can match nothing and lists kNoWord, which no sentence has.
  struct LiteralScreen {
    std::vector<uint32_t> start;
    std::vector<int32_t> ids;
  };
  std::vector<LiteralScreen> screens;           // [block]
  std::vector<std::vector<size_t>> form_start;  // [block][verb]: first index in forms

  // Word classes by word id, computed once with word_class's own predicates; a sentence word
  // without an id is in no listed class (every listed word has an id) and gets form_flags().
  enum Flag : uint16_t {
    kPreposition = 1,
    kAuxiliary = 2,
    kAdverb = 4,
    kClauseBoundary = 8,
    kReporting = 16,
    kDeterminer = 32,
    kModal = 64,
    kBeForm = 128,
    kModifier = 256,
  };
  std::vector<uint16_t> flags;
  // Ids of the words the source search looks for.
  int32_t the = kNoWord, comma = kNoWord, semicolon = kNoWord, and_word = kNoWord, of = kNoWord,
          which = kNoWord, who = kNoWord, it = kNoWord, they = kNoWord, he = kNoWord, she = kNoWord;

  static uint16_t flags_of(std::string_view w) {
    return (word_class::preposition(w) ? kPreposition : 0) |
           (word_class::auxiliary(w) ? kAuxiliary : 0) | (word_class::adverb(w) ? kAdverb : 0) |
           (is_clause_boundary(w) ? kClauseBoundary : 0) |
           (word_class::reporting_verb(w) ? kReporting : 0) |
           (word_class::determiner(w) ? kDeterminer : 0) | (word_class::modal(w) ? kModal : 0) |
           (word_class::be_form(w) ? kBeForm : 0) | (word_class::modifier(w) ? kModifier : 0);
  }
  // The classes of a word that no list names: an adverb's "-LY" form, and any word but
  // punctuation is a modifier (word_class::modifier excludes only listed words besides it).
  static uint16_t form_flags(std::string_view w) {
    return (w.size() > 4 && w.substr(w.size() - 2) == "LY" ? kAdverb : 0) |
           (!w.empty() && !word_class::punctuation(w) ? kModifier : 0);
  }
  // Where a clause begins: the subject of a verb lies after these.
  static constexpr std::string_view kClauseBoundaries[] = {
      ";",      ":",     "WHEN",    "WHILE",  "BECAUSE", "IF",  "ALTHOUGH",
      "THOUGH", "WHERE", "WHETHER", "UNLESS", "THAT",    "WHO", "WHICH"};
  static bool is_clause_boundary(std::string_view w) {
    return std::find(std::begin(kClauseBoundaries), std::end(kClauseBoundaries), w) !=
           std::end(kClauseBoundaries);
  }

  void index_word_classes() {
    for (std::string_view w : word_class::listed_words()) intern(std::string(w));
    for (std::string_view w : kClauseBoundaries) intern(std::string(w));
    the = intern("THE");
    comma = intern(",");
    semicolon = intern(";");
    and_word = intern("AND");
    of = intern("OF");
    which = intern("WHICH");
    who = intern("WHO");
    it = intern("IT");
    they = intern("THEY");
    he = intern("HE");
    she = intern("SHE");
    flags.assign(ids.size(), 0);
    for (size_t id = 0; id < ids.size(); ++id)
      flags[id] = flags_of(ids.word(static_cast<int32_t>(id)));
  }

  int32_t intern(std::string_view word) { return ids.intern(word); }
  int32_t id_of(std::string_view word) const { return ids.find(word); }
  const std::vector<int32_t>& form(const VerbRef& r) const {
    return forms[r.block][form_start[r.block][r.verb] + r.form];
  }
};

EventCoder::EventCoder(std::shared_ptr<const PetrarchVerbDictionary> verbs,
                       std::shared_ptr<const CameoTables> tables, EventCoderOptions options)
    : verbs_(std::move(verbs)),
      tables_(std::move(tables)),
      options_(options),
      index_(std::make_unique<Index>()) {
  Index& x = *index_;
  std::unordered_map<std::string, int32_t> synset_index;
  for (const auto& [name, members] : verbs_->synsets) {
    synset_index[name] = static_cast<int32_t>(x.synsets.size());
    auto& compiled = x.synsets.emplace_back();
    for (const auto& member : members) {
      auto& ids = compiled.members.emplace_back();
      for (const auto& w : member) ids.push_back(x.intern(w));
    }
    compiled.index();
  }
  x.forms.resize(verbs_->blocks.size());
  x.form_start.resize(verbs_->blocks.size());
  x.patterns.resize(verbs_->blocks.size());
  std::vector<std::pair<int32_t, VerbRef>> first_words;
  for (size_t b = 0; b < verbs_->blocks.size(); ++b) {
    const auto& block = verbs_->blocks[b];
    for (size_t v = 0; v < block.verbs.size(); ++v) {
      x.form_start[b].push_back(x.forms[b].size());
      for (size_t f = 0; f < block.verbs[v].forms.size(); ++f) {
        auto& ids = x.forms[b].emplace_back();
        for (const auto& w : block.verbs[v].forms[f]) ids.push_back(x.intern(w));
        first_words.push_back(
            {ids[0], {static_cast<int>(b), static_cast<int>(v), static_cast<int>(f)}});
      }
    }
    for (const VerbPattern& p : block.patterns) {
      CompiledPattern& c = x.patterns[b].emplace_back();
      for (const PatternElement& e : p.elements) {
        CompiledElement ce;
        ce.kind = e.kind;
        ce.glued_to_next = e.glued_to_next;
        if (e.kind == PatternElement::Kind::kWord) {
          ce.word = x.intern(e.text);
          c.literals.push_back(ce.word);
        } else if (e.kind == PatternElement::Kind::kSynset) {
          if (auto it = synset_index.find(e.text); it != synset_index.end()) ce.synset = it->second;
        } else if (e.kind == PatternElement::Kind::kVerb && c.verb < 0) {
          c.verb = static_cast<int>(c.elements.size());
        }
        c.elements.push_back(ce);
      }
      std::sort(c.literals.begin(), c.literals.end());
      c.literals.erase(std::unique(c.literals.begin(), c.literals.end()), c.literals.end());
    }
  }
  x.index_word_classes();
  x.screens.resize(x.patterns.size());
  for (size_t b = 0; b < x.patterns.size(); ++b) {
    Index::LiteralScreen& screen = x.screens[b];
    for (const CompiledPattern& c : x.patterns[b]) {
      screen.start.push_back(static_cast<uint32_t>(screen.ids.size()));
      if (c.verb < 0) {
        screen.ids.push_back(kNoWord);
        continue;
      }
      screen.ids.insert(screen.ids.end(), c.literals.begin(), c.literals.end());
    }
    screen.start.push_back(static_cast<uint32_t>(screen.ids.size()));
  }
  x.starts_member.assign(x.ids.size(), 0);
  for (const CompiledSynset& set : x.synsets)
    for (const auto& [word, member] : set.by_first) x.starts_member[word] = 1;
  x.by_first_word.resize(x.ids.size());
  for (const auto& [id, ref] : first_words) x.by_first_word[id].push_back(ref);
}

EventCoder::~EventCoder() = default;
EventCoder::EventCoder(EventCoder&&) noexcept = default;

namespace {

// A sentence's working lists, one set per thread, kept from one sentence to the next so that
// coding a sentence allocates nothing once they have grown to the longest sentence seen.
struct SentenceScratch {
  Tokens tokens;  // the first n are the sentence's; the rest keep their buffers for later ones
  std::vector<int32_t> ids;
  std::vector<uint16_t> flags;
  std::vector<int> unit_at, unit_starting, unit_ending;
  std::vector<Unit> units;
  std::vector<const ActorMention*> members;
  std::vector<std::pair<int, int>> mention_spans;  // per mention: its tokens, or tb = -1
  std::vector<int> link_kinds;
  std::vector<VerbHit> verbs;
  std::vector<VerbRef> refs;
  std::vector<uint8_t> is_verb;
  std::vector<uint8_t> starts_member;  // per token, Index::starts_member of its word (0 for none)
  std::vector<std::vector<int>> choices;
  // Which word ids the sentence has: present[id] == generation. Sized to the largest
  // vocabulary seen, with a new generation per sentence, so that it is never cleared; only the
  // dictionary words (ids) are marked.
  std::vector<uint32_t> present;
  uint32_t generation = 0;

  static SentenceScratch& of_this_thread() {
    thread_local SentenceScratch scratch;
    return scratch;
  }
};

class SentenceCoder {
 public:
  SentenceCoder(const PetrarchVerbDictionary& dict, const EventCoder::Index& index,
                const CameoTables* tables, const EventCoderOptions& options, std::string_view text,
                std::span<const ActorMention> actors)
      : dict_(dict),
        index_(index),
        tables_(tables),
        options_(options),
        scratch_(SentenceScratch::of_this_thread()),
        tokens_(scratch_.tokens),
        units_(scratch_.units),
        members_(scratch_.members),
        unit_at_(scratch_.unit_at),
        unit_starting_(scratch_.unit_starting),
        unit_ending_(scratch_.unit_ending),
        verbs_(scratch_.verbs),
        refs_(scratch_.refs),
        is_verb_(scratch_.is_verb),
        ids_(scratch_.ids),
        flags_(scratch_.flags),
        choices_(scratch_.choices) {
    n_ = static_cast<int>(petrarch_tokenize_into(text, tokens_));
    ids_.resize(static_cast<size_t>(n_));
    flags_.resize(static_cast<size_t>(n_));
    scratch_.starts_member.resize(static_cast<size_t>(n_));
    for (int i = 0; i < n_; ++i) {
      const std::string& word = tokens_[i].word;
      const int32_t id = index_.id_of(word);
      ids_[i] = id;
      flags_[i] = id == kNoWord ? EventCoder::Index::form_flags(word) : index_.flags[id];
      scratch_.starts_member[i] = id == kNoWord ? 0 : index_.starts_member[id];
    }
    units_.clear();
    members_.clear();
    verbs_.clear();
    refs_.clear();
    mark_present();
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
      if (hit.ref_end > hit.ref_begin) code_verb(hit, previous_source, out, seen);
    }
    return out;
  }

 private:
  // ---- actors ----
  const std::string& code_of(uint32_t member) const { return members_[member]->code; }
  bool unit_has_code(const Unit& u, const std::string& code) const {
    for (uint32_t m = u.member_begin; m < u.member_end; ++m)
      if (code_of(m) == code) return true;
    return false;
  }

  void build_units(std::span<const ActorMention> actors) {
    // Each mention's tokens; then one unit per distinct token range, in order of first mention,
    // holding the distinct codes of its mentions in mention order.
    auto& spans = scratch_.mention_spans;
    spans.assign(actors.size(), {-1, -1});
    for (size_t a = 0; a < actors.size(); ++a) {
      const ActorMention& m = actors[a];
      if (m.code.empty()) continue;
      // Tokens are non-empty, disjoint and in text order: those inside the mention are the run
      // from the first that begins in it up to the first that ends past it.
      int tb = -1, te = -1;
      const auto first =
          std::lower_bound(tokens_.begin(), tokens_.begin() + n_, m.begin,
                           [](const PetrarchToken& t, uint32_t at) { return t.begin < at; });
      for (int i = static_cast<int>(first - tokens_.begin()); i < n_ && tokens_[i].end <= m.end;
           ++i) {
        if (tb < 0) tb = i;
        te = i + 1;
      }
      spans[a] = {tb, te};
    }
    for (size_t a = 0; a < actors.size(); ++a) {
      if (spans[a].first < 0) continue;
      const std::pair<int, int> span = spans[a];
      Unit u{span.first, span.second, static_cast<uint32_t>(members_.size()), 0};
      u.member_end = u.member_begin;
      for (size_t b = a; b < actors.size(); ++b) {
        if (spans[b] != span) continue;
        if (!unit_has_code(u, actors[b].code)) {
          members_.push_back(&actors[b]);
          ++u.member_end;
        }
        if (b > a) spans[b].first = -1;  // its unit is this one
      }
      units_.push_back(u);
    }
    std::sort(units_.begin(), units_.end(),
              [](const Unit& a, const Unit& b) { return a.tb < b.tb; });
    // Overlapping phrases from another recogniser: keep the first.
    size_t kept = 0;
    for (size_t i = 0; i < units_.size(); ++i)
      if (kept == 0 || units_[i].tb >= units_[kept - 1].te) units_[kept++] = units_[i];
    units_.resize(kept);
    // "Arnor's Elrond": the possessor names the actor.
    size_t merged = 0;
    for (size_t i = 0; i < units_.size(); ++i) {
      if (merged > 0 && units_[i].tb == units_[merged - 1].te + 1 &&
          tokens_[units_[merged - 1].te].word == "'S") {
        units_[merged - 1].te = units_[i].te;
        continue;
      }
      units_[merged++] = units_[i];
    }
    units_.resize(merged);
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
    std::vector<int>& kinds = scratch_.link_kinds;
    kinds.assign(units_.size(), 0);
    for (size_t i = 0; i + 1 < units_.size(); ++i)
      kinds[i] = link_kind(units_[i].te, units_[i + 1].tb);
    // Units are rewritten in place (the write position never passes the read position); a
    // compound's members are copied to the end of the member list.
    size_t written = 0;
    size_t i = 0;
    while (i < units_.size()) {
      size_t j = i, last_conj = i;
      while (j + 1 < units_.size() && kinds[j] != 0) {
        if (kinds[j] == 2) last_conj = j + 1;
        ++j;
      }
      Unit u = units_[i];
      if (last_conj > i) {
        const auto begin = static_cast<uint32_t>(members_.size());
        for (uint32_t m = u.member_begin; m < u.member_end; ++m) members_.push_back(members_[m]);
        u.member_begin = begin;
        u.member_end = static_cast<uint32_t>(members_.size());
      }
      for (size_t k = i + 1; k <= last_conj; ++k) {
        const Unit& other = units_[k];
        for (uint32_t m = other.member_begin; m < other.member_end; ++m) {
          if (!unit_has_code(u, code_of(m))) {
            members_.push_back(members_[m]);
            ++u.member_end;
          }
        }
        u.te = other.te;
      }
      units_[written++] = u;
      i = last_conj + 1;
    }
    units_.resize(written);
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
                   has(k, EventCoder::Index::kModifier))) {
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
      if (!is(c, index_.comma)) continue;
      bool reporting = false;
      for (int k = c + 1; k < n_ && !is(k, index_.comma); ++k)
        reporting |= has(k, EventCoder::Index::kReporting);
      bool last_segment = true;
      for (int k = c + 1; k < n_; ++k) last_segment &= !is(k, index_.comma);
      if (reporting && last_segment) tail_ = c;
      break;
    }
  }

  // ---- verbs ----
  void find_verbs() {
    is_verb_.assign(static_cast<size_t>(n_), 0);
    for (int i = 0; i < n_;) {
      const int32_t id = ids_[i];
      if (id == kNoWord || index_.by_first_word[id].empty() || unit_at_[i] >= 0 ||
          has(i, EventCoder::Index::kModal)) {
        ++i;
        continue;
      }
      VerbHit hit;
      hit.ref_begin = static_cast<uint32_t>(refs_.size());
      size_t best = 0;
      for (const VerbRef& r : index_.by_first_word[id]) {
        const std::vector<int32_t>& form = index_.form(r);
        if (i + static_cast<int>(form.size()) > n_) continue;
        bool ok = true;
        for (size_t k = 1; k < form.size() && ok; ++k) ok = ids_[i + k] == form[k];
        if (!ok) continue;
        if (form.size() > best) {
          best = form.size();
          refs_.resize(hit.ref_begin);
        }
        if (form.size() == best) refs_.push_back(r);
      }
      hit.ref_end = static_cast<uint32_t>(refs_.size());
      if (hit.ref_end == hit.ref_begin) {
        ++i;
        continue;
      }
      hit.tb = i;
      hit.te = i + static_cast<int>(best);
      if (noun_capable(hit) && looks_like_noun(hit.tb)) {
        hit.noun_like = true;
      } else {
        for (int k = hit.tb; k < hit.te; ++k) is_verb_[k] = 1;
      }
      verbs_.push_back(hit);
      i = hit.te;
    }
  }

  // Past forms ("said", "opposed", "broke") are not nouns; the base, -s and -ing forms may be.
  bool noun_capable(const VerbHit& hit) const {
    const VerbRef& r = refs_[hit.ref_begin];
    const auto& verb = dict_.blocks[r.block].verbs[r.verb];
    const int head = hit.tb + verb.head[r.form];
    const std::string& word = tokens_[head].word;
    if (has(head, EventCoder::Index::kReporting) && word != "REPORT") return false;
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
      if (has(k, EventCoder::Index::kDeterminer)) return true;
      if (!has(k, EventCoder::Index::kModifier) || is_verb_[k] || unit_at_[k] >= 0) return false;
    }
    return false;
  }

  // ---- pattern matching ----
  // Where element k of a pattern may end (forward) or start (backward), in the order they are
  // tried; one list per recursion depth, reused between patterns and sentences.
  // match_pattern sizes choices_ before matching: a resize during it would move the lists that
  // the frames below are iterating.
  std::vector<int>& choices(size_t depth) const {
    // (choices_ is the thread's scratch list, so a const member function may still reuse it)
    choices_[depth].clear();
    return choices_[depth];
  }

  // Forward: element k must start at `pos` when glued, else within the window.
  bool match_forward(std::span<const CompiledElement> e, size_t k, int pos, bool glued, int limit,
                     Bindings& b) const {
    if (k == e.size()) return true;
    if (++steps_ > kStepBudget) return false;
    int last_start = glued ? pos : std::min(limit - 1, pos + options_.pattern_window);
    if (e[k].kind == PatternElement::Kind::kWord) {
      // A literal word ends one past where it matches and binds nothing: the common case,
      // tested here rather than through consume_forward's list of ends.
      for (int s = pos; s <= last_start && s < limit; ++s) {
        if (ids_[s] != e[k].word) continue;
        Bindings saved = b;
        if (match_forward(e, k + 1, s + 1, e[k].glued_to_next, limit, b)) return true;
        b = saved;
      }
      return false;
    }
    if (e[k].kind == PatternElement::Kind::kSource || e[k].kind == PatternElement::Kind::kTarget ||
        e[k].kind == PatternElement::Kind::kCompound) {
      // An actor slot ends where the unit starting at s (or after its "THE") ends: at most one
      // choice per start, as consume_forward would list it.
      const bool compound = e[k].kind == PatternElement::Kind::kCompound;
      for (int s = pos; s <= last_start && s < limit; ++s) {
        const int u = unit_at_token(s);
        if (u < 0) continue;
        const Unit& unit = units_[u];
        if (!(unit.tb == s || (unit.tb == s + 1 && ids_[s] == index_.the))) continue;
        if (compound && unit.size() < 2) continue;
        Bindings saved = b;
        bind(e[k], s, unit.te, false, b);
        if (match_forward(e, k + 1, unit.te, e[k].glued_to_next, limit, b)) return true;
        b = saved;
      }
      return false;
    }
    // A synonym set with no empty member can start only at a word that begins some member.
    const bool synset_needs_start = e[k].kind == PatternElement::Kind::kSynset &&
                                    e[k].synset >= 0 && !index_.synsets[e[k].synset].has_empty;
    for (int s = pos; s <= last_start && s < limit; ++s) {
      if (synset_needs_start && !scratch_.starts_member[s]) continue;
      std::vector<int>& ends = choices(k);
      consume_forward(e[k], s, limit, ends);
      for (size_t c = 0; c < ends.size(); ++c) {
        const int end = ends[c];
        Bindings saved = b;
        bind(e[k], s, end, false, b);
        if (match_forward(e, k + 1, end, e[k].glued_to_next, limit, b)) return true;
        b = saved;
      }
    }
    return false;
  }

  // Backward: element k must end at `pos` when glued to the next, else within the window.
  bool match_backward(std::span<const CompiledElement> e, int k, int pos, int floor,
                      Bindings& b) const {
    if (k < 0) return true;
    if (++steps_ > kStepBudget) return false;
    bool glued = e[k].glued_to_next;
    int first_end = glued ? pos : std::max(floor, pos - options_.pattern_window);
    for (int end = pos; end >= first_end && end > std::max(floor, 0); --end) {
      std::vector<int>& starts = choices(static_cast<size_t>(k));
      consume_backward(e[k], end, floor, starts);
      for (size_t c = 0; c < starts.size(); ++c) {
        const int start = starts[c];
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

  void bind(const CompiledElement& e, int start, int /*end*/, bool before_verb, Bindings& b) const {
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
    if (s + 1 < n_ && ids_[s] == index_.the && unit_at_[s + 1] >= 0) return unit_at_[s + 1];
    return -1;
  }

  void consume_forward(const CompiledElement& e, int s, int limit, std::vector<int>& ends) const {
    switch (e.kind) {
      case PatternElement::Kind::kWord:
        if (ids_[s] == e.word) ends.push_back(s + 1);
        break;
      case PatternElement::Kind::kSynset: {
        if (e.synset < 0) break;
        index_.synsets[e.synset].for_each_with(true, ids_[s], [&](const std::vector<int32_t>& m) {
          if (s + static_cast<int>(m.size()) > limit) return;
          bool ok = true;
          for (size_t k = 0; k < m.size() && ok; ++k) ok = ids_[s + k] == m[k];
          if (ok) ends.push_back(s + static_cast<int>(m.size()));
        });
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
            (e.kind != PatternElement::Kind::kCompound || units_[u].size() >= 2))
          ends.push_back(units_[u].te);
        if (e.kind == PatternElement::Kind::kSkip) {
          // '^' skips a noun phrase: "with Eriador", "the Gondor", "with the parliament".
          int k = s;
          if (k < limit && has(k, EventCoder::Index::kPreposition)) ++k;
          if (k < limit && has(k, EventCoder::Index::kDeterminer) && tokens_[k].word != "'S") ++k;
          if (k < limit && k > s) {
            if (unit_starting_[k] >= 0) {
              ends.insert(ends.begin(), units_[unit_starting_[k]].te);
            } else if (has(k, EventCoder::Index::kModifier)) {
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
  }

  void consume_backward(const CompiledElement& e, int end, int floor,
                        std::vector<int>& starts) const {
    switch (e.kind) {
      case PatternElement::Kind::kWord:
        if (ids_[end - 1] == e.word) starts.push_back(end - 1);
        break;
      case PatternElement::Kind::kSynset: {
        if (e.synset < 0) break;
        index_.synsets[e.synset].for_each_with(false, ids_[end - 1],
                                               [&](const std::vector<int32_t>& m) {
                                                 int s = end - static_cast<int>(m.size());
                                                 if (s < std::max(floor, 0)) return;
                                                 bool ok = true;
                                                 for (size_t k = 0; k < m.size() && ok; ++k)
                                                   ok = ids_[s + k] == m[k];
                                                 if (ok) starts.push_back(s);
                                               });
        break;
      }
      case PatternElement::Kind::kSource:
      case PatternElement::Kind::kTarget:
      case PatternElement::Kind::kCompound:
      case PatternElement::Kind::kSkip: {
        int u = unit_ending_[end];
        if (u >= 0 && (e.kind != PatternElement::Kind::kCompound || units_[u].size() >= 2))
          starts.push_back(units_[u].tb);
        if (e.kind == PatternElement::Kind::kSkip && u < 0) starts.push_back(end - 1);
        break;
      }
      case PatternElement::Kind::kVerb:
        break;
    }
  }

  // Most patterns fail on a literal word the sentence lacks: code_verb checks those first.
  bool literals_present(const EventCoder::Index::LiteralScreen& screen, size_t pattern) const {
    for (uint32_t k = screen.start[pattern]; k < screen.start[pattern + 1]; ++k) {
      const int32_t w = screen.ids[k];
      if (w == kNoWord || scratch_.present[w] != generation_) return false;
    }
    return true;
  }

  // A pattern whose literals the sentence has (literals_present).
  bool match_pattern(const CompiledPattern& p, const VerbHit& hit, Bindings& b) const {
    if (p.verb < 0) return false;
    const std::span<const CompiledElement> e(p.elements);
    const int v = p.verb;
    if (choices_.size() < e.size()) choices_.resize(e.size());
    b = Bindings{};
    b.first = hit.tb;
    steps_ = 0;
    int floor = std::max(0, hit.tb - options_.pattern_window - 5);
    if (!match_backward(e, v - 1, hit.tb, floor - 1, b)) return false;
    int limit = std::min(n_, hit.te + options_.pattern_window + 5);
    return match_forward(e.subspan(static_cast<size_t>(v) + 1), 0, hit.te, e[v].glued_to_next,
                         limit, b);
  }

  // ---- source and target ----
  bool blocks_source_search(int k) const {
    return is_verb_[k] && !has(k, EventCoder::Index::kAuxiliary);
  }

  // The nearest actor before `pos` that is a subject, not the object of a preposition; the
  // search stops at another verb or a clause boundary, except inside [pattern_from, pos), the
  // words the verb's pattern covers.
  bool is(int k, int32_t id) const { return ids_[k] == id; }
  bool has(int k, uint16_t flag) const { return (flags_[k] & flag) != 0; }

  int default_source(int pos, int previous_source, int pattern_from = -1) const {
    using Index = EventCoder::Index;
    const Index& x = index_;
    // "... condemned the attack and promised aid": a verb after "and" shares the subject.
    for (int k = pos - 1, skipped = 0; k >= 0 && skipped <= 3; --k, ++skipped) {
      if (is(k, x.and_word)) {
        if (previous_source >= 0) return previous_source;
        break;
      }
      if (!has(k, Index::kAuxiliary | Index::kAdverb)) break;
    }
    if (pattern_from < 0) pattern_from = pos;
    for (int k = pos - 1; k >= 0; --k) {
      bool in_pattern = k >= pattern_from;
      // "Arnor, which has long opposed Gondor, criticized Mordor": skip the relative clause.
      if (!in_pattern && is(k, x.comma)) {
        for (int c = k - 1; c > 0 && !is(c, x.comma); --c) {
          if (is(c - 1, x.comma) && (is(c, x.which) || is(c, x.who))) {
            k = c - 1;
            break;
          }
        }
        continue;
      }
      // "Gondor said it would attack Mordor": a subject pronoun stands for the nearest actor before
      // it that is not the object of a preposition.
      if (!in_pattern && (is(k, x.it) || is(k, x.they) || is(k, x.he) || is(k, x.she))) {
        for (int j = k - 1; j >= 0; --j) {
          if (is(j, x.semicolon)) break;
          int u = unit_ending_[j + 1];
          if (u < 0) continue;
          int before = units_[u].tb - 1;
          if (before >= 0 && is(before, x.the)) --before;
          if (before < 0 || !has(before, Index::kPreposition) || is(before, x.of)) return u;
          j = units_[u].tb;
        }
        return -1;
      }
      // "Arnor, which has long opposed Gondor": the relative pronoun stands for the actor before
      // it.
      if (!in_pattern && (is(k, x.which) || is(k, x.who))) {
        // Only after a comma: without one the antecedent may be any noun before it.
        int before = k - 1;
        if (before < 1 || !is(before, x.comma)) return -1;
        return unit_ending_[before];
      }
      if (!in_pattern && (blocks_source_search(k) || has(k, Index::kClauseBoundary))) return -1;
      int u = unit_ending_[k + 1];
      if (u < 0) continue;
      int before = units_[u].tb - 1;
      if (before >= 0 && is(before, x.the)) --before;
      bool object = before >= 0 && has(before, Index::kPreposition) && !is(before, x.of);
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
      if (has(k, EventCoder::Index::kBeForm)) {
        be = true;
        break;
      }
      if (!has(k, EventCoder::Index::kAdverb) && w != "AND") break;
    }
    if (!be) return -1;
    for (int k = hit.te, seen = 0; k + 1 < n_ && seen < 3; ++k, ++seen) {
      if (tokens_[k].word == "BY") return unit_at_token(k + 1);
      if (!has(k, EventCoder::Index::kAdverb)) break;
    }
    return -1;
  }

  void code_verb(const VerbHit& hit, int& previous_source, std::vector<CodedEvent>& out,
                 std::set<std::tuple<std::string, std::string, std::string>>& seen) {
    const VerbPattern* matched = nullptr;
    const VerbBlock* block = nullptr;
    Bindings b;
    const std::span<const VerbRef> refs(refs_.data() + hit.ref_begin, hit.ref_end - hit.ref_begin);
    for (const VerbRef& r : refs) {
      const VerbBlock& candidate = dict_.blocks[r.block];
      const EventCoder::Index::LiteralScreen& screen = index_.screens[r.block];
      for (size_t i = 0; i < candidate.patterns.size(); ++i) {
        if (!literals_present(screen, i)) continue;
        const VerbPattern& p = candidate.patterns[i];
        if (match_pattern(index_.patterns[r.block][i], hit, b) &&
            (!hit.noun_like || b.before_end == hit.tb)) {
          matched = &p;
          block = &candidate;
          break;
        }
      }
      if (matched) break;
    }
    if (hit.noun_like && !matched) return;
    // The codes and their provenance point into the dictionary; strings are made only for the
    // events emitted.
    static const std::string kNone;
    const std::string* code = &kNone;
    const std::string* reverse = &kNone;
    int why_line = 0;
    const char* why_rule = "";
    if (matched) {
      code = &matched->code;
      reverse = &matched->reverse_code;
      why_line = matched->line;
      why_rule = "petrarch:pattern";
    } else {
      b = Bindings{};
      b.first = hit.tb;
      for (const VerbRef& r : refs) {
        const VerbBlock& candidate = dict_.blocks[r.block];
        const VerbForm& verb = candidate.verbs[r.verb];
        const std::string& c = verb.code.empty() ? candidate.code : verb.code;
        if (c.empty() || c == "---") continue;
        block = &candidate;
        code = &c;
        reverse = verb.code.empty() ? &candidate.reverse_code : &kNone;
        why_line = verb.code.empty() ? candidate.line : verb.line;
        why_rule = "petrarch:verb";
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
    bool codes_event =
        (!code->empty() && *code != "---") || (!reverse->empty() && *reverse != "---");
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
      ev.why.dictionary = dict_.file;
      ev.why.line = why_line;
      ev.why.rule = why_rule;
      out.push_back(std::move(ev));
    };
    if (b.compound >= 0 && b.compound_before_verb) {
      // "% *": the members of the compound act on each other.
      const Unit& u = units_[b.compound];
      if (u.size() > kMaxReciprocalMembers) return;
      for (uint32_t a = u.member_begin; a < u.member_end; ++a)
        for (uint32_t t = u.member_begin; t < u.member_end; ++t) {
          emit(code_of(a), code_of(t), *code);
          emit(code_of(t), code_of(a), *reverse);
        }
      return;
    }
    if (target < 0 && units_[source].size() >= 2) {
      // "Gondor and Osgiliath renewed ties": with no one else named, the members act on each other.
      const Unit& u = units_[source];
      if (u.size() > kMaxReciprocalMembers) return;
      for (uint32_t a = u.member_begin; a < u.member_end; ++a)
        for (uint32_t t = u.member_begin; t < u.member_end; ++t)
          emit(code_of(a), code_of(t), *code);
      return;
    }
    if (target < 0 || target == source) return;
    const Unit& from = units_[source];
    const Unit& to = units_[target];
    for (uint32_t s = from.member_begin; s < from.member_end; ++s)
      for (uint32_t t = to.member_begin; t < to.member_end; ++t) {
        emit(code_of(s), code_of(t), *code);
        emit(code_of(t), code_of(s), *reverse);
      }
  }

  const PetrarchVerbDictionary& dict_;
  const EventCoder::Index& index_;
  const CameoTables* tables_;
  const EventCoderOptions& options_;
  SentenceScratch& scratch_;
  Tokens& tokens_;  // the first n_ are this sentence's
  int n_ = 0;
  int tail_ = 0;
  std::vector<Unit>& units_;
  std::vector<const ActorMention*>& members_;  // the units' members (see Unit)
  std::vector<int>& unit_at_;
  std::vector<int>& unit_starting_;
  std::vector<int>& unit_ending_;
  std::vector<VerbHit>& verbs_;
  std::vector<VerbRef>& refs_;     // the verb hits' forms (see VerbHit)
  std::vector<uint8_t>& is_verb_;  // per token
  std::vector<int32_t>& ids_;      // per token, its word's id or kNoWord
  std::vector<uint16_t>& flags_;   // per token, its EventCoder::Index::Flag bits
  uint32_t generation_ = 0;

  void mark_present() {
    std::vector<uint32_t>& present = scratch_.present;
    if (present.size() < index_.ids.size()) present.resize(index_.ids.size(), 0);
    if (++scratch_.generation == 0) {  // wrapped: old marks could pass for new ones
      std::fill(present.begin(), present.end(), 0);
      scratch_.generation = 1;
    }
    generation_ = scratch_.generation;
    for (int i = 0; i < n_; ++i)
      if (ids_[i] != kNoWord) present[ids_[i]] = generation_;
  }
  std::vector<std::vector<int>>& choices_;
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
  SentenceCoder coder(*verbs_, *index_, tables_.get(), options_, text, actors);
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
