// File: perceptual_hashes.h
//
// The imagehash library's hashes, computed as it computes them (Pillow grayscale and
// Lanczos, scipy's unnormalized DCT-II, pywt's Haar transform in its operation order,
// Pillow's float32 HSV): shared/reference/imagehash.md. Each returns the hash's bits in
// imagehash's row-major order.

#pragma once

#include <string>
#include <vector>

#include <arrow/result.h>

#include "skipjack/functions/image/image_column.h"

namespace skipjack {

enum class HashMethod { kPhash, kPhashSimple, kDhash, kDhashVertical, kAhash, kWhash, kColorhash,
                        kCropResistant };

arrow::Result<HashMethod> HashMethodFromName(const std::string& name);

struct HashParameters {
  HashMethod method = HashMethod::kPhash;
  int hash_size = 8;
  int binbits = 3;   // colorhash
  int segments = 3;  // crop_resistant: a segments x segments grid of phashes
};

/// Bits of the hash (hash_size^2, 14 * binbits for colorhash, segments^2 * hash_size^2
/// for crop_resistant).
int64_t HashBits(const HashParameters& parameters);

std::vector<bool> ComputeHash(const ImageView& image, const HashParameters& parameters);

}  // namespace skipjack
