// File: color_classes.h
//
// imagehash.colorhash sorts every pixel into one of 14 classes (black, gray, faint hue bin
// 0-5, bright hue bin 0-5) plus saturation exactly 170, which counts as coloured but in
// neither histogram. Pillow decides the classes in float32 HSV; these functions give the
// same class for every 8-bit colour (an exhaustive test checks all 2^24).

#pragma once

#include <cstdint>

namespace skipjack::internal {

enum ColorClass : uint8_t {
  kBlack = 0,
  kGray = 1,
  kFaint = 2,    // kFaint + hue bin (0-5)
  kBright = 8,   // kBright + hue bin (0-5)
  kColorOnly = 14,
  kColorClasses = 15,
};

/// The class of one pixel of an image with `channels` channels (1-2: luma only; 3-4: RGB,
/// alpha ignored), through Pillow's float32 HSV (lookup tables built once).
uint8_t ColorClassOf(const uint8_t* pixel, int channels);

/// Counts the classes of `count` pixels of an image with `channels` channels into
/// `counts[kColorClasses]`. RGB pixels go through exact integer comparisons, 16 at a time
/// on AVX2, with the table path only where a ratio ties with a class boundary.
void CountColorClasses(const uint8_t* pixels, int64_t count, int channels, int64_t* counts);

/// The classes of `count` RGB pixels, one byte each (the fast path, for tests).
void ClassifyRgbPixels(const uint8_t* rgb, int64_t count, uint8_t* classes);

}  // namespace skipjack::internal
