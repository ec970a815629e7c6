// File: decimal_int128.h
//
// Decimal128 values as the compiler's 128-bit integers, for hot loops. Arrow stores a
// Decimal128 as a 16-byte little-endian two's-complement integer (the unscaled value),
// which is exactly __int128's layout on the little-endian machines we build for, and
// arithmetic on __int128 compiles to a few instructions instead of a library call.

#pragma once

#include <cstdint>
#include <cstring>

#include <arrow/util/decimal.h>

namespace skipjack {

using Int128 = __int128;

static_assert(sizeof(Int128) == 16);

/// The unscaled value of the decimal at `bytes` (a Decimal128 array slot).
inline Int128 LoadDecimal128(const uint8_t* bytes) {
  Int128 value;
  std::memcpy(&value, bytes, sizeof(value));
  return value;
}

inline arrow::Decimal128 ToDecimal128(Int128 value) {
  return arrow::Decimal128(static_cast<int64_t>(value >> 64),
                           static_cast<uint64_t>(value & ~uint64_t{0}));
}

inline Int128 FromDecimal128(const arrow::Decimal128& value) {
  return (static_cast<Int128>(value.high_bits()) << 64) | static_cast<Int128>(value.low_bits());
}

/// 10^n as Int128, for n in [0, 38].
inline Int128 PowerOfTen(int n) {
  Int128 value = 1;
  for (int i = 0; i < n; ++i) value *= 10;
  return value;
}

}  // namespace skipjack
