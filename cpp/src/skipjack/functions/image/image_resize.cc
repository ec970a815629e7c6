#include "skipjack/functions/image/image_resize.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

namespace skipjack {
namespace {

float Triangle(float x) {
  x = std::fabs(x);
  return x < 1.0f ? 1.0f - x : 0.0f;
}

// The source positions and normalized weights of one output position.
struct Taps {
  int64_t first = 0;
  std::vector<float> weights;
};

std::vector<Taps> ComputeTaps(int64_t source, int64_t target) {
  const float ratio = static_cast<float>(source) / static_cast<float>(target);
  const float scale = std::max(ratio, 1.0f);
  const float support = 1.0f * scale;  // the triangle filter's support, widened
  std::vector<Taps> taps(static_cast<size_t>(target));
  for (int64_t out = 0; out < target; ++out) {
    const float center = (static_cast<float>(out) + 0.5f) * ratio;
    int64_t left = static_cast<int64_t>(std::floor(center - support));
    left = std::clamp<int64_t>(left, 0, source - 1);
    int64_t right = static_cast<int64_t>(std::ceil(center + support));
    right = std::clamp<int64_t>(right, left + 1, source);
    const float position = center - 0.5f;
    Taps& t = taps[out];
    t.first = left;
    float sum = 0.0f;
    for (int64_t i = left; i < right; ++i) {
      const float w = Triangle((static_cast<float>(i) - position) / scale);
      t.weights.push_back(w);
      sum += w;
    }
    for (float& w : t.weights) w /= sum;
  }
  return taps;
}

// Rows first (width x new_height, in float), then columns; integer samples round to the
// nearest level and clamp, floats are kept as computed.
template <typename T>
void Resize(const ImageView& image, OwnedImage& out) {
  const int c = image.channels;
  const T* pixels = image.samples<T>();
  const auto vertical = ComputeTaps(image.height, out.height);
  std::vector<float> middle(static_cast<size_t>(image.width * out.height * c));
  for (int64_t y = 0; y < out.height; ++y) {
    const Taps& taps = vertical[y];
    float* row = middle.data() + y * image.width * c;
    for (size_t k = 0; k < taps.weights.size(); ++k) {
      const float w = taps.weights[k];
      const T* source = pixels + (taps.first + static_cast<int64_t>(k)) * image.width * c;
      for (int64_t i = 0; i < image.width * c; ++i) row[i] += static_cast<float>(source[i]) * w;
    }
  }
  const auto horizontal = ComputeTaps(image.width, out.width);
  out.pixels.resize(static_cast<size_t>(out.width * out.height * c) * sizeof(T));
  for (int64_t y = 0; y < out.height; ++y) {
    const float* row = middle.data() + y * image.width * c;
    T* target = out.samples<T>() + y * out.width * c;
    for (int64_t x = 0; x < out.width; ++x) {
      const Taps& taps = horizontal[x];
      for (int ch = 0; ch < c; ++ch) {
        float sum = 0.0f;
        for (size_t k = 0; k < taps.weights.size(); ++k) {
          sum += row[(taps.first + static_cast<int64_t>(k)) * c + ch] * taps.weights[k];
        }
        if constexpr (std::is_same_v<T, float>) {
          target[x * c + ch] = sum;
        } else {
          constexpr float top = static_cast<float>(std::numeric_limits<T>::max());
          target[x * c + ch] = static_cast<T>(std::round(std::clamp(sum, 0.0f, top)));
        }
      }
    }
  }
}

}  // namespace

OwnedImage ResizeImage(const ImageView& image, int64_t new_width, int64_t new_height) {
  OwnedImage out;
  out.width = new_width;
  out.height = new_height;
  out.channels = image.channels;
  out.mode = image.mode;
  if (new_width == image.width && new_height == image.height) {
    out.pixels.assign(image.pixels, image.pixels + image.bytes());
    return out;
  }
  switch (ModeSample(image.mode)) {
    case SampleType::kUInt16: Resize<uint16_t>(image, out); break;
    case SampleType::kFloat32: Resize<float>(image, out); break;
    default: Resize<uint8_t>(image, out); break;
  }
  return out;
}

}  // namespace skipjack
