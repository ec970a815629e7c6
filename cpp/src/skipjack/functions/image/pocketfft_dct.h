// File: pocketfft_dct.h
//
// scipy.fftpack.dct(x, type=2) reproduced bit for bit, so that phash compares exactly the
// coefficients imagehash compares against their median.

#pragma once

#include <vector>

namespace skipjack::internal {

/// Unnormalized DCT-II, y[k] = 2 * sum_n x[n] cos(pi k (2n + 1) / (2N)), computed in the
/// floating-point operation order of scipy's pocketfft. N must be a power of two.
class DctII {
 public:
  explicit DctII(int n);

  /// Transforms the n values spaced `stride` apart, in place.
  void Apply(double* values, int stride) const;

 private:
  struct Pass {
    int radix;                     // 4 or 2
    int l1;                        // product of the radices of the earlier passes
    int ido;                       // n / (l1 * radix)
    std::vector<double> twiddles;  // (radix - 1) rows of ido - 1 values: re, im, re, im, ...
  };

  int n_;
  std::vector<Pass> passes_;
  std::vector<double> cosines_;  // cos(pi (k + 1) / (2n)) for k < n
};

}  // namespace skipjack::internal
