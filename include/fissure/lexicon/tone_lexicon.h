// ToneLexicon: token -> valence on VADER's scale (-4 extremely negative .. +4 extremely positive).
//
// Reads the VADER lexicon layout: one entry a line, TAB-separated `token, mean valence[, sd[,
// ratings]]`; columns after the valence are ignored, so fissure's own lexicon
// (data/dictionaries/tone.fissure.txt: `token<TAB>valence<TAB># note`) is read by the same code.
// Several lexicons can be added in order; a token added again (in the same file or a later one)
// takes the later valence, as a Python dict built from the files in order would.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/util/status.h"

namespace fissure {

struct ToneEntry {
  double valence = 0;
  uint32_t source = 0;  // index into ToneLexicon::sources()
  uint32_t line = 0;    // 1-based line in that source
};

class ToneLexicon {
 public:
  // The name `--lexicon` accepts for the built-in lexicon, tone.fissure.txt.
  static constexpr std::string_view kBuiltinName = "tone.fissure.txt";

  ToneLexicon() = default;

  // Adds the entries of `text`, named `name` in messages. A malformed line is skipped and
  // reported as "name:LINE: reason" in *messages (if not null). Returns the number of entries read.
  size_t add_text(std::string_view text, std::string_view name, std::vector<std::string>* messages);

  // Reads the file at `path` and adds it; an unreadable file is an error (nothing is added).
  Status add_file(const std::string& path, std::vector<std::string>* messages);

  // Adds the built-in lexicon (kBuiltinName, compiled into the library).
  Status add_builtin(std::vector<std::string>* messages);

  // The lexicons named in `specs`, added in order: a file path, or kBuiltinName (or "builtin")
  // for the built-in one. No specs: the built-in lexicon alone.
  static Result<ToneLexicon> load(const std::vector<std::string>& specs,
                                  std::vector<std::string>* messages);

  // The entry for `token` exactly as stored (VADER looks tokens up lower-cased; keys with
  // capitals, such as the emoticon ":D", can therefore never match, in nltk as here).
  const ToneEntry* find(std::string_view token) const;
  // The same with `hash` = hash_of(token), for a caller that looks one token up in several
  // lexicons (or tables of its own) and so hashes it once.
  const ToneEntry* find(std::string_view token, uint64_t hash) const;
  static uint64_t hash_of(std::string_view s);
  // hash_of in steps, for a caller that hashes a token while it writes it: start with
  // kHashSeed, hash_byte() each byte, then hash_finish().
  static constexpr uint64_t kHashSeed = 1469598103934665603ull;
  static constexpr uint64_t hash_byte(uint64_t h, unsigned char c) {
    return (h ^ c) * 1099511628211ull;
  }
  static constexpr uint64_t hash_finish(uint64_t h) {
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
  }

  size_t size() const { return entries_.size(); }
  // Calls fn(token, entry) for every token, in insertion order (a token added again appears once,
  // with its latest entry).
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (const Slot& s : entries_) fn(key_of(s), s.entry);
  }
  const std::vector<std::string>& sources() const { return sources_; }

 private:
  struct Slot {
    uint32_t key_offset;
    uint32_t key_length;
    uint64_t hash;
    ToneEntry entry;
  };
  std::string_view key_of(const Slot& s) const {
    return {keys_.data() + s.key_offset, s.key_length};
  }
  void insert(std::string_view token, const ToneEntry& entry);
  void grow();
  static uint64_t bucket_of(size_t entry, uint64_t hash);

  std::string keys_;           // every key, back to back
  std::vector<Slot> entries_;  // in insertion order
  // Open addressing, linear probing: entry index + 1 in the low 32 bits (0 = empty), the high 32
  // bits of the entry's hash in the high ones.
  std::vector<uint64_t> buckets_;
  std::vector<std::string> sources_;
};

}  // namespace fissure
