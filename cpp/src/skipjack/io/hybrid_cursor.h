// File: hybrid_cursor.h
//
// Parquet's RLE/bit-packed hybrid encoding (dictionary indices, definition levels),
// read forward from any position.

#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "skipjack/io/bit_unpack.h"

namespace skipjack {

// Reads an RLE/bit-packed hybrid sequence (Parquet's dictionary indices and levels) at
// ascending positions: runs are walked once, and a value in a bit-packed run is read
// at its bit offset without unpacking its neighbours (At), or stretches of values are
// unpacked together (Decode).
class HybridCursor {
 public:
  HybridCursor() = default;
  HybridCursor(const uint8_t* data, int64_t size, int width)
      : next_(data), end_(data + size), width_(width),
        mask_(width >= 32 ? 0xFFFFFFFFull : (uint64_t{1} << width) - 1) {}

  /// The value at `position`; false when the data ends before it.
  bool At(int64_t position, uint32_t* value) {
    while (position >= run_end_) {
      if (!NextRun()) return false;
    }
    if (!packed_) {
      *value = run_value_;
      return true;
    }
    const int64_t bit = (position - run_start_) * width_;
    const int64_t byte = bit >> 3;
    const int64_t available = packed_bytes_ - byte;
    if (available <= 0) return false;
    uint64_t word = 0;
    std::memcpy(&word, packed_ + byte, static_cast<size_t>(std::min<int64_t>(available, 8)));
    *value = static_cast<uint32_t>((word >> (bit & 7)) & mask_);
    return true;
  }

  /// The `count` values from `position` on (ascending across calls) into `out`, a
  /// run at a time; false when the data ends first.
  template <typename T>
  bool Decode(int64_t position, int64_t count, T* out) {
    while (count > 0) {
      while (position >= run_end_) {
        if (!NextRun()) return false;
      }
      const int64_t n = std::min(count, run_end_ - position);
      if (!packed_) {
        std::fill(out, out + n, static_cast<T>(run_value_));
      } else {
        const int64_t first = position - run_start_;
        if ((first + n) * width_ > packed_bytes_ * 8) return false;
        UnpackBits(packed_, end_ - packed_, width_, first, n, out);
      }
      out += n;
      position += n;
      count -= n;
    }
    return true;
  }

 private:
  bool NextRun() {
    uint64_t header = 0;
    for (int shift = 0;; shift += 7) {
      if (next_ >= end_ || shift > 35) return false;
      const uint8_t byte = *next_++;
      header |= uint64_t{byte & 0x7Fu} << shift;
      if (!(byte & 0x80)) break;
    }
    run_start_ = run_end_;
    if (header & 1) {  // bit-packed groups of eight values
      const int64_t groups = static_cast<int64_t>(header >> 1);
      packed_ = next_;
      packed_bytes_ = std::min<int64_t>(groups * width_, end_ - next_);
      next_ += packed_bytes_;
      run_end_ = run_start_ + groups * 8;
    } else {  // one value repeated
      const int bytes = (width_ + 7) / 8;
      if (end_ - next_ < bytes) return false;
      run_value_ = 0;
      std::memcpy(&run_value_, next_, static_cast<size_t>(bytes));
      next_ += bytes;
      packed_ = nullptr;
      run_end_ = run_start_ + static_cast<int64_t>(header >> 1);
    }
    return true;
  }

  const uint8_t* next_ = nullptr;
  const uint8_t* end_ = nullptr;
  int width_ = 0;
  uint64_t mask_ = 0;
  int64_t run_start_ = 0, run_end_ = 0;
  const uint8_t* packed_ = nullptr;  // the current run's bits, or null for a repeated value
  int64_t packed_bytes_ = 0;
  uint32_t run_value_ = 0;
};

}  // namespace skipjack
