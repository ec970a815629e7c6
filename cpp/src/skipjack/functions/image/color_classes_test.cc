#include "skipjack/functions/image/color_classes.h"

#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace skipjack::internal {
namespace {

// The integer fast path against Pillow's float32 HSV tables, on every 8-bit colour.
TEST(ColorClasses, FastPathMatchesPillowOnEveryColour) {
  std::vector<uint8_t> rgb(3 * 65536), classes(65536);
  int64_t mismatches = 0;
  for (int r = 0; r < 256; ++r) {
    for (int i = 0; i < 65536; ++i) {
      rgb[3 * i] = static_cast<uint8_t>(r);
      rgb[3 * i + 1] = static_cast<uint8_t>(i >> 8);
      rgb[3 * i + 2] = static_cast<uint8_t>(i & 255);
    }
    ClassifyRgbPixels(rgb.data(), 65536, classes.data());
    for (int i = 0; i < 65536; ++i) {
      if (classes[i] != ColorClassOf(&rgb[3 * i], 3) && ++mismatches <= 5) {
        ADD_FAILURE() << "rgb(" << r << ", " << (i >> 8) << ", " << (i & 255) << "): "
                      << int{classes[i]} << " vs " << int{ColorClassOf(&rgb[3 * i], 3)};
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

// Counting in chunks, vector steps and scalar tails gives the per-pixel counts.
TEST(ColorClasses, CountsMatchPerPixelClasses) {
  std::mt19937 random(7);
  for (int64_t pixels : {0, 1, 15, 17, 31, 4096, 4097, 70001}) {
    for (int channels : {1, 3, 4}) {
      std::vector<uint8_t> image(pixels * channels);
      for (auto& v : image) v = static_cast<uint8_t>(random());
      int64_t expected[kColorClasses] = {}, counts[kColorClasses];
      for (int64_t i = 0; i < pixels; ++i) ++expected[ColorClassOf(&image[i * channels], channels)];
      CountColorClasses(image.data(), pixels, channels, counts);
      for (int c = 0; c < kColorClasses; ++c) {
        EXPECT_EQ(counts[c], expected[c]) << "class " << c << ", " << pixels << " pixels x " << channels;
      }
    }
  }
}

}  // namespace
}  // namespace skipjack::internal
