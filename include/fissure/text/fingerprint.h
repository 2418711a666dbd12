// Fingerprints of text: content hashes for exact identity, normalised sentence hashes for
// boilerplate, and MinHash signatures for near-duplicate documents. Part of the text layer.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace fissure {

// SHA-256 of the bytes, as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

// 64-bit hash of bytes (not cryptographic; stable across platforms and versions).
uint64_t hash64(std::string_view bytes, uint64_t seed = 0);

// Hash of a sentence after case folding (ASCII) and collapsing runs of white space and
// punctuation, so "All Content by X ..." and "all content by X..." hash alike. Stored as a
// signed 64-bit integer (SQLite's integer type).
int64_t normalized_sentence_hash(std::string_view sentence);

// One-permutation MinHash with densification over word 5-shingles: kMinHashSize slots.
// Two signatures agree in a slot with probability equal to the Jaccard similarity of the
// documents' shingle sets.
constexpr int kMinHashSize = 128;
constexpr int kShingleWords = 5;
struct MinHash {
  std::array<uint32_t, kMinHashSize> slots{};
  uint32_t shingles = 0;  // number of shingles the signature was built from
};
MinHash minhash(std::string_view text);
// Fraction of agreeing slots: the Jaccard estimate.
double minhash_similarity(const MinHash& a, const MinHash& b);

}  // namespace fissure
