// File: pillow_resample.h
//
// Pillow's grayscale conversion and Lanczos resize, reproduced bit for bit: the
// perceptual hashes (image_hash) must give exactly the bits the imagehash library
// computes through Pillow (shared/reference/imagehash.md, section 1).

#pragma once

#include <cstdint>
#include <vector>

#include "skipjack/functions/image/image_column.h"

namespace skipjack {

struct GrayImage {
  int64_t width = 0;
  int64_t height = 0;
  std::vector<uint8_t> pixels;  // row-major
  uint8_t at(int64_t x, int64_t y) const { return pixels[y * width + x]; }
};

/// Image.convert('L'): (19595 R + 38470 G + 7471 B + 32768) >> 16; alpha ignored.
GrayImage PillowGray(const ImageView& image);

/// Image.resize((width, height), Image.LANCZOS) of an 8-bit grayscale image: fixed-point
/// weights with 22 fractional bits, horizontal pass first, each pass rounded to 8 bits.
GrayImage PillowLanczos(const GrayImage& image, int64_t width, int64_t height);

}  // namespace skipjack
