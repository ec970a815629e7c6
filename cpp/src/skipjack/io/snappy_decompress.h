// File: snappy_decompress.h
//
// Snappy decompression of Parquet pages. Arrow's wheel bundles snappy built for baseline
// x86-64, where its copies fall back to calls to memmove: on TPC-H's numeric pages
// (a short literal and a short copy per value) it decodes about 0.9 GB/s and was a
// quarter of scan-heavy query profiles. This decoder copies in fixed 16-byte vector
// steps inside a fast loop that has room for them and decodes the same pages at about
// 1.35 GB/s; text decodes as fast as Arrow's (cpp/benchmarks/snappy_decompress_benchmark.cc).
//
//   int64_t length = SnappyDeclaredLength(page, page_size);
//   if (length < 0 || !SnappyDecompress(page, page_size, out, length)) { ...corrupt... }

#pragma once

#include <cstddef>
#include <cstdint>

namespace skipjack {

/// The uncompressed length a raw snappy block declares in its header, or -1 when the
/// header is corrupt.
int64_t SnappyDeclaredLength(const uint8_t* input, size_t input_size);

/// Decompresses the raw snappy block `input` into `output`, which holds exactly
/// `output_size` bytes. False when the block is corrupt or does not decompress to
/// exactly `output_size` bytes (the output is then garbage). Never reads or writes
/// outside the two ranges.
bool SnappyDecompress(const uint8_t* input, size_t input_size, uint8_t* output,
                      size_t output_size);

}  // namespace skipjack
