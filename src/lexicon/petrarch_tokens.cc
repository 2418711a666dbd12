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

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A final '.' belongs to the word only for abbreviations: "U.S.", "K.U.", a single initial "W.".
bool keeps_final_period(const std::string& w) {
  if (w.size() < 2) return false;
  std::string_view stem(w.data(), w.size() - 1);
  if (stem.find('.') != std::string_view::npos) return true;
  return stem.size() == 1 && is_alnum(static_cast<unsigned char>(stem[0]));
}

void push(std::vector<PetrarchToken>& out, std::string word, size_t b, size_t e) {
  out.push_back({std::move(word), static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
}

// Emits one raw word, splitting off the clitics the dictionaries write as separate words.
void emit_word(std::vector<PetrarchToken>& out, std::string_view text, size_t b, size_t e) {
  // Leading quotes/hyphens/periods are punctuation, not part of the word.
  while (b < e && (text[b] == '\'' || text[b] == '.' || text[b] == '-')) {
    if (text[b] != '-') push(out, std::string(1, text[b]), b, b + 1);
    ++b;
  }
  if (b >= e) return;
  std::string w = upper(text.substr(b, e - b));
  size_t period_at = std::string::npos;
  if (w.back() == '.' && !keeps_final_period(w)) {
    while (!w.empty() && w.back() == '.') w.pop_back();
    period_at = b + w.size();
  }
  size_t word_end = b + w.size();
  if (w.size() > 3 && ends_with(w, "N'T")) {
    std::string head = w.substr(0, w.size() - 3);
    push(out, head, b, b + head.size());
    push(out, "N'T", b + head.size(), word_end);
  } else if (w.size() > 2 && ends_with(w, "'S")) {
    push(out, w.substr(0, w.size() - 2), b, word_end - 2);
    push(out, "'S", word_end - 2, word_end);
  } else if (w.size() > 1 && w.back() == '\'') {
    push(out, w.substr(0, w.size() - 1), b, word_end - 1);
  } else if (!w.empty()) {
    push(out, std::move(w), b, word_end);
  }
  if (period_at != std::string::npos) push(out, ".", period_at, period_at + 1);
}

}  // namespace

std::vector<PetrarchToken> petrarch_tokenize(std::string_view text) {
  std::vector<PetrarchToken> out;
  out.reserve(text.size() / 5 + 4);  // about one token per five bytes of news text
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
    push(out, std::string(1, static_cast<char>(c)), i, i + 1);
    ++i;
  }
  return out;
}

std::vector<std::string> petrarch_phrase_words(std::string_view phrase) {
  std::vector<std::string> words;
  for (auto& t : petrarch_tokenize(phrase)) words.push_back(std::move(t.word));
  return words;
}

}  // namespace fissure
