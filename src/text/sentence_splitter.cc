#include "fissure/text/sentence_splitter.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <algorithm>
#include <string>
#include <mutex>

namespace fissure {
namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Length of a UTF-8 whitespace sequence at s[i] that ASCII tests miss (NBSP, ideographic space,
// line/paragraph separators), or 0.
size_t unicode_space_at(std::string_view s, size_t i) {
  auto u = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  if (i + 1 < s.size() && u(i) == 0xC2 && (u(i + 1) == 0xA0 || u(i + 1) == 0x85)) return 2;
  if (i + 2 < s.size() && u(i) == 0xE2 && u(i + 1) == 0x80 &&
      (u(i + 2) == 0xA8 || u(i + 2) == 0xA9 || (u(i + 2) >= 0x80 && u(i + 2) <= 0x8B) || u(i + 2) == 0xAF))
    return 3;
  if (i + 2 < s.size() && u(i) == 0xE3 && u(i + 1) == 0x80 && u(i + 2) == 0x80) return 3;
  return 0;
}

// Text whose lines are mostly short and often continue in lower case is wrapped at a fixed width:
// its line breaks are not paragraph ends. Prose with a paragraph per line has long lines.
bool is_hard_wrapped(std::string_view text) {
  size_t lines = 0, short_lines = 0, lower_starts = 0, start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\n' && text[i] != '\r') continue;
    size_t len = i - start;
    if (len > 0) {
      ++lines;
      if (len <= 100) ++short_lines;
      // A wrapped sentence goes on in lower case on the next line; a list of headlines does not.
      if (text[start] >= 'a' && text[start] <= 'z') ++lower_starts;
    }
    start = i + 1;
  }
  return lines >= 5 && short_lines * 10 >= lines * 8 && lower_starts * 4 >= lines;
}

// A span without letters ("?", ",", a paragraph number "48.") left between breaks is not a
// sentence. Any non-ASCII byte counts as a letter: scripts other than Latin must pass.
bool has_word(std::string_view s) {
  for (unsigned char c : s)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) return true;
  return false;
}

// ICU breaks after abbreviations it does not know ("Secy. Kim", "in s. Korea", "George W. Bush").
// A break is dropped when the text before it ends in a title or month abbreviation or a single
// letter, or in a dotted acronym ("U.S.") followed by a lower-case word.
bool ends_with_abbreviation(std::string_view text, int32_t start, int32_t end) {
  size_t e = static_cast<size_t>(end);
  while (e > static_cast<size_t>(start) && is_space(static_cast<unsigned char>(text[e - 1]))) {
    if (text[e - 1] == '\n' || text[e - 1] == '\r') return false;  // a line break is a real end
    --e;
  }
  if (e == static_cast<size_t>(start) || text[e - 1] != '.') return false;
  size_t w = e - 1;
  while (w > static_cast<size_t>(start) && !is_space(static_cast<unsigned char>(text[w - 1])) && text[w - 1] != '(' &&
         text[w - 1] != '"')
    --w;
  std::string word(text.substr(w, e - 1 - w));  // without the final period
  if (word.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (word.size() == 1 && alpha(word[0])) return true;
  static const char* const kAbbreviations[] = {
      "Secy", "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm", "Gov", "Sen", "Rep",
      "St", "No", "Nos", "Vol", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
      "Corp", "Inc", "Ltd", "Jr", "Sr", "vs", "Dept", "Amb", "Pres", "Rev", "Hon", "Messrs", "approx", "Fig", "Art"};
  for (const char* a : kAbbreviations)
    if (word == a) return true;
  // Dotted acronym: letters separated by periods, then a lower-case continuation.
  bool dotted = word.find('.') != std::string::npos;
  for (char c : word) dotted = dotted && (alpha(c) || c == '.');
  if (!dotted) return false;
  size_t n = static_cast<size_t>(end);
  return n < text.size() && text[n] >= 'a' && text[n] <= 'z';
}

// Runs of two or more commas separated only by spaces or tabs (", , ", ". , , ,"), or one comma
// right after a full stop and before a space: never prose,
// but how some scrapers (KCNA's archive among them) joined paragraphs. They end a sentence and
// belong to none.
std::vector<Span> comma_runs(std::string_view text) {
  std::vector<Span> runs;
  size_t i = text.find(',');
  while (i != std::string_view::npos) {
    size_t j = i + 1, commas = 1, end = i + 1;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == ',')) {
      if (text[j] == ',') {
        ++commas;
        end = j + 1;
      }
      ++j;
    }
    // A single comma right after a full stop (".,  Present") is the same join after a sentence.
    bool after_stop = i > 0 && (text[i - 1] == '.' || text[i - 1] == '!' || text[i - 1] == '?') && end < text.size() &&
                      (text[end] == ' ' || text[end] == '\t');
    if (commas >= 2 || after_stop) runs.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(end)});
    i = text.find(',', end);
  }
  return runs;
}

// Length of a Unicode space sequence (as unicode_space_at knows them) ending at s[end], or 0.
size_t unicode_space_before(std::string_view s, size_t end) {
  for (size_t len : {2, 3})
    if (end >= len && unicode_space_at(s, end - len) == len) return len;
  return 0;
}

// The base iterator is built once (it parses ICU's rule data); each splitter clones it.
const icu::BreakIterator* base_iterator(UErrorCode* status) {
  static std::once_flag once;
  static icu::BreakIterator* base = nullptr;
  static UErrorCode base_status = U_ZERO_ERROR;
  std::call_once(once, [] {
    base = icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), base_status);
  });
  *status = base_status;
  return base;
}

}  // namespace

struct SentenceSplitter::Impl {
  std::unique_ptr<icu::BreakIterator> it;
};

SentenceSplitter::SentenceSplitter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SentenceSplitter::~SentenceSplitter() = default;

Result<std::unique_ptr<SentenceSplitter>> SentenceSplitter::create() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::BreakIterator* base = base_iterator(&status);
  if (U_FAILURE(status) || !base)
    return Status::internal(std::string("ICU sentence iterator unavailable: ") + u_errorName(status));
  auto impl = std::make_unique<Impl>();
  impl->it.reset(base->clone());
  return std::unique_ptr<SentenceSplitter>(new SentenceSplitter(std::move(impl)));
}

std::vector<Span> SentenceSplitter::split(std::string_view text) const {
  std::vector<Span> out;
  if (text.empty()) return out;
  // Hard-wrapped text (OCR'd speeches: a newline every 60-80 characters) would give a "sentence"
  // per line. There ICU reads a copy in which lone line breaks are spaces; the copy has the same
  // bytes at the same offsets otherwise, so the boundaries still index the original text.
  std::string unwrapped;
  std::string_view scan = text;
  if (is_hard_wrapped(text)) {
    unwrapped.assign(text);
    for (size_t i = 0; i < unwrapped.size(); ++i) {
      char c = unwrapped[i];
      if (c != '\n' && c != '\r') continue;
      size_t j = i + 1;
      if (c == '\r' && j < unwrapped.size() && unwrapped[j] == '\n') ++j;
      bool blank_next = j < unwrapped.size() && (unwrapped[j] == '\n' || unwrapped[j] == '\r');
      bool blank_prev = i > 0 && (text[i - 1] == '\n' || text[i - 1] == '\r');
      if (!blank_next && !blank_prev)
        for (size_t k = i; k < j; ++k) unwrapped[k] = ' ';
      i = j - 1;
    }
    scan = unwrapped;
  }
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, scan.data(), static_cast<int64_t>(scan.size()), &status);
  if (U_FAILURE(status)) return out;
  impl_->it->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    return out;
  }
  auto emit = [&](size_t start, size_t end) {
    // Trim white space, ASCII and Unicode.
    for (;;) {
      if (start < end && is_space(static_cast<unsigned char>(text[start]))) {
        ++start;
        continue;
      }
      size_t u = start < end ? unicode_space_at(text, start) : 0;
      if (u && start + u <= end) {
        start += u;
        continue;
      }
      break;
    }
    for (;;) {
      if (end > start && is_space(static_cast<unsigned char>(text[end - 1]))) {
        --end;
        continue;
      }
      size_t u = unicode_space_before(text, end);
      if (u && end - u >= start) {
        end -= u;
        continue;
      }
      break;
    }
    if (start >= end) return;
    // Cut overlong runs (tables, lists without punctuation) at a space so that one sentence
    // never dominates a snippet or an FTS row.
    while (end - start > kMaxSentenceBytes) {
      size_t cut = start + kMaxSentenceBytes;
      while (cut > start && text[cut] != ' ') --cut;
      if (cut == start) {  // no space: cut at a UTF-8 character boundary
        cut = start + kMaxSentenceBytes;
        while (cut > start && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      }
      out.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(cut)});
      start = cut;
      while (start < end && is_space(static_cast<unsigned char>(text[start]))) ++start;
    }
    if (start < end && has_word(text.substr(start, end - start)))
      out.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
  };
  // ICU sees the whole text (its rules need the context); a break run cuts its sentences further.
  std::vector<Span> runs = comma_runs(text);
  size_t next_run = 0;
  auto emit_cut = [&](size_t start, size_t end) {
    while (next_run < runs.size() && runs[next_run].end <= start) ++next_run;
    for (size_t r = next_run; r < runs.size() && runs[r].start < end; ++r) {
      emit(start, std::max<size_t>(start, runs[r].start));
      start = std::min<size_t>(end, runs[r].end);
    }
    emit(start, end);
  };
  int32_t prev = impl_->it->first();
  for (int32_t b = impl_->it->next(); b != icu::BreakIterator::DONE; b = impl_->it->next()) {
    // Native indexes of a UTF-8 UText are byte offsets.
    if (b < static_cast<int32_t>(text.size()) && ends_with_abbreviation(text, prev, b)) continue;
    emit_cut(static_cast<size_t>(prev), static_cast<size_t>(b));
    prev = b;
  }
  utext_close(ut);
  return out;
}

}  // namespace fissure
