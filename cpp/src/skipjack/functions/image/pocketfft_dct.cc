// File: pocketfft_dct.cc
//
// scipy.fftpack.dct(x, type=2) runs pocketfft's DCT-II: a pre-pass, a backward real FFT
// (FFTPACK radix-4/radix-2 passes) and a cosine post-pass. This file follows pocketfft's
// DCT-II operation order, twiddle factors included, so phash matches imagehash bit for
// bit: on flat, striped or checkered images pocketfft's coefficients cancel to exact zeros
// where a direct cosine sum leaves 1e-13 residue, and the median comparison flips bits.
//
// Needs -ffp-contract=off and no FMA target (-mfma, -march=native): GCC 12's vectorizer
// fuses the twiddle products into vfmaddsub even under -ffp-contract=off.

#include "skipjack/functions/image/pocketfft_dct.h"

#include <cmath>
#include <cstddef>
#include <numbers>
#include <utility>

namespace skipjack::internal {
namespace {

struct Complex {
  double re;
  double im;
};

// exp(2 pi i x / n) with the angle folded into [0, pi/4] before cos and sin are taken;
// `step` is pi / (4n), so the folded angle is an integer multiple of it.
Complex FoldedRoot(size_t x, size_t n, double step) {
  size_t eighths = 8 * x;  // the angle in units of step
  const bool lower_half = eighths >= 4 * n;
  if (lower_half) eighths = 8 * n - eighths;
  const bool second_quadrant = eighths >= 2 * n;
  if (second_quadrant) eighths -= 2 * n;
  const bool second_octant = eighths >= n;
  const double angle = static_cast<double>(second_octant ? 2 * n - eighths : eighths) * step;
  double c = std::cos(angle);
  double s = std::sin(angle);
  if (second_octant) std::swap(c, s);
  Complex root = second_quadrant ? Complex{-s, c} : Complex{c, s};
  if (lower_half) root.im = -root.im;
  return root;
}

// exp(2 pi i k / n), each the product of a root from a fine table (low bits of k) and one
// from a coarse table (high bits): pocketfft's tables, whose rounding the transform inherits.
class UnitRoots {
 public:
  explicit UnitRoots(size_t n) : n_(n) {
    const double step = static_cast<double>(0.25L * std::numbers::pi_v<long double> / n);
    const size_t count = (n + 2) / 2;
    while ((size_t{1} << shift_) * (size_t{1} << shift_) < count) ++shift_;
    mask_ = (size_t{1} << shift_) - 1;
    fine_.resize(mask_ + 1);
    coarse_.resize((count + mask_) >> shift_);
    fine_[0] = coarse_[0] = {1, 0};
    for (size_t i = 1; i < fine_.size(); ++i) fine_[i] = FoldedRoot(i, n, step);
    for (size_t i = 1; i < coarse_.size(); ++i) coarse_[i] = FoldedRoot(i << shift_, n, step);
  }

  Complex operator[](size_t k) const {
    const bool mirrored = 2 * k > n_;
    if (mirrored) k = n_ - k;
    const Complex a = fine_[k & mask_];
    const Complex b = coarse_[k >> shift_];
    const double im = a.re * b.im + a.im * b.re;
    return {a.re * b.re - a.im * b.im, mirrored ? -im : im};
  }

 private:
  size_t n_;
  size_t shift_ = 1;
  size_t mask_ = 0;
  std::vector<Complex> fine_;
  std::vector<Complex> coarse_;
};

// Backward real FFT passes in FFTPACK's half-complex layout. Input element (a, b, k) is
// in[a + ido * (b + radix * k)], output element (a, k, b) is out[a + ido * (k + l1 * b)].
struct PassLayout {
  int ido;
  int l1;
  int radix;
  const double* in;
  double* out;
  const double* twiddles;

  double x(int a, int b, int k) const { return in[a + ido * (b + radix * k)]; }
  double& y(int a, int k, int b) const { return out[a + ido * (k + l1 * b)]; }

  // Stores (re, im) times the conjugate of the row-b twiddle at column i.
  void Rotate(int i, int k, int b, double re, double im) const {
    const double wr = twiddles[(b - 1) * (ido - 1) + i - 2];
    const double wi = twiddles[(b - 1) * (ido - 1) + i - 1];
    y(i, k, b) = wr * im + wi * re;
    y(i - 1, k, b) = wr * re - wi * im;
  }
};

void Radix2(const PassLayout& p) {
  const int last = p.ido - 1;
  for (int k = 0; k < p.l1; ++k) {
    p.y(0, k, 0) = p.x(0, 0, k) + p.x(last, 1, k);
    p.y(0, k, 1) = p.x(0, 0, k) - p.x(last, 1, k);
  }
  if (p.ido % 2 == 0) {
    for (int k = 0; k < p.l1; ++k) {
      p.y(last, k, 0) = 2 * p.x(last, 0, k);
      p.y(last, k, 1) = -2 * p.x(0, 1, k);
    }
  }
  for (int k = 0; k < p.l1; ++k) {
    for (int i = 2; i < p.ido; i += 2) {
      const int ic = p.ido - i;
      p.y(i - 1, k, 0) = p.x(i - 1, 0, k) + p.x(ic - 1, 1, k);
      p.y(i, k, 0) = p.x(i, 0, k) - p.x(ic, 1, k);
      p.Rotate(i, k, 1, p.x(i - 1, 0, k) - p.x(ic - 1, 1, k), p.x(i, 0, k) + p.x(ic, 1, k));
    }
  }
}

void Radix4(const PassLayout& p) {
  constexpr double kSqrt2 = std::numbers::sqrt2;
  const int last = p.ido - 1;
  for (int k = 0; k < p.l1; ++k) {
    const double sum = p.x(0, 0, k) + p.x(last, 3, k);
    const double dif = p.x(0, 0, k) - p.x(last, 3, k);
    const double re1 = 2 * p.x(last, 1, k);
    const double im2 = 2 * p.x(0, 2, k);
    p.y(0, k, 0) = sum + re1;
    p.y(0, k, 2) = sum - re1;
    p.y(0, k, 3) = dif + im2;
    p.y(0, k, 1) = dif - im2;
  }
  if (p.ido % 2 == 0) {
    for (int k = 0; k < p.l1; ++k) {
      const double im_sum = p.x(0, 3, k) + p.x(0, 1, k);
      const double im_dif = p.x(0, 3, k) - p.x(0, 1, k);
      const double re_sum = p.x(last, 0, k) + p.x(last, 2, k);
      const double re_dif = p.x(last, 0, k) - p.x(last, 2, k);
      p.y(last, k, 0) = re_sum + re_sum;
      p.y(last, k, 1) = kSqrt2 * (re_dif - im_sum);
      p.y(last, k, 2) = im_dif + im_dif;
      p.y(last, k, 3) = -kSqrt2 * (re_dif + im_sum);
    }
  }
  for (int k = 0; k < p.l1; ++k) {
    for (int i = 2; i < p.ido; i += 2) {
      const int ic = p.ido - i;
      const double sum0r = p.x(i - 1, 0, k) + p.x(ic - 1, 3, k);
      const double dif0r = p.x(i - 1, 0, k) - p.x(ic - 1, 3, k);
      const double sum0i = p.x(i, 0, k) + p.x(ic, 3, k);
      const double dif0i = p.x(i, 0, k) - p.x(ic, 3, k);
      const double sum2i = p.x(i, 2, k) + p.x(ic, 1, k);
      const double dif2i = p.x(i, 2, k) - p.x(ic, 1, k);
      const double sum2r = p.x(i - 1, 2, k) + p.x(ic - 1, 1, k);
      const double dif2r = p.x(i - 1, 2, k) - p.x(ic - 1, 1, k);
      p.y(i - 1, k, 0) = sum0r + sum2r;
      p.y(i, k, 0) = dif0i + dif2i;
      p.Rotate(i, k, 1, dif0r - sum2i, sum0i + dif2r);
      p.Rotate(i, k, 2, sum0r - sum2r, dif0i - dif2i);
      p.Rotate(i, k, 3, dif0r + sum2i, sum0i - dif2r);
    }
  }
}

}  // namespace

DctII::DctII(int n) : n_(n), cosines_(n) {
  // pocketfft's factorization: radix 4 as long as it divides, a leftover 2 first.
  std::vector<int> radices;
  int rest = n;
  for (; rest % 4 == 0; rest /= 4) radices.push_back(4);
  if (rest == 2) radices.insert(radices.begin(), 2);

  const UnitRoots roots(n);
  int l1 = 1;
  for (int radix : radices) {
    Pass pass{radix, l1, n / (l1 * radix), {}};
    pass.twiddles.resize((radix - 1) * (pass.ido - 1));
    for (int b = 1; b < radix; ++b) {
      for (int i = 1; i <= (pass.ido - 1) / 2; ++i) {
        const Complex w = roots[b * l1 * i];
        pass.twiddles[(b - 1) * (pass.ido - 1) + 2 * i - 2] = w.re;
        pass.twiddles[(b - 1) * (pass.ido - 1) + 2 * i - 1] = w.im;
      }
    }
    passes_.push_back(std::move(pass));
    l1 *= radix;
  }

  const UnitRoots quarter_roots(4 * static_cast<size_t>(n));
  for (int k = 0; k < n; ++k) cosines_[k] = quarter_roots[k + 1].re;
}

void DctII::Apply(double* values, int stride) const {
  std::vector<double> buffer(n_), scratch(n_);
  for (int i = 0; i < n_; ++i) buffer[i] = values[i * stride];

  buffer[0] *= 2;
  if (n_ % 2 == 0) buffer[n_ - 1] *= 2;
  for (int k = 1; k + 1 < n_; k += 2) {
    const double odd = buffer[k];
    buffer[k] = buffer[k + 1] + odd;
    buffer[k + 1] -= odd;
  }

  double* in = buffer.data();
  double* out = scratch.data();
  for (const Pass& pass : passes_) {
    const PassLayout layout{pass.ido, pass.l1, pass.radix, in, out, pass.twiddles.data()};
    pass.radix == 4 ? Radix4(layout) : Radix2(layout);
    std::swap(in, out);
  }

  const int half = (n_ + 1) / 2;
  for (int k = 1; k < half; ++k) {
    const int kc = n_ - k;
    const double t1 = cosines_[k - 1] * in[kc] + cosines_[kc - 1] * in[k];
    const double t2 = cosines_[k - 1] * in[k] - cosines_[kc - 1] * in[kc];
    in[k] = 0.5 * (t1 + t2);
    in[kc] = 0.5 * (t1 - t2);
  }
  if (n_ % 2 == 0) in[half] *= cosines_[half - 1];

  for (int i = 0; i < n_; ++i) values[i * stride] = in[i];
}

}  // namespace skipjack::internal
