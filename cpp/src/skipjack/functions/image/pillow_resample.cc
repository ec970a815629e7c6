#include "skipjack/functions/image/pillow_resample.h"

#include <cmath>

namespace skipjack {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;

double Sinc(double x) {
  if (x == 0.0) return 1.0;
  x = x * M_PI;
  return std::sin(x) / x;
}

double Lanczos(double x) {
  if (-3.0 <= x && x < 3.0) return Sinc(x) * Sinc(x / 3);
  return 0.0;
}

// Pillow's precompute_coeffs for one axis, quantized as normalize_coeffs_8bpc.
struct Coefficients {
  std::vector<int64_t> first;   // first input index per output index
  std::vector<int64_t> count;   // number of taps
  int64_t ksize = 0;
  std::vector<int32_t> weights; // ksize per output index
};

Coefficients Precompute(int64_t in_size, int64_t out_size) {
  const double scale = static_cast<double>(in_size) / static_cast<double>(out_size);
  const double filterscale = scale < 1.0 ? 1.0 : scale;
  const double support = 3.0 * filterscale;
  Coefficients c;
  c.ksize = static_cast<int64_t>(std::ceil(support)) * 2 + 1;
  c.first.resize(out_size);
  c.count.resize(out_size);
  c.weights.assign(static_cast<size_t>(out_size * c.ksize), 0);
  std::vector<double> k(static_cast<size_t>(c.ksize));
  for (int64_t xx = 0; xx < out_size; ++xx) {
    const double center = (static_cast<double>(xx) + 0.5) * scale;
    const double ss = 1.0 / filterscale;
    int64_t xmin = static_cast<int64_t>(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    int64_t xmax = static_cast<int64_t>(center + support + 0.5);
    if (xmax > in_size) xmax = in_size;
    xmax -= xmin;
    double total = 0.0;
    int64_t x = 0;
    for (; x < xmax; ++x) {
      const double w = Lanczos((static_cast<double>(x + xmin) - center + 0.5) * ss);
      k[x] = w;
      total += w;
    }
    for (x = 0; x < xmax; ++x) {
      if (total != 0.0) k[x] /= total;
    }
    for (; x < c.ksize; ++x) k[x] = 0;
    for (x = 0; x < c.ksize; ++x) {
      const double w = k[x] * (1 << kPrecisionBits);
      c.weights[xx * c.ksize + x] = static_cast<int32_t>(w < 0 ? w - 0.5 : w + 0.5);
    }
    c.first[xx] = xmin;
    c.count[xx] = xmax;
  }
  return c;
}

__attribute__((target_clones("avx2", "default"))) int32_t Dot(const uint8_t* in,
                                                               const int32_t* k, int64_t n) {
  int32_t sum = 1 << (kPrecisionBits - 1);
  for (int64_t x = 0; x < n; ++x) sum += in[x] * k[x];
  return sum;
}

__attribute__((target_clones("avx2", "default"))) void AddScaledRow(const uint8_t* row,
                                                                    int32_t weight,
                                                                    int32_t* sums, int64_t n) {
  for (int64_t x = 0; x < n; ++x) sums[x] += row[x] * weight;
}

uint8_t Clip8(int32_t value) {
  value >>= kPrecisionBits;  // arithmetic shift: floor
  return static_cast<uint8_t>(value < 0 ? 0 : value > 255 ? 255 : value);
}

}  // namespace

// Loops with a constant channel stride, so the compiler vectorizes them; built for AVX2
// too, chosen at run time (integer arithmetic: the same bits on every path).
template <int kChannels>
__attribute__((target_clones("avx2", "default"))) void GrayRows(const uint8_t* in, uint8_t* out,
                                                                int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const uint8_t* p = in + i * kChannels;
    out[i] = kChannels >= 3
                 ? static_cast<uint8_t>((19595u * p[0] + 38470u * p[1] + 7471u * p[2] + 32768u) >> 16)
                 : p[0];
  }
}

GrayImage PillowGray(const ImageView& image) {
  GrayImage gray;
  gray.width = image.width;
  gray.height = image.height;
  const int64_t n = image.width * image.height;
  gray.pixels.resize(static_cast<size_t>(n));
  switch (image.channels) {
    case 1: GrayRows<1>(image.pixels, gray.pixels.data(), n); break;
    case 2: GrayRows<2>(image.pixels, gray.pixels.data(), n); break;
    case 3: GrayRows<3>(image.pixels, gray.pixels.data(), n); break;
    default: GrayRows<4>(image.pixels, gray.pixels.data(), n); break;
  }
  return gray;
}

GrayImage PillowLanczos(const GrayImage& image, int64_t width, int64_t height) {
  if (width == image.width && height == image.height) return image;
  GrayImage current = image;
  if (width != image.width) {
    const Coefficients c = Precompute(image.width, width);
    GrayImage out;
    out.width = width;
    out.height = current.height;
    out.pixels.resize(static_cast<size_t>(width * current.height));
    for (int64_t y = 0; y < current.height; ++y) {
      const uint8_t* row = current.pixels.data() + y * current.width;
      for (int64_t xx = 0; xx < width; ++xx) {
        const int32_t* k = c.weights.data() + xx * c.ksize;
        out.pixels[y * width + xx] = Clip8(Dot(row + c.first[xx], k, c.count[xx]));
      }
    }
    current = std::move(out);
  }
  if (height != current.height) {
    const Coefficients c = Precompute(current.height, height);
    GrayImage out;
    out.width = current.width;
    out.height = height;
    out.pixels.resize(static_cast<size_t>(current.width * height));
    std::vector<int32_t> sums(static_cast<size_t>(current.width));
    for (int64_t yy = 0; yy < height; ++yy) {
      const int32_t* k = c.weights.data() + yy * c.ksize;
      std::fill(sums.begin(), sums.end(), 1 << (kPrecisionBits - 1));
      for (int64_t y = 0; y < c.count[yy]; ++y) {  // row by row: contiguous, vectorizable
        AddScaledRow(current.pixels.data() + (y + c.first[yy]) * current.width, k[y], sums.data(),
                     current.width);
      }
      for (int64_t xx = 0; xx < current.width; ++xx) out.pixels[yy * current.width + xx] = Clip8(sums[xx]);
    }
    current = std::move(out);
  }
  return current;
}

}  // namespace skipjack
