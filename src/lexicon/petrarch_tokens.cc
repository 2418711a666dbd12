#include "fissure/lexicon/petrarch_tokens.h"

namespace fissure {
namespace {

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 ||
         c == '\'' || c == '-' || c == '.' || c == '&';
}

bool is_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// A final '.' belongs to the word only for abbreviations: "U.S.", "K.U.", a single initial "W.".
bool keeps_final_period(std::string_view w) {
  if (w.size() < 2) return false;
  std::string_view stem = w.substr(0, w.size() - 1);
  if (stem.find('.') != std::string_view::npos) return true;
  return stem.size() == 1 && is_alnum(static_cast<unsigned char>(stem[0]));
}

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Writes tokens over the slots of a vector, reusing their strings' buffers. Every token is a
// stretch of the text, upper-cased as it is copied.
class TokenWriter {
 public:
  TokenWriter(std::string_view text, std::vector<PetrarchToken>& tokens)
      : text_(text), tokens_(tokens) {}

  void push(size_t b, size_t e) {
    if (count_ == tokens_.size()) tokens_.emplace_back();
    PetrarchToken& t = tokens_[count_++];
    t.word.resize(e - b);
    char* out = t.word.data();
    for (size_t k = b; k < e; ++k) *out++ = upper(text_[k]);
    t.begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
  }
  size_t count() const { return count_; }

 private:
  std::string_view text_;
  std::vector<PetrarchToken>& tokens_;
  size_t count_ = 0;
};

// Emits one raw word, splitting off the clitics the dictionaries write as separate words.
void emit_word(TokenWriter& out, std::string_view text, size_t b, size_t e) {
  // Leading quotes/hyphens/periods are punctuation, not part of the word.
  while (b < e && (text[b] == '\'' || text[b] == '.' || text[b] == '-')) {
    if (text[b] != '-') out.push(b, b + 1);
    ++b;
  }
  if (b >= e) return;
  // The tests below look at the raw bytes; upper-casing changes only a-z, which they compare
  // through upper().
  std::string_view w = text.substr(b, e - b);
  size_t period_at = std::string::npos;
  if (w.back() == '.' && !keeps_final_period(w)) {
    while (!w.empty() && w.back() == '.') w.remove_suffix(1);
    period_at = b + w.size();
  }
  const size_t n = w.size();
  const size_t word_end = b + n;
  if (n > 3 && upper(w[n - 3]) == 'N' && w[n - 2] == '\'' && upper(w[n - 1]) == 'T') {
    out.push(b, word_end - 3);
    out.push(word_end - 3, word_end);
  } else if (n > 2 && w[n - 2] == '\'' && upper(w[n - 1]) == 'S') {
    out.push(b, word_end - 2);
    out.push(word_end - 2, word_end);
  } else if (n > 1 && w.back() == '\'') {
    out.push(b, word_end - 1);
  } else if (n > 0) {
    out.push(b, word_end);
  }
  if (period_at != std::string::npos) out.push(period_at, period_at + 1);
}

}  // namespace

size_t petrarch_tokenize_into(std::string_view text, std::vector<PetrarchToken>& tokens) {
  if (tokens.empty()) tokens.reserve(text.size() / 5 + 4);  // about one token per five bytes
  TokenWriter out(text, tokens);
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c <= ' ' || c == '_') {
      ++i;
      continue;
    }
    if (is_word_byte(c)) {
      size_t j = i;
      while (j < n && is_word_byte(static_cast<unsigned char>(text[j]))) ++j;
      emit_word(out, text, i, j);
      i = j;
      continue;
    }
    out.push(i, i + 1);
    ++i;
  }
  return out.count();
}

std::vector<PetrarchToken> petrarch_tokenize(std::string_view text) {
  std::vector<PetrarchToken> tokens;
  tokens.resize(petrarch_tokenize_into(text, tokens));
  return tokens;
}

std::vector<std::string> petrarch_phrase_words(std::string_view phrase) {
  std::vector<std::string> words;
  for (auto& t : petrarch_tokenize(phrase)) words.push_back(std::move(t.word));
  return words;
}

}  // namespace fissure
