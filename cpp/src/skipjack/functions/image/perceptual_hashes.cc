#include "skipjack/functions/image/perceptual_hashes.h"

#include <algorithm>
#include <cmath>

#include "skipjack/functions/image/color_classes.h"
#include "skipjack/functions/image/pillow_resample.h"
#include "skipjack/functions/image/pocketfft_dct.h"

namespace skipjack {
namespace {

// numpy.median: the mean of the two middle values for an even count.
double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// numpy's float64 sum (pairwise: 8 running sums in blocks of up to 128 values, halves
// above that), which numpy.mean uses; a plain loop rounds differently.
double PairwiseSum(const double* a, size_t n) {
  if (n < 8) {
    double sum = 0.;
    for (size_t i = 0; i < n; ++i) sum += a[i];
    return sum;
  }
  if (n <= 128) {
    double r[8];
    for (int j = 0; j < 8; ++j) r[j] = a[j];
    size_t i = 8;
    for (; i < n - n % 8; i += 8) {
      for (int j = 0; j < 8; ++j) r[j] += a[i + j];
    }
    double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) sum += a[i];
    return sum;
  }
  size_t half = n / 2;
  half -= half % 8;
  return PairwiseSum(a, half) + PairwiseSum(a + half, n - half);
}

std::vector<bool> AverageHash(const ImageView& image, int size) {
  const GrayImage small = PillowLanczos(PillowGray(image), size, size);
  double sum = 0;  // integers: exact in any order
  for (uint8_t p : small.pixels) sum += p;
  const double mean = sum / static_cast<double>(small.pixels.size());
  std::vector<bool> bits;
  for (uint8_t p : small.pixels) bits.push_back(p > mean);
  return bits;
}

std::vector<bool> DifferenceHash(const ImageView& image, int size, bool vertical) {
  const GrayImage small = vertical ? PillowLanczos(PillowGray(image), size, size + 1)
                                   : PillowLanczos(PillowGray(image), size + 1, size);
  std::vector<bool> bits;
  for (int r = 0; r < size; ++r) {
    for (int c = 0; c < size; ++c) {
      bits.push_back(vertical ? small.at(c, r + 1) > small.at(c, r)
                              : small.at(c + 1, r) > small.at(c, r));
    }
  }
  return bits;
}

// scipy.fftpack.dct, type II, norm=None: y[k] = 2 * sum_n x[n] cos(pi k (2n + 1) / (2N)),
// as a direct cosine sum, for sizes pocketfft_dct.h does not reproduce (not powers of two).
class Dct2 {
 public:
  explicit Dct2(int n) : n_(n), table_(static_cast<size_t>(n) * n) {
    for (int k = 0; k < n; ++k) {
      for (int i = 0; i < n; ++i) {
        table_[k * n + i] = std::cos(M_PI * k * (2 * i + 1) / (2.0 * n));
      }
    }
  }
  // Transforms n values spaced `stride` apart, in place.
  void Apply(double* values, int stride) const {
    std::vector<double> in(n_), out(n_);
    for (int i = 0; i < n_; ++i) in[i] = values[i * stride];
    for (int k = 0; k < n_; ++k) {
      double sum = 0;
      for (int i = 0; i < n_; ++i) sum += in[i] * table_[k * n_ + i];
      out[k] = 2 * sum;
    }
    for (int i = 0; i < n_; ++i) values[i * stride] = out[i];
  }

 private:
  int n_;
  std::vector<double> table_;
};

std::vector<double> Pixels(const GrayImage& image) {
  return std::vector<double>(image.pixels.begin(), image.pixels.end());
}

// imagehash: dct(dct(pixels, axis=0), axis=1), or only axis 1 for phash_simple.
template <typename Dct>
void TransformRowsAndColumns(const Dct& dct, std::vector<double>& d, int n, bool rows_only) {
  if (!rows_only) {
    for (int c = 0; c < n; ++c) dct.Apply(d.data() + c, n);  // axis 0: down each column
  }
  for (int r = 0; r < n; ++r) dct.Apply(d.data() + r * n, 1);  // axis 1: along each row
}

std::vector<bool> PerceptualHash(const ImageView& image, int size, bool simple) {
  const int n = size * 4;  // highfreq_factor 4
  const GrayImage small = PillowLanczos(PillowGray(image), n, n);
  std::vector<double> d = Pixels(small);
  // scipy's own algorithm where we have it (powers of two: hash sizes 4, 8, 16, ...), so
  // flat and synthetic images get imagehash's exact zeros too.
  if ((n & (n - 1)) == 0) {
    TransformRowsAndColumns(internal::DctII(n), d, n, simple);
  } else {
    TransformRowsAndColumns(Dct2(n), d, n, simple);
  }
  std::vector<double> block;
  for (int r = 0; r < size; ++r) {
    for (int c = simple ? 1 : 0; c < (simple ? size + 1 : size); ++c) block.push_back(d[r * n + c]);
  }
  double threshold;
  if (simple) {
    threshold = PairwiseSum(block.data(), block.size()) / static_cast<double>(block.size());
  } else {
    threshold = Median(block);
  }
  std::vector<bool> bits;
  for (double v : block) bits.push_back(v > threshold);
  return bits;
}

// -- whash: pywt's Haar transform, in pywt's operation order ---------------------------------

constexpr double kHaar = 0.7071067811865476;

struct Matrix {
  int rows = 0, cols = 0;
  std::vector<double> v;
  double& at(int r, int c) { return v[r * cols + c]; }
  double at(int r, int c) const { return v[r * cols + c]; }
};

struct Level {  // one dwt2 level: the four subbands
  Matrix aa, ad, da, dd;
};

// Forward 1-D Haar along axis 0 (pairs of rows) or axis 1 (pairs of columns).
void Forward(const Matrix& x, int axis, Matrix* a, Matrix* d) {
  const int rows = axis == 0 ? x.rows / 2 : x.rows, cols = axis == 0 ? x.cols : x.cols / 2;
  *a = Matrix{rows, cols, std::vector<double>(static_cast<size_t>(rows) * cols)};
  *d = Matrix{rows, cols, std::vector<double>(static_cast<size_t>(rows) * cols)};
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const double even = axis == 0 ? x.at(2 * r, c) : x.at(r, 2 * c);
      const double odd = axis == 0 ? x.at(2 * r + 1, c) : x.at(r, 2 * c + 1);
      a->at(r, c) = kHaar * odd + kHaar * even;
      d->at(r, c) = (-kHaar) * odd + kHaar * even;
    }
  }
}

// Inverse 1-D Haar along an axis: cA contribution added first, then cD.
Matrix Inverse(const Matrix& a, const Matrix& d, int axis) {
  Matrix out{axis == 0 ? a.rows * 2 : a.rows, axis == 0 ? a.cols : a.cols * 2, {}};
  out.v.assign(static_cast<size_t>(out.rows) * out.cols, 0.0);
  for (int r = 0; r < a.rows; ++r) {
    for (int c = 0; c < a.cols; ++c) {
      const double first = (0.0 + kHaar * a.at(r, c)) + kHaar * d.at(r, c);
      const double second = (0.0 + kHaar * a.at(r, c)) + (-kHaar) * d.at(r, c);
      if (axis == 0) {
        out.at(2 * r, c) = first, out.at(2 * r + 1, c) = second;
      } else {
        out.at(r, 2 * c) = first, out.at(r, 2 * c + 1) = second;
      }
    }
  }
  return out;
}

Level Dwt2(const Matrix& x) {
  Matrix a, d;
  Forward(x, 0, &a, &d);
  Level level;
  Forward(a, 1, &level.aa, &level.ad);
  Forward(d, 1, &level.da, &level.dd);
  return level;
}

Matrix Idwt2(const Level& level) {
  const Matrix a = Inverse(level.aa, level.ad, 1);
  const Matrix d = Inverse(level.da, level.dd, 1);
  return Inverse(a, d, 0);
}

std::vector<bool> WaveletHash(const ImageView& image, int size) {
  const int64_t smallest = std::min(image.width, image.height);
  const int64_t natural = int64_t{1} << static_cast<int>(std::log2(static_cast<double>(smallest)));
  const int64_t scale = std::max<int64_t>(natural, size);
  const int ll_max_level = static_cast<int>(std::log2(static_cast<double>(scale)));
  const int level = static_cast<int>(std::log2(static_cast<double>(size)));
  const int dwt_level = ll_max_level - level;
  const GrayImage small = PillowLanczos(PillowGray(image), scale, scale);
  Matrix pixels{static_cast<int>(scale), static_cast<int>(scale), {}};
  for (uint8_t p : small.pixels) pixels.v.push_back(p / 255.0);
  // remove_max_haar_ll: decompose fully, zero the 1x1 approximation, reconstruct.
  std::vector<Level> levels;
  Matrix current = pixels;
  for (int i = 0; i < ll_max_level; ++i) {
    levels.push_back(Dwt2(current));
    current = levels.back().aa;
  }
  std::fill(current.v.begin(), current.v.end(), 0.0);
  for (int i = ll_max_level - 1; i >= 0; --i) {
    levels[i].aa = current;
    current = Idwt2(levels[i]);
  }
  for (int i = 0; i < dwt_level; ++i) current = Dwt2(current).aa;
  const double median = Median(current.v);
  std::vector<bool> bits;
  for (double v : current.v) bits.push_back(v > median);
  return bits;
}

// -- colorhash: imagehash's class fractions, binbits bits each -----------------------------

std::vector<bool> ColorHash(const ImageView& image, int binbits) {
  const int64_t n = image.width * image.height;
  int64_t counts[internal::kColorClasses];
  internal::CountColorClasses(image.pixels, n, image.channels, counts);
  const int64_t black = counts[internal::kBlack], gray = counts[internal::kGray];
  const int64_t m = int64_t{1} << binbits;
  const int64_t c = std::max<int64_t>(1, n - black - gray);
  std::vector<int64_t> values = {std::min(m - 1, black * m / n), std::min(m - 1, gray * m / n)};
  for (int bin = 0; bin < 6; ++bin) values.push_back(std::min(m - 1, counts[internal::kFaint + bin] * m / c));
  for (int bin = 0; bin < 6; ++bin) values.push_back(std::min(m - 1, counts[internal::kBright + bin] * m / c));
  std::vector<bool> bits;
  for (int64_t v : values) {
    for (int i = 0; i < binbits; ++i) {
      bits.push_back(((v >> (binbits - 1 - i)) % (int64_t{1} << (binbits - i))) != 0);
    }
  }
  return bits;
}

// crop_resistant (the seed's form): a segments x segments grid, a phash per tile.
std::vector<bool> GridHash(const ImageView& image, const HashParameters& parameters) {
  std::vector<bool> bits;
  const int s = parameters.segments;
  for (int row = 0; row < s; ++row) {
    for (int col = 0; col < s; ++col) {
      const int64_t x0 = image.width * col / s, x1 = image.width * (col + 1) / s;
      const int64_t y0 = image.height * row / s, y1 = image.height * (row + 1) / s;
      OwnedImage tile;
      tile.width = std::max<int64_t>(1, x1 - x0);
      tile.height = std::max<int64_t>(1, y1 - y0);
      tile.channels = image.channels;
      tile.mode = image.mode;
      tile.pixels.resize(static_cast<size_t>(tile.width * tile.height * tile.channels));
      for (int64_t y = 0; y < tile.height; ++y) {
        const int64_t sy = std::min(y0 + y, image.height - 1);
        for (int64_t x = 0; x < tile.width; ++x) {
          const int64_t sx = std::min(x0 + x, image.width - 1);
          std::copy_n(image.pixels + (sy * image.width + sx) * image.channels, image.channels,
                      tile.pixels.data() + (y * tile.width + x) * tile.channels);
        }
      }
      const auto tile_bits = PerceptualHash(tile.view(), parameters.hash_size, false);
      bits.insert(bits.end(), tile_bits.begin(), tile_bits.end());
    }
  }
  return bits;
}

}  // namespace

arrow::Result<HashMethod> HashMethodFromName(const std::string& name) {
  if (name == "phash") return HashMethod::kPhash;
  if (name == "phash_simple") return HashMethod::kPhashSimple;
  if (name == "dhash") return HashMethod::kDhash;
  if (name == "dhash_vertical") return HashMethod::kDhashVertical;
  if (name == "ahash") return HashMethod::kAhash;
  if (name == "whash") return HashMethod::kWhash;
  if (name == "colorhash") return HashMethod::kColorhash;
  if (name == "crop_resistant") return HashMethod::kCropResistant;
  return arrow::Status::Invalid("image_hash: unknown method '", name, "'; expected one of phash, ",
                                "phash_simple, dhash, dhash_vertical, ahash, whash, colorhash, ",
                                "crop_resistant");
}

int64_t HashBits(const HashParameters& p) {
  switch (p.method) {
    case HashMethod::kColorhash: return 14 * p.binbits;
    case HashMethod::kCropResistant: return int64_t{p.segments} * p.segments * p.hash_size * p.hash_size;
    default: return int64_t{p.hash_size} * p.hash_size;
  }
}

std::vector<bool> ComputeHash(const ImageView& image, const HashParameters& p) {
  switch (p.method) {
    case HashMethod::kAhash: return AverageHash(image, p.hash_size);
    case HashMethod::kDhash: return DifferenceHash(image, p.hash_size, false);
    case HashMethod::kDhashVertical: return DifferenceHash(image, p.hash_size, true);
    case HashMethod::kPhash: return PerceptualHash(image, p.hash_size, false);
    case HashMethod::kPhashSimple: return PerceptualHash(image, p.hash_size, true);
    case HashMethod::kWhash: return WaveletHash(image, p.hash_size);
    case HashMethod::kColorhash: return ColorHash(image, p.binbits);
    case HashMethod::kCropResistant: return GridHash(image, p);
  }
  return {};
}

}  // namespace skipjack
