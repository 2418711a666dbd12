#include "fissure/lexicon/tone_lexicon.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fissure/lexicon/builtin_data.h"
#include "fissure/util/messages.h"

namespace fissure {
namespace {

constexpr double kMaxValence = 4.0;

std::string_view trim(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

void report(std::vector<std::string>* messages, std::string_view name, size_t line,
            std::string_view reason) {
  if (messages) messages->push_back(located_message(name, line, reason));
}

// Why the valence field is unusable, or "" when *out holds it.
std::string parse_valence(std::string_view field, double* out) {
  // fissure's lexicon allows a note after the valence in the same column ("2.5  # note").
  if (size_t hash = field.find('#'); hash != std::string_view::npos) field = field.substr(0, hash);
  field = trim(field);
  if (field.empty()) return "missing valence";
  if (field.front() == '+') field.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  std::string shown(field.substr(0, 40));
  if (ec != std::errc() || end != field.data() + field.size())
    return "valence '" + shown + "' is not a number";
  if (!std::isfinite(v) || v < -kMaxValence || v > kMaxValence) {
    return "valence " + shown + " is outside -4..+4";
  }
  *out = v;
  return "";
}

}  // namespace

uint64_t ToneLexicon::hash_of(std::string_view s) {
  uint64_t h = kHashSeed;  // FNV-1a, then a final mix for the low bits
  for (unsigned char c : s) h = hash_byte(h, c);
  return hash_finish(h);
}

uint64_t ToneLexicon::bucket_of(size_t entry, uint64_t hash) {
  return (hash & 0xFFFFFFFF00000000ull) | static_cast<uint32_t>(entry + 1);
}

void ToneLexicon::grow() {
  size_t capacity = buckets_.empty() ? 64 : buckets_.size() * 2;
  buckets_.assign(capacity, 0);
  const size_t mask = capacity - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    size_t b = entries_[i].hash & mask;
    while (buckets_[b] != 0) b = (b + 1) & mask;
    buckets_[b] = bucket_of(i, entries_[i].hash);
  }
}

void ToneLexicon::insert(std::string_view token, const ToneEntry& entry) {
  // At most a quarter full: most looked-up tokens are absent, and a miss then ends after one or
  // two buckets.
  if ((entries_.size() + 1) * 4 > buckets_.size()) grow();
  const uint64_t h = hash_of(token);
  const size_t mask = buckets_.size() - 1;
  size_t b = h & mask;
  while (buckets_[b] != 0) {
    Slot& s = entries_[static_cast<uint32_t>(buckets_[b]) - 1];
    if (s.hash == h && key_of(s) == token) {
      s.entry = entry;  // a later entry overrides an earlier one
      return;
    }
    b = (b + 1) & mask;
  }
  entries_.push_back(
      {static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(token.size()), h, entry});
  keys_.append(token);
  buckets_[b] = bucket_of(entries_.size() - 1, h);
}

const ToneEntry* ToneLexicon::find(std::string_view token) const {
  return find(token, hash_of(token));
}

const ToneEntry* ToneLexicon::find(std::string_view token, uint64_t h) const {
  if (buckets_.empty()) return nullptr;
  const size_t mask = buckets_.size() - 1;
  const uint64_t tag = h & 0xFFFFFFFF00000000ull;
  for (size_t b = h & mask; buckets_[b] != 0; b = (b + 1) & mask) {
    // The bucket's hash bits rule out most other tokens without reading their entry.
    if ((buckets_[b] & 0xFFFFFFFF00000000ull) != tag) continue;
    const Slot& s = entries_[static_cast<uint32_t>(buckets_[b]) - 1];
    if (s.hash == h && key_of(s) == token) return &s.entry;
  }
  return nullptr;
}

size_t ToneLexicon::add_text(std::string_view text, std::string_view name,
                             std::vector<std::string>* messages) {
  const uint32_t source = static_cast<uint32_t>(sources_.size());
  sources_.emplace_back(name);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t added = 0;
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      report(messages, name, line_number, "expected TOKEN<TAB>VALENCE, found no tab");
      continue;
    }
    std::string_view token = trim(line.substr(0, tab));
    if (token.empty()) {
      report(messages, name, line_number, "empty token");
      continue;
    }
    std::string_view rest = line.substr(tab + 1);
    std::string_view valence_field = rest.substr(0, rest.find('\t'));
    ToneEntry entry;
    if (std::string why = parse_valence(valence_field, &entry.valence); !why.empty()) {
      report(messages, name, line_number, why);
      continue;
    }
    entry.source = source;
    entry.line = static_cast<uint32_t>(line_number);
    insert(token, entry);
    ++added;
  }
  return added;
}

Status ToneLexicon::add_file(const std::string& path, std::vector<std::string>* messages) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Status::not_found(path + ": no such lexicon file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(path + ": cannot open the lexicon");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::io_error(path + ": read error");
  add_text(buffer.str(), path, messages);
  return Status::ok();
}

Status ToneLexicon::add_builtin(std::vector<std::string>* messages) {
  std::optional<std::string_view> text = builtin_file(kBuiltinName);
  if (!text) return Status::internal(std::string(kBuiltinName) + ": not compiled into the library");
  add_text(*text, kBuiltinName, messages);
  return Status::ok();
}

Result<ToneLexicon> ToneLexicon::load(const std::vector<std::string>& specs,
                                      std::vector<std::string>* messages) {
  ToneLexicon lexicon;
  if (specs.empty()) {
    FISSURE_RETURN_IF_ERROR(lexicon.add_builtin(messages));
    return lexicon;
  }
  for (const std::string& spec : specs) {
    if (spec == kBuiltinName || spec == "builtin") {
      FISSURE_RETURN_IF_ERROR(lexicon.add_builtin(messages));
    } else {
      FISSURE_RETURN_IF_ERROR(lexicon.add_file(spec, messages));
    }
  }
  return lexicon;
}

}  // namespace fissure
