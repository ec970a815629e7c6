// File: bit_unpack.h
//
// Unpacking of little-endian bit-packed integers, as Parquet stores dictionary indices
// and definition levels (the bit-packed runs of its RLE/bit-packed hybrid encoding).
// Whole groups of eight values are unpacked by code specialized for their width, with
// constant shifts; the values around them one by one.
//
//   std::vector<uint32_t> indices(count);
//   UnpackBits(run_bytes, readable_bytes, /*width=*/12, /*first=*/0, count, indices.data());

#pragma once

#include <cstdint>

namespace skipjack {

/// Values `first`..`first + count` of a sequence of `width`-bit values (0 to 32) packed
/// from the low bits of `data` up, into `out`. `size` is how many bytes of `data` may
/// be read; they must hold the values wanted.
void UnpackBits(const uint8_t* data, int64_t size, int width, int64_t first, int64_t count,
                uint32_t* out);
void UnpackBits(const uint8_t* data, int64_t size, int width, int64_t first, int64_t count,
                uint8_t* out);

}  // namespace skipjack
