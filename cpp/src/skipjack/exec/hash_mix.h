// File: hash_mix.h
//
// The hashes our own hash tables share: SplitMix64's finalizer for integer words and a
// word-at-a-time hash of byte strings built on it. Not stable across versions: never
// store them.

#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace skipjack {

/// SplitMix64's finalizer: a full-avalanche mix of 64 bits.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Hash of more than 16 bytes: XXH3, which mixes several words at once where a
/// word-at-a-time chain waits on each multiply (long string keys).
uint64_t HashLongBytes(const void* data, size_t size);

/// Hash of `size` bytes: short ones eight at a time, long ones by HashLongBytes.
inline uint64_t HashBytes(const void* data, size_t size) {
  if (size > 16) return HashLongBytes(data, size);
  const auto* bytes = static_cast<const uint8_t*>(data);
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ size;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes + i, 8);
    h = Mix64(h ^ word);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, bytes + i, size - i);
  return Mix64(h ^ tail);
}

}  // namespace skipjack
