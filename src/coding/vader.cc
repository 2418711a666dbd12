// The VADER rules as nltk 3.8 applies them (nltk/sentiment/vader.py was read to learn the
// algorithm; this is an independent implementation over byte spans).
#include "fissure/coding/vader.h"

#include <unicode/ucasemap.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "byte_scan.h"
#include "word_classes.h"

namespace fissure {
namespace {

// VADER's empirically derived constants (Hutto & Gilbert 2014).
constexpr double kBoosterIncrement = 0.293;
constexpr double kBoosterDecrement = -0.293;
constexpr double kCapsIncrement = 0.733;
constexpr double kNegationScalar = -0.74;
constexpr double kExclamationIncrement = 0.292;
constexpr double kQuestionIncrement = 0.18;
constexpr double kQuestionMaximum = 0.96;
constexpr double kNormalisationAlpha = 15;

uint64_t hash_bytes(std::string_view s);

// A fixed set of short words with a value each, looked up once per token by the token's
// ToneLexicon::hash_of, which the tokeniser computes once for these tables and both lexicons:
// open addressing over a power-of-two table, and words longer or shorter than any key rejected
// before probing.
template <typename V>
class WordTable {
 public:
  explicit WordTable(const std::vector<std::pair<std::string_view, V>>& items) {
    size_t capacity = 16;
    while (capacity < 4 * items.size()) capacity *= 2;
    slots_.resize(capacity);
    for (const auto& [word, value] : items) {
      shortest_ = std::min(shortest_, word.size());
      longest_ = std::max(longest_, word.size());
      size_t b = ToneLexicon::hash_of(word) & (capacity - 1);
      while (slots_[b].used && slots_[b].word != word) b = (b + 1) & (capacity - 1);
      slots_[b] = {word, value, true};
    }
  }

  const V* find(std::string_view word, uint64_t hash) const {
    if (word.size() < shortest_ || word.size() > longest_) return nullptr;
    const size_t mask = slots_.size() - 1;
    for (size_t b = hash & mask;; b = (b + 1) & mask) {
      const Slot& slot = slots_[b];
      if (!slot.used) return nullptr;
      if (slot.word == word) return &slot.value;
    }
  }

 private:
  struct Slot {
    std::string_view word;
    V value{};
    bool used = false;
  };
  std::vector<Slot> slots_;
  size_t shortest_ = SIZE_MAX, longest_ = 0;
};

// What VADER's fixed word lists say of a word: a booster (with its increment), a negation, the
// first word of an idiom or of a two-word dampener (lower-cased: the idiom rules compare the raw
// tokens, so this only tells where they cannot match).
struct WordRole {
  double booster = 0;
  bool is_booster = false;
  bool negation = false;
  bool idiom_start = false;
  bool is_but = false;  // "but", which reweighs the valences around it
};

constexpr std::pair<std::string_view, double> kBoosters[] = {
    {"absolutely", kBoosterIncrement},   {"amazingly", kBoosterIncrement},
    {"awfully", kBoosterIncrement},      {"completely", kBoosterIncrement},
    {"considerably", kBoosterIncrement}, {"decidedly", kBoosterIncrement},
    {"deeply", kBoosterIncrement},       {"effing", kBoosterIncrement},
    {"enormously", kBoosterIncrement},   {"entirely", kBoosterIncrement},
    {"especially", kBoosterIncrement},   {"exceptionally", kBoosterIncrement},
    {"extremely", kBoosterIncrement},    {"fabulously", kBoosterIncrement},
    {"flipping", kBoosterIncrement},     {"flippin", kBoosterIncrement},
    {"fricking", kBoosterIncrement},     {"frickin", kBoosterIncrement},
    {"frigging", kBoosterIncrement},     {"friggin", kBoosterIncrement},
    {"fully", kBoosterIncrement},        {"fucking", kBoosterIncrement},
    {"greatly", kBoosterIncrement},      {"hella", kBoosterIncrement},
    {"highly", kBoosterIncrement},       {"hugely", kBoosterIncrement},
    {"incredibly", kBoosterIncrement},   {"intensely", kBoosterIncrement},
    {"majorly", kBoosterIncrement},      {"more", kBoosterIncrement},
    {"most", kBoosterIncrement},         {"particularly", kBoosterIncrement},
    {"purely", kBoosterIncrement},       {"quite", kBoosterIncrement},
    {"really", kBoosterIncrement},       {"remarkably", kBoosterIncrement},
    {"so", kBoosterIncrement},           {"substantially", kBoosterIncrement},
    {"thoroughly", kBoosterIncrement},   {"totally", kBoosterIncrement},
    {"tremendously", kBoosterIncrement}, {"uber", kBoosterIncrement},
    {"unbelievably", kBoosterIncrement}, {"unusually", kBoosterIncrement},
    {"utterly", kBoosterIncrement},      {"very", kBoosterIncrement},
    {"almost", kBoosterDecrement},       {"barely", kBoosterDecrement},
    {"hardly", kBoosterDecrement},       {"just enough", kBoosterDecrement},
    {"kind of", kBoosterDecrement},      {"kinda", kBoosterDecrement},
    {"kindof", kBoosterDecrement},       {"kind-of", kBoosterDecrement},
    {"less", kBoosterDecrement},         {"little", kBoosterDecrement},
    {"marginally", kBoosterDecrement},   {"occasionally", kBoosterDecrement},
    {"partly", kBoosterDecrement},       {"scarcely", kBoosterDecrement},
    {"slightly", kBoosterDecrement},     {"somewhat", kBoosterDecrement},
    {"sort of", kBoosterDecrement},      {"sorta", kBoosterDecrement},
    {"sortof", kBoosterDecrement},       {"sort-of", kBoosterDecrement}};

constexpr std::string_view kNegations[] = {
    "aint",   "arent",    "cannot",  "cant",     "couldnt",  "darent",   "didnt",   "doesnt",
    "ain't",  "aren't",   "can't",   "couldn't", "daren't",  "didn't",   "doesn't", "dont",
    "hadnt",  "hasnt",    "havent",  "isnt",     "mightnt",  "mustnt",   "neither", "don't",
    "hadn't", "hasn't",   "haven't", "isn't",    "mightn't", "mustn't",  "neednt",  "needn't",
    "never",  "none",     "nope",    "nor",      "not",      "nothing",  "nowhere", "oughtnt",
    "shant",  "shouldnt", "uhuh",    "wasnt",    "werent",   "oughtn't", "shan't",  "shouldn't",
    "uh-uh",  "wasn't",   "weren't", "without",  "wont",     "wouldnt",  "won't",   "wouldn't",
    "rarely", "seldom",   "despite"};

// The first words of kIdioms and kDampenerPairs (below).
constexpr std::string_view kIdiomStarts[] = {"the",  "bad",  "yeah", "cut", "kiss",
                                             "hand", "just", "kind", "sort"};

const WordTable<WordRole>& word_roles() {
  static const auto* table = [] {
    std::vector<std::pair<std::string_view, WordRole>> items;
    const auto role_of = [&](std::string_view word) -> WordRole& {
      for (auto& [w, role] : items)
        if (w == word) return role;
      return items.emplace_back(word, WordRole{}).second;
    };
    for (const auto& [word, increment] : kBoosters) {
      WordRole& role = role_of(word);
      role.booster = increment;
      role.is_booster = true;
    }
    for (std::string_view word : kNegations) role_of(word).negation = true;
    for (std::string_view word : kIdiomStarts) role_of(word).idiom_start = true;
    role_of("but").is_but = true;
    return new WordTable<WordRole>(items);
  }();
  return *table;
}

// Equality of a token with a fixed word, the hot comparison of the idiom and negation rules:
// the first byte decides most cases without a call to memcmp.
bool same_word(std::string_view token, std::string_view word) {
  return token.size() == word.size() && (word.empty() || (token[0] == word[0] && token == word));
}

// nltk's special-case idioms: the valence replaces the word's own when they surround it.
struct Idiom {
  std::string_view words[3];
  size_t length;
  double valence;
};
constexpr Idiom kIdioms[] = {
    {{"the", "shit", ""}, 2, 3},       {{"the", "bomb", ""}, 2, 3},
    {{"bad", "ass", ""}, 2, 1.5},      {{"yeah", "right", ""}, 2, -2},
    {{"cut", "the", "mustard"}, 3, 2}, {{"kiss", "of", "death"}, 3, -1.5},
    {{"hand", "to", "mouth"}, 3, -2},
};

// The two-word dampeners, which nltk checks as raw (case-sensitive) pairs.
constexpr std::string_view kDampenerPairs[][2] = {
    {"just", "enough"}, {"kind", "of"}, {"sort", "of"}};

// VADER's list of punctuation that may be stripped from the start or end of a token.
bool is_strippable_punctuation(std::string_view p) {
  static constexpr std::string_view kList[] = {".",   "!",   "?",   ",",    ";",   ":",
                                               "-",   "'",   "\"",  "!!",   "!!!", "??",
                                               "???", "?!?", "!?!", "?!?!", "!?!?"};
  for (std::string_view s : kList)
    if (s == p) return true;
  return false;
}

bool has_punctuation(std::string_view s) {
  for (unsigned char c : s)
    if (word_class::ascii_punctuation(c)) return true;
  return false;
}

// Python's len() of the decoded string: code points, counted as non-continuation bytes.
size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Byte length of the whitespace character at s[i] as Python's str.split() sees whitespace, or 0.
size_t whitespace_at(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20)) return 1;
  if (c < 0xC2 || c > 0xE3) return 0;
  const size_t left = s.size() - i;
  if (c == 0xC2 && left >= 2) return (b(i + 1) == 0x85 || b(i + 1) == 0xA0) ? 2 : 0;
  if (left < 3) return 0;
  const unsigned char c1 = b(i + 1), c2 = b(i + 2);
  if (c == 0xE1) return (c1 == 0x9A && c2 == 0x80) ? 3 : 0;  // U+1680
  if (c == 0xE3) return (c1 == 0x80 && c2 == 0x80) ? 3 : 0;  // U+3000
  if (c != 0xE2) return 0;
  if (c1 == 0x80 && ((c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF))
    return 3;                              // U+2000..
  if (c1 == 0x81 && c2 == 0x9F) return 3;  // U+205F
  return 0;
}

// Python's str.isupper(): some cased character, and no lower- or title-case one.
bool python_isupper(std::string_view s) {
  bool cased = false;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t length = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < length) {
    if (p[i] < 0x80) {
      const uint8_t c = p[i++];
      if (c >= 'a' && c <= 'z') return false;
      if (c >= 'A' && c <= 'Z') cased = true;
      continue;
    }
    UChar32 cp;
    U8_NEXT(p, i, length, cp);
    if (cp < 0) continue;
    if (u_hasBinaryProperty(cp, UCHAR_LOWERCASE) || u_charType(cp) == U_TITLECASE_LETTER) {
      return false;
    }
    if (u_hasBinaryProperty(cp, UCHAR_UPPERCASE)) cased = true;
  }
  return cased;
}

struct CaseMapDeleter {
  void operator()(UCaseMap* m) const { ucasemap_close(m); }
};

UCaseMap* thread_case_map() {
  thread_local std::unique_ptr<UCaseMap, CaseMapDeleter> map = [] {
    UErrorCode status = U_ZERO_ERROR;
    UCaseMap* m = ucasemap_open("", 0, &status);
    return std::unique_ptr<UCaseMap, CaseMapDeleter>(U_SUCCESS(status) ? m : nullptr);
  }();
  return map.get();
}

uint64_t hash_bytes(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h ^ (h >> 31);
}

// Occurrences of `c` in `s`; memchr skips the long stretches without one (most sentences have
// no '!' or '?' at all) faster than a byte-by-byte count.
size_t count_byte(std::string_view s, char c) {
  size_t count = 0;
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p != end) {
    p = static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(end - p)));
    if (!p) break;
    ++count;
    ++p;
  }
  return count;
}

// Below this many tokens a pairwise scan finds first occurrences faster than hashing.
constexpr size_t kPairwiseScanLimit = 24;

}  // namespace

void append_lower(std::string_view text, std::string* out) {
  const size_t start = out->size();
  bool ascii = true;
  for (unsigned char c : text) ascii &= c < 0x80;
  if (ascii || text.size() > INT32_MAX / 4) {
    out->resize(start + text.size());
    char* dst = out->data() + start;
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      dst[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
    }
    return;
  }
  UCaseMap* map = thread_case_map();
  size_t capacity = text.size() + 16;
  for (int attempt = 0; map && attempt < 2; ++attempt) {
    out->resize(start + capacity);
    UErrorCode status = U_ZERO_ERROR;
    const int32_t written =
        ucasemap_utf8ToLower(map, out->data() + start, static_cast<int32_t>(capacity), text.data(),
                             static_cast<int32_t>(text.size()), &status);
    if (U_SUCCESS(status)) {
      out->resize(start + static_cast<size_t>(written));
      return;
    }
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
    capacity = static_cast<size_t>(written);
  }
  out->resize(start);
  out->append(text);  // ICU refused the bytes: look them up as they are
}

ToneTokens::ToneTokens() = default;
ToneTokens::~ToneTokens() = default;

std::string_view ToneTokens::raw(size_t i) const {
  return text_.substr(words_[i].begin, words_[i].end - words_[i].begin);
}

std::string_view ToneTokens::lower(size_t i) const {
  return std::string_view(lower_buffer_)
      .substr(words_[i].lower_begin, words_[i].lower_end - words_[i].lower_begin);
}

namespace {

// ASCII whitespace as Python's str.split() sees it: \t \n \v \f \r, \x1c-\x1f and space.
constexpr uint64_t kAsciiSpaceBits = 0x1F0003E00ull;

bool is_ascii_space(unsigned char c) { return c <= 0x20 && ((kAsciiSpaceBits >> c) & 1); }

// Byte length of the whitespace character at s[i], or 0; whitespace_at with an ASCII fast path.
size_t space_at(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return is_ascii_space(c);
  return whitespace_at(s, i);
}

}  // namespace

namespace {

// What the lower-casing loop needs of an ASCII byte: kUpperKind must be 1, so that shifted it is
// the 0x20 that lower-cases A-Z.
constexpr unsigned char kUpperKind = 1, kLowerKind = 2, kApostropheKind = 4;
constexpr auto kAsciiKinds = [] {
  std::array<unsigned char, 128> kinds{};
  for (int c = 'A'; c <= 'Z'; ++c) kinds[c] = kUpperKind;
  for (int c = 'a'; c <= 'z'; ++c) kinds[c] = kLowerKind;
  kinds['\''] = kApostropheKind;
  return kinds;
}();

// How many of the 8 bytes at p come before the first that may end a token: a byte below '!'
// (whitespace among them) or a non-ASCII one.
size_t plain_bytes8(const char* p) {
  const uint64_t x = byte_scan::load8(p);
  return byte_scan::first_flagged(byte_scan::below(x, '!') | byte_scan::high(x));
}

}  // namespace

void ToneTokens::assign(std::string_view text) {
  if (text.size() > UINT32_MAX) text = text.substr(0, UINT32_MAX);
  text_ = text;
  words_.clear();
  first_but_ = kNoBut;
  // An ASCII word lower-cases to as many bytes as it has, so the buffer, sized to the text, takes
  // every word in place until a non-ASCII one grows it (Unicode lower-casing may lengthen a word).
  lower_buffer_.resize(text.size());
  size_t used = 0;
  size_t upper_count = 0;
  const auto& roles = word_roles();
  size_t i = 0;
  while (i < text.size()) {
    size_t ws;
    while (i < text.size() && (ws = space_at(text, i)) != 0) i += ws;
    if (i >= text.size()) break;
    size_t begin = i;
    // Most tokens are ASCII: their code points are their bytes, and lower-casing and Python's
    // isupper() need no Unicode tables.
    bool ascii = true;
    while (i < text.size()) {
      if (text.size() - i >= 8) {
        const size_t plain = plain_bytes8(text.data() + i);
        i += plain;
        if (plain == 8) continue;
      }
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c < 0x80) {
        if (is_ascii_space(c)) break;
      } else {
        if (whitespace_at(text, i) != 0) break;
        ascii = false;
      }
      ++i;
    }
    const auto length = [&](std::string_view s) { return ascii ? s.size() : code_points(s); };
    std::string_view token = text.substr(begin, i - begin);
    if (length(token) <= 1) continue;
    // One mark of VADER's punctuation list before or after a punctuation-free word is stripped.
    size_t lead = 0;
    while (lead < token.size() &&
           word_class::ascii_punctuation(static_cast<unsigned char>(token[lead])))
      ++lead;
    size_t trail = 0;
    while (trail < token.size() - lead && word_class::ascii_punctuation(static_cast<unsigned char>(
                                              token[token.size() - 1 - trail])))
      ++trail;
    size_t word_begin = begin, word_end = i;
    if (lead > 0 && lead < token.size()) {
      std::string_view rest = token.substr(lead);
      if (!has_punctuation(rest) && length(rest) > 1 &&
          is_strippable_punctuation(token.substr(0, lead)))
        word_begin = begin + lead;
    } else if (trail > 0 && lead == 0) {
      std::string_view rest = token.substr(0, token.size() - trail);
      if (!has_punctuation(rest) && length(rest) > 1 &&
          is_strippable_punctuation(token.substr(token.size() - trail)))
        word_end = i - trail;
    }
    const std::string_view word = text.substr(word_begin, word_end - word_begin);
    Word w;
    w.begin = static_cast<uint32_t>(word_begin);
    w.end = static_cast<uint32_t>(word_end);
    w.lower_begin = static_cast<uint32_t>(used);
    bool apostrophe = false;
    bool hashed = false;
    if (ascii) {
      // Lower-cased and hashed in one pass over the word.
      char* dst = lower_buffer_.data() + used;
      unsigned seen = 0;
      uint64_t h = ToneLexicon::kHashSeed;
      for (size_t k = 0; k < word.size(); ++k) {
        const unsigned char c = static_cast<unsigned char>(word[k]);
        const unsigned char kind = kAsciiKinds[c];
        seen |= kind;
        const unsigned char low = static_cast<unsigned char>(c | ((kind & kUpperKind) << 5));
        dst[k] = static_cast<char>(low);
        h = ToneLexicon::hash_byte(h, low);
      }
      used += word.size();
      w.upper = (seen & kUpperKind) && !(seen & kLowerKind);
      apostrophe = seen & kApostropheKind;
      w.hash = ToneLexicon::hash_finish(h);
      hashed = true;
    } else {
      lower_buffer_.resize(used);
      append_lower(word, &lower_buffer_);
      used = lower_buffer_.size();
      lower_buffer_.resize(used + (text.size() - i));
      w.upper = python_isupper(word);
      apostrophe = true;  // the lower-cased form is searched for "n't" below
    }
    w.lower_end = static_cast<uint32_t>(used);
    const std::string_view low(lower_buffer_.data() + w.lower_begin, w.lower_end - w.lower_begin);
    if (!hashed) w.hash = ToneLexicon::hash_of(low);
    if (const WordRole* role = roles.find(low, w.hash)) {
      w.is_booster = role->is_booster;
      w.booster = role->booster;
      w.negation = role->negation;
      w.idiom_start = role->idiom_start;
      if (role->is_but && first_but_ == kNoBut) first_but_ = words_.size();
    } else if (apostrophe) {
      w.negation = low.find("n't") != std::string_view::npos;
    }
    upper_count += w.upper;
    words_.push_back(w);
  }
  lower_buffer_.resize(used);
  cap_differential_ = upper_count > 0 && upper_count < words_.size();
}

VaderScorer::VaderScorer(const ToneLexicon& lexicon) : lexicon_(lexicon) {}
VaderScorer::~VaderScorer() = default;

std::string_view VaderScorer::raw(size_t i) const { return words_->raw(i); }

std::string_view VaderScorer::lower(size_t i) const { return words_->lower(i); }

void VaderScorer::look_up() {
  const size_t n = words_->size();
  entries_.resize(n);
  const char* const lower_buffer = words_->lower_buffer_.data();
  for (size_t k = 0; k < n; ++k) {
    const ToneTokens::Word& w = words_->words_[k];
    entries_[k] = lexicon_.find(
        std::string_view(lower_buffer + w.lower_begin, w.lower_end - w.lower_begin), w.hash);
  }
}

void VaderScorer::index_first_occurrences() {
  // Only a token with a lexicon entry can have a non-zero valence, so only those need their first
  // occurrence; equal raw tokens have equal lower-case forms and so the same entry.
  const size_t n = words_->size();
  first_occurrence_.resize(n);
  size_t valenced = 0;
  for (size_t i = 0; i < n; ++i) {
    first_occurrence_[i] = static_cast<uint32_t>(i);
    valenced += entries_[i] != nullptr;
  }
  if (valenced <= kPairwiseScanLimit) {
    // An earlier occurrence has the same entry, so it is among the valenced tokens before i.
    uint32_t earlier[kPairwiseScanLimit];
    size_t earlier_count = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!entries_[i]) continue;
      for (size_t m = 0; m < earlier_count; ++m) {
        const uint32_t j = earlier[m];
        if (entries_[j] == entries_[i] && raw(j) == raw(i)) {
          first_occurrence_[i] = j;
          break;
        }
      }
      earlier[earlier_count++] = static_cast<uint32_t>(i);
    }
    return;
  }
  size_t capacity = 64;
  while (capacity < 2 * valenced) capacity *= 2;
  occurrence_table_.assign(capacity, UINT32_MAX);
  const size_t mask = capacity - 1;
  for (size_t i = 0; i < n; ++i) {
    if (!entries_[i]) continue;
    size_t b = hash_bytes(raw(i)) & mask;
    for (;;) {
      uint32_t& slot = occurrence_table_[b];
      if (slot == UINT32_MAX) {
        slot = static_cast<uint32_t>(i);
        break;
      }
      if (raw(slot) == raw(i)) {
        first_occurrence_[i] = slot;
        break;
      }
      b = (b + 1) & mask;
    }
  }
}

double VaderScorer::scalar_of(size_t k, double valence) const {
  const ToneTokens::Word& w = words_->words_[k];
  if (!w.is_booster) return 0;
  double scalar = w.booster;
  if (valence < 0) scalar = -scalar;
  if (w.upper && words_->cap_differential_)
    scalar += valence > 0 ? kCapsIncrement : -kCapsIncrement;
  return scalar;
}

double VaderScorer::apply_never(double valence, size_t start, size_t i) const {
  const auto so_or_this = [&](size_t k) {
    return same_word(raw(k), "so") || same_word(raw(k), "this");
  };
  if (start == 0) {
    if (words_->words_[i - 1].negation) valence *= kNegationScalar;
  } else if (start == 1) {
    if (same_word(raw(i - 2), "never") && so_or_this(i - 1)) {
      valence *= 1.5;
    } else if (words_->words_[i - 2].negation) {
      valence *= kNegationScalar;
    }
  } else {
    if ((same_word(raw(i - 3), "never") && so_or_this(i - 2)) || so_or_this(i - 1)) {
      valence *= 1.25;
    } else if (words_->words_[i - 3].negation) {
      valence *= kNegationScalar;
    }
  }
  return valence;
}

double VaderScorer::apply_idioms(double valence, size_t i) const {
  // Every idiom and dampener window below starts at one of the tokens i-3 .. i.
  const auto& words = words_->words_;
  if (!words[i - 3].idiom_start && !words[i - 2].idiom_start && !words[i - 1].idiom_start &&
      !words[i].idiom_start)
    return valence;
  const size_t n = words_->size();
  const auto idiom = [&](std::initializer_list<size_t> at) -> const Idiom* {
    // An idiom's first word is lower-case: a window whose first token is no idiom start matches
    // none.
    if (!words[*at.begin()].idiom_start) return nullptr;
    for (const Idiom& d : kIdioms) {
      if (d.length != at.size()) continue;
      size_t k = 0;
      bool same = true;
      for (size_t index : at) same = same && same_word(raw(index), d.words[k++]);
      if (same) return &d;
    }
    return nullptr;
  };
  // The order nltk tries the windows around the word; the first that is an idiom wins.
  const Idiom* found = idiom({i - 1, i});
  if (!found) found = idiom({i - 2, i - 1, i});
  if (!found) found = idiom({i - 2, i - 1});
  if (!found) found = idiom({i - 3, i - 2, i - 1});
  if (!found) found = idiom({i - 3, i - 2});
  if (found) valence = found->valence;
  if (n - 1 > i) {
    if (const Idiom* d = idiom({i, i + 1})) valence = d->valence;
  }
  if (n - 1 > i + 1) {
    if (const Idiom* d = idiom({i, i + 1, i + 2})) valence = d->valence;
  }
  if (!words[i - 3].idiom_start && !words[i - 2].idiom_start) return valence;
  for (const auto& pair : kDampenerPairs) {
    if ((same_word(raw(i - 3), pair[0]) && same_word(raw(i - 2), pair[1])) ||
        (same_word(raw(i - 2), pair[0]) && same_word(raw(i - 1), pair[1]))) {
      valence += kBoosterDecrement;
      break;
    }
  }
  return valence;
}

double VaderScorer::apply_least(double valence, size_t i) const {
  if (i > 1 && !entries_[i - 1] && lower(i - 1) == "least") {
    if (lower(i - 2) != "at" && lower(i - 2) != "very") valence *= kNegationScalar;
  } else if (i > 0 && !entries_[i - 1] && lower(i - 1) == "least") {
    valence *= kNegationScalar;
  }
  return valence;
}

double VaderScorer::valence_at(size_t i) const {
  const ToneTokens::Word& w = words_->words_[i];
  // "kind" is an idiom start: the flag rules out most tokens before the comparison.
  if (w.is_booster ||
      (w.idiom_start && i + 1 < words_->size() && lower(i) == "kind" && lower(i + 1) == "of")) {
    return 0;
  }
  if (!entries_[i]) return 0;
  double valence = entries_[i]->valence;
  if (w.upper && words_->cap_differential_)
    valence += valence > 0 ? kCapsIncrement : -kCapsIncrement;
  for (size_t start = 0; start < 3; ++start) {
    if (i <= start || entries_[i - start - 1]) continue;
    double scalar = scalar_of(i - start - 1, valence);
    if (start == 1 && scalar != 0) scalar *= 0.95;
    if (start == 2 && scalar != 0) scalar *= 0.9;
    valence += scalar;
    valence = apply_never(valence, start, i);
    if (start == 2) valence = apply_idioms(valence, i);
  }
  return apply_least(valence, i);
}

ToneScore VaderScorer::score(std::string_view sentence) {
  own_.assign(sentence);
  return score(own_);
}

ToneScore VaderScorer::score_after(const ToneTokens& tokens, const VaderScorer& other,
                                   const ToneScore& other_score) {
  if (other.words_ != &tokens || other.entries_.size() != tokens.size()) return score(tokens);
  words_ = &tokens;
  look_up();
  const size_t n = tokens.size();
  for (size_t k = 0; k < n; ++k) {
    const ToneEntry* mine = entries_[k];
    const ToneEntry* theirs = other.entries_[k];
    if ((mine == nullptr) != (theirs == nullptr) || (mine && !(mine->valence == theirs->valence)))
      return score_looked_up();
  }
  tokens_.resize(n);
  for (size_t k = 0; k < n; ++k) {
    tokens_[k] = other.tokens_[k];
    tokens_[k].entry = entries_[k];
  }
  return other_score;
}

ToneScore VaderScorer::score(const ToneTokens& tokens) {
  words_ = &tokens;
  look_up();
  return score_looked_up();
}

ToneScore VaderScorer::score_looked_up() {
  const ToneTokens& tokens = *words_;
  const std::string_view sentence = tokens.text();
  index_first_occurrences();
  const size_t n = words_->size();
  valences_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t first = first_occurrence_[i];
    // A token without an entry has no valence: valence_at() would return 0.
    valences_[i] = first < i ? valences_[first] : entries_[i] ? valence_at(i) : 0;
  }
  // "but": what comes before it counts half, what follows it half again as much.
  if (const size_t b = tokens.first_but_; b < n) {
    for (size_t k = 0; k < n; ++k) {
      if (k < b) valences_[k] *= 0.5;
      if (k > b) valences_[k] *= 1.5;
    }
  }
  // One pass fills the tokens and the sums; each sum adds the same valences in the same order as
  // a pass of its own would.
  tokens_.resize(n);
  double sum = 0;
  double positive = 0, negative = 0, neutral = 0;
  for (size_t k = 0; k < n; ++k) {
    const double v = valences_[k];
    tokens_[k] = {tokens.words_[k].begin, tokens.words_[k].end, v, entries_[k]};
    sum += v;
    if (v > 0) positive += v + 1;  // +1/-1: VADER counts a neutral word as 1
    if (v < 0) negative += v - 1;
    if (v == 0) neutral += 1;
  }
  ToneScore result;
  if (n == 0) return result;

  const size_t exclamations = std::min<size_t>(count_byte(sentence, '!'), 4);
  const size_t questions = count_byte(sentence, '?');
  double emphasis = static_cast<double>(exclamations) * kExclamationIncrement;
  if (questions > 1) {
    emphasis +=
        questions <= 3 ? static_cast<double>(questions) * kQuestionIncrement : kQuestionMaximum;
  }
  if (sum > 0) sum += emphasis;
  if (sum < 0) sum -= emphasis;
  result.compound = sum / std::sqrt(sum * sum + kNormalisationAlpha);

  if (positive > std::fabs(negative)) {
    positive += emphasis;
  } else if (positive < std::fabs(negative)) {
    negative -= emphasis;
  }
  const double total = positive + std::fabs(negative) + neutral;
  result.positive = std::fabs(positive / total);
  result.negative = std::fabs(negative / total);
  result.neutral = std::fabs(neutral / total);
  return result;
}

}  // namespace fissure
