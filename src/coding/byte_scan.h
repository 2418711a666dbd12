// Eight bytes at a time in one 64-bit word: the tokenisers' fast paths over plain ASCII runs.
// Each test sets the high bit of the bytes it flags. A borrow out of a flagged byte may flag bytes
// after it too, never one before, so the first flag is always exact; first_flagged() reads only
// that one. Private to src/coding/.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace fissure::byte_scan {

static_assert(std::endian::native == std::endian::little, "the first byte is the lowest");

inline constexpr uint64_t kOnes = 0x0101010101010101ull;
inline constexpr uint64_t kHigh = 0x8080808080808080ull;

inline uint64_t load8(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, sizeof x);
  return x;
}

// The bytes below `limit` (at most 0x80).
inline uint64_t below(uint64_t x, unsigned char limit) { return (x - kOnes * limit) & ~x & kHigh; }

// The bytes of 0x80 and above.
inline uint64_t high(uint64_t x) { return x & kHigh; }

// The bytes equal to `c`.
inline uint64_t equal(uint64_t x, unsigned char c) { return below(x ^ (kOnes * c), 1); }

// How many bytes come before the first flagged one: 8 when none is.
inline size_t first_flagged(uint64_t flags) {
  return flags ? static_cast<size_t>(std::countr_zero(flags)) / 8 : 8;
}

}  // namespace fissure::byte_scan
