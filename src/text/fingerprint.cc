#include "fissure/text/fingerprint.h"

#include <openssl/evp.h>

#include <limits>

namespace fissure {
namespace {

constexpr uint64_t fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

unsigned char fold(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(len * 2, '0');
  for (unsigned i = 0; i < len; ++i) {
    out[2 * i] = kHex[md[i] >> 4];
    out[2 * i + 1] = kHex[md[i] & 15];
  }
  return out;
}

uint64_t hash64(std::string_view bytes, uint64_t seed) {
  // FNV-1a over 8-byte words, finished with MurmurHash3's mixer: fast and well distributed.
  uint64_t h = 0xcbf29ce484222325ULL ^ fmix64(seed + bytes.size());
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w = 0;
    for (int k = 7; k >= 0; --k) w = (w << 8) | static_cast<unsigned char>(bytes[i + k]);
    h = (h ^ fmix64(w)) * 0x100000001b3ULL;
  }
  uint64_t tail = 0;
  for (size_t k = bytes.size(); k > i; --k) tail = (tail << 8) | static_cast<unsigned char>(bytes[k - 1]);
  h = (h ^ fmix64(tail)) * 0x100000001b3ULL;
  return fmix64(h);
}

int64_t normalized_sentence_hash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  bool pending_gap = false, any = false;
  for (unsigned char c : s) {
    if (!is_word_byte(c)) {
      pending_gap = any;
      continue;
    }
    if (pending_gap) {
      h = (h ^ ' ') * 0x100000001b3ULL;
      pending_gap = false;
    }
    h = (h ^ fold(c)) * 0x100000001b3ULL;
    any = true;
  }
  return static_cast<int64_t>(fmix64(h));
}

MinHash minhash(std::string_view text) {
  MinHash sig;
  sig.slots.fill(std::numeric_limits<uint32_t>::max());
  // Rolling window of the hashes of the last kShingleWords words.
  std::array<uint64_t, kShingleWords> window{};
  size_t words = 0;
  size_t i = 0, n = text.size();
  while (i < n) {
    while (i < n && !is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= n) break;
    uint64_t wh = 0xcbf29ce484222325ULL;
    while (i < n && is_word_byte(static_cast<unsigned char>(text[i]))) {
      wh = (wh ^ fold(static_cast<unsigned char>(text[i]))) * 0x100000001b3ULL;
      ++i;
    }
    window[words % kShingleWords] = fmix64(wh);
    ++words;
    if (words < kShingleWords) continue;
    uint64_t sh = 0;
    for (size_t k = 0; k < kShingleWords; ++k)
      sh = fmix64(sh ^ window[(words - kShingleWords + k) % kShingleWords] ^ (k * 0x9e3779b97f4a7c15ULL));
    // One permutation: the top bits choose the slot, the low 32 bits compete within it.
    uint32_t slot = static_cast<uint32_t>(sh >> 57);  // 7 bits -> 128 slots
    uint32_t value = static_cast<uint32_t>(sh);
    if (value < sig.slots[slot]) sig.slots[slot] = value;
    ++sig.shingles;
  }
  if (sig.shingles == 0) return sig;
  // Densification: an empty slot borrows from the next non-empty slot to its right (circular),
  // re-hashed with the distance so that borrowed values stay comparable across documents.
  std::array<uint32_t, kMinHashSize> dense = sig.slots;
  for (int s = 0; s < kMinHashSize; ++s) {
    if (sig.slots[s] != std::numeric_limits<uint32_t>::max()) continue;
    for (int d = 1; d < kMinHashSize; ++d) {
      int from = (s + d) % kMinHashSize;
      if (sig.slots[from] != std::numeric_limits<uint32_t>::max()) {
        dense[s] = static_cast<uint32_t>(fmix64((uint64_t{sig.slots[from]} << 8) ^ d));
        break;
      }
    }
  }
  sig.slots = dense;
  return sig;
}

double minhash_similarity(const MinHash& a, const MinHash& b) {
  int same = 0;
  for (int i = 0; i < kMinHashSize; ++i) same += a.slots[i] == b.slots[i];
  return static_cast<double>(same) / kMinHashSize;
}

}  // namespace fissure
