#include "skipjack/functions/image/image_modes.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

namespace skipjack {
namespace {

template <typename T>
constexpr T Opaque() {
  if constexpr (std::is_same_v<T, float>) {
    return 1.0f;
  } else {
    return std::numeric_limits<T>::max();
  }
}

template <typename T>
T Luma(T r, T g, T b) {
  if constexpr (std::is_same_v<T, float>) {
    return 0.2126f * r + 0.7152f * g + 0.0722f * b;
  } else {
    return static_cast<T>((2126u * uint64_t{r} + 7152u * uint64_t{g} + 722u * uint64_t{b}) / 10000u);
  }
}

// Channels only: the samples keep their type (the caller sets the mode).
template <typename T>
OwnedImage ConvertChannels(const ImageView& image, int channels) {
  OwnedImage out;
  out.height = image.height;
  out.width = image.width;
  out.channels = channels;
  const int64_t pixels = image.height * image.width;
  out.pixels.resize(static_cast<size_t>(pixels * channels * sizeof(T)));
  const T* in = image.samples<T>();
  T* dst = out.samples<T>();
  const bool in_color = image.channels >= 3, in_alpha = image.channels % 2 == 0;
  const bool out_color = channels >= 3, out_alpha = channels % 2 == 0;
  for (int64_t p = 0; p < pixels; ++p) {
    const T* s = in + p * image.channels;
    T* d = dst + p * channels;
    const T r = s[0], g = in_color ? s[1] : s[0], b = in_color ? s[2] : s[0];
    if (out_color) {
      d[0] = r, d[1] = g, d[2] = b;
    } else {
      d[0] = in_color ? Luma<T>(r, g, b) : r;
    }
    if (out_alpha) d[channels - 1] = in_alpha ? s[image.channels - 1] : Opaque<T>();
  }
  return out;
}

OwnedImage ConvertChannels(const ImageView& image, int channels) {
  switch (ModeSample(image.mode)) {
    case SampleType::kUInt16: return ConvertChannels<uint16_t>(image, channels);
    case SampleType::kFloat32: return ConvertChannels<float>(image, channels);
    default: return ConvertChannels<uint8_t>(image, channels);
  }
}

// A sample as a fraction of full scale, and back (rounded, clamped).
template <typename T>
float Unit(T v) {
  if constexpr (std::is_same_v<T, float>) {
    return v;
  } else {
    return static_cast<float>(v) / static_cast<float>(std::numeric_limits<T>::max());
  }
}

template <typename T>
T FromUnit(float v) {
  if constexpr (std::is_same_v<T, float>) {
    return v;
  } else {
    constexpr float top = static_cast<float>(std::numeric_limits<T>::max());
    if (!(v > 0.0f)) return 0;  // and NaN
    return static_cast<T>(std::min(top, std::round(v * top)));
  }
}

template <typename In, typename Out>
void ConvertSamples(const In* in, int64_t count, Out* out) {
  for (int64_t i = 0; i < count; ++i) {
    if constexpr (std::is_same_v<In, uint8_t> && std::is_same_v<Out, uint16_t>) {
      out[i] = static_cast<uint16_t>(in[i] * 257u);
    } else if constexpr (std::is_same_v<In, uint16_t> && std::is_same_v<Out, uint8_t>) {
      out[i] = static_cast<uint8_t>((in[i] + 128u) / 257u);  // v / 257, rounded
    } else {
      out[i] = FromUnit<Out>(Unit<In>(in[i]));
    }
  }
}

template <typename In>
void ConvertSamples(const In* in, int64_t count, SampleType to, uint8_t* out) {
  switch (to) {
    case SampleType::kUInt8: return ConvertSamples(in, count, out);
    case SampleType::kUInt16: return ConvertSamples(in, count, reinterpret_cast<uint16_t*>(out));
    case SampleType::kFloat32: return ConvertSamples(in, count, reinterpret_cast<float*>(out));
  }
}

}  // namespace

ImageMode EightBitMode(ImageMode mode) { return *ModeFor(ModeChannels(mode), SampleType::kUInt8); }

OwnedImage ConvertMode(const ImageView& image, ImageMode mode) {
  OwnedImage out = ConvertChannels(image, ModeChannels(mode));
  const SampleType from = ModeSample(image.mode), to = ModeSample(mode);
  if (from != to) {
    const int64_t count = out.height * out.width * out.channels;
    std::vector<uint8_t> converted(static_cast<size_t>(count * SampleBytes(to)));
    switch (from) {
      case SampleType::kUInt8: ConvertSamples(out.samples<uint8_t>(), count, to, converted.data()); break;
      case SampleType::kUInt16: ConvertSamples(out.samples<uint16_t>(), count, to, converted.data()); break;
      case SampleType::kFloat32: ConvertSamples(out.samples<float>(), count, to, converted.data()); break;
    }
    out.pixels = std::move(converted);
  }
  out.mode = mode;
  return out;
}

}  // namespace skipjack
