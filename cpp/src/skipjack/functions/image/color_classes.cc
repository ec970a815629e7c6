#include "skipjack/functions/image/color_classes.h"

#include <immintrin.h>

#include <algorithm>
#include <vector>

namespace skipjack::internal {
namespace {

// -- The reference: Pillow's float32 HSV, through tables ----------------------------------

// Pillow's saturation: s = (maxc - minc) / maxc in float32, truncated to 0..255.
int PillowSaturation(float maxc, float minc) {
  if (maxc == minc) return 0;
  const float cr = maxc - minc;
  const float s = cr / maxc;
  return std::clamp(static_cast<int>(s * 255.0), 0, 255);
}

// Pillow's hue for a pixel whose max and min differ (float32 with double steps, as in
// Pillow's rgb2hsv_row).
int PillowHue(float r, float g, float b, float maxc, float minc) {
  const float cr = maxc - minc;
  const float rc = (maxc - r) / cr, gc = (maxc - g) / cr, bc = (maxc - b) / cr;
  float h;
  if (r == maxc) {
    h = bc - gc;
  } else if (g == maxc) {
    h = static_cast<float>(2.0 + rc - bc);
  } else {
    h = static_cast<float>(4.0 + gc - rc);
  }
  // fmod(x, 1.0) for x = h / 6 + 1 in [2/3, 2): x - 1 when x >= 1 is exact (Sterbenz).
  const double x = h / 6.0 + 1.0;
  h = static_cast<float>(x >= 1.0 ? x - 1.0 : x);
  return std::clamp(static_cast<int>(h * 255.0), 0, 255);
}

// numpy.histogram over linspace(0, 255, 7): the last bin includes 255.
int HueBin(int hue) {
  if (hue <= 42) return 0;
  if (hue <= 84) return 1;
  if (hue <= 127) return 2;
  if (hue <= 169) return 3;
  if (hue <= 212) return 4;
  return 5;
}

// The hue depends on a pixel only through which channel is the maximum (Pillow tests r,
// then g), which of the other two is the minimum, max - min, and max - the middle value:
// a table of 6 x 256 x 256 entries, filled once from constructed pixels, gives the same
// bits as PillowHue without its divisions.
size_t HueIndex(const uint8_t* p, uint8_t hi, uint8_t lo) {
  const int m = p[0] == hi ? 0 : p[1] == hi ? 1 : 2;
  const int first = m == 0 ? 1 : 0, second = m == 2 ? 1 : 2;
  const int min_position = p[first] == lo ? 0 : 1;
  const uint8_t middle = min_position == 0 ? p[second] : p[first];
  return ((static_cast<size_t>(m * 2 + min_position) * 256 + (hi - lo)) * 256) + (hi - middle);
}

const std::vector<uint8_t>& HueTable() {
  static const std::vector<uint8_t> table = [] {
    std::vector<uint8_t> t(6 * 256 * 256, 0);
    for (int m = 0; m < 3; ++m) {
      const int first = m == 0 ? 1 : 0, second = m == 2 ? 1 : 2;
      for (int min_position = 0; min_position < 2; ++min_position) {
        for (int cr = 1; cr < 256; ++cr) {
          for (int d = 0; d <= cr; ++d) {
            uint8_t p[3];
            p[m] = 255;
            p[min_position == 0 ? first : second] = static_cast<uint8_t>(255 - cr);
            p[min_position == 0 ? second : first] = static_cast<uint8_t>(255 - d);
            const uint8_t hi = 255, lo = static_cast<uint8_t>(255 - cr);
            // Constructed pixels with ties follow the same branches as real ones only
            // when they index the same entry; those that do not are never looked up.
            if (HueIndex(p, hi, lo) != ((static_cast<size_t>(m * 2 + min_position) * 256 + cr) * 256) + d) {
              continue;
            }
            t[HueIndex(p, hi, lo)] = static_cast<uint8_t>(PillowHue(p[0], p[1], p[2], hi, lo));
          }
        }
      }
    }
    return t;
  }();
  return table;
}

// PillowSaturation for every (max, min) pair of 8-bit values, computed once.
const std::vector<uint8_t>& SaturationTable() {
  static const std::vector<uint8_t> table = [] {
    std::vector<uint8_t> t(256 * 256);
    for (int hi = 0; hi < 256; ++hi) {
      for (int lo = 0; lo <= hi; ++lo) {
        t[hi * 256 + lo] = static_cast<uint8_t>(PillowSaturation(static_cast<float>(hi), static_cast<float>(lo)));
      }
    }
    return t;
  }();
  return table;
}

// -- The fast path: exact integer comparisons, 16 pixels per AVX2 step ----------------------
//
// With 8-bit channels, saturation and hue are ratios of small integers, too far from a class
// boundary for float32 rounding to move them unless they sit exactly on it. So: saturation
// >= 85 iff 3 cr >= max, >= 170 iff 3 cr >= 2 max, >= 171 iff 85 cr >= 57 max (cr = max -
// min); with n = 6 cr h, hue >= 43 iff 85 (n - cr) >= cr, >= 85 iff n >= 2 cr, >= 128 iff
// 85 (n - 3 cr) >= cr, >= 170 iff n >= 4 cr, >= 213 iff 85 (n - 5 cr) >= cr. Equalities
// are ties; those pixels take the table path. Everything fits 16-bit lanes.

constexpr uint8_t kTie = 15;

// pshufb masks gathering channel `channel` of 16 interleaved RGB pixels from the 16-byte
// block `block` of the 48 (0x80 zeroes a byte).
__m128i ChannelMask(int channel, int block) {
  alignas(16) uint8_t mask[16];
  for (int i = 0; i < 16; ++i) {
    const int source = 3 * i + channel - 16 * block;
    mask[i] = source >= 0 && source < 16 ? static_cast<uint8_t>(source) : 0x80;
  }
  return _mm_load_si128(reinterpret_cast<const __m128i*>(mask));
}

struct Deinterleave {
  __m128i masks[3][3];
  Deinterleave() {
    for (int channel = 0; channel < 3; ++channel) {
      for (int block = 0; block < 3; ++block) masks[channel][block] = ChannelMask(channel, block);
    }
  }
};

__attribute__((target("avx2"))) inline __m256i Channel(const Deinterleave& d, int channel,
                                                      __m128i a, __m128i b, __m128i c) {
  const __m128i bytes = _mm_or_si128(
      _mm_or_si128(_mm_shuffle_epi8(a, d.masks[channel][0]), _mm_shuffle_epi8(b, d.masks[channel][1])),
      _mm_shuffle_epi8(c, d.masks[channel][2]));
  return _mm256_cvtepu8_epi16(bytes);
}

// (85 * clamp(n - k cr, -1, 4)) against cr: the clamp keeps the product in 16 bits without
// changing the comparison, since cr <= 255 < 85 * 4.
__attribute__((target("avx2"))) inline void HueStep(__m256i n, __m256i offset, __m256i cr,
                                                    __m256i& above, __m256i& tie) {
  const __m256i d = _mm256_min_epi16(_mm256_max_epi16(_mm256_sub_epi16(n, offset), _mm256_set1_epi16(-1)),
                                     _mm256_set1_epi16(4));
  const __m256i scaled = _mm256_mullo_epi16(d, _mm256_set1_epi16(85));
  above = _mm256_sub_epi16(above, _mm256_cmpgt_epi16(scaled, cr));
  tie = _mm256_or_si256(tie, _mm256_cmpeq_epi16(scaled, cr));
}

__attribute__((target("avx2"))) inline __m256i Luma32Black(__m256i rb, __m256i gg) {
  const __m256i sum = _mm256_add_epi32(_mm256_madd_epi16(rb, _mm256_set1_epi32((7471 << 16) | 19595)),
                                       _mm256_madd_epi16(gg, _mm256_set1_epi16(19235)));
  // Pillow's L = (19595 r + 38470 g + 7471 b + 32768) >> 16 < 32.
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(2064384), sum);
}

// Class codes of 16 pixels (kTie where the table must decide).
__attribute__((target("avx2"))) __m128i Classify16(__m256i r, __m256i g, __m256i b) {
  const __m256i black = _mm256_packs_epi32(
      Luma32Black(_mm256_unpacklo_epi16(r, b), _mm256_unpacklo_epi16(g, g)),
      Luma32Black(_mm256_unpackhi_epi16(r, b), _mm256_unpackhi_epi16(g, g)));
  const __m256i hi = _mm256_max_epi16(r, _mm256_max_epi16(g, b));
  const __m256i lo = _mm256_min_epi16(r, _mm256_min_epi16(g, b));
  const __m256i cr = _mm256_sub_epi16(hi, lo);
  const __m256i cr2 = _mm256_add_epi16(cr, cr);
  const __m256i cr3 = _mm256_add_epi16(cr2, cr);
  const __m256i cr4 = _mm256_add_epi16(cr2, cr2);

  // Saturation classes: s1 (>= 85), s2 (>= 170), s3 (>= 171).
  const __m256i hi2 = _mm256_add_epi16(hi, hi);
  const __m256i cr85 = _mm256_mullo_epi16(cr, _mm256_set1_epi16(85));
  const __m256i hi57 = _mm256_mullo_epi16(hi, _mm256_set1_epi16(57));
  const __m256i s1 = _mm256_cmpgt_epi16(cr3, hi);
  const __m256i s2 = _mm256_cmpgt_epi16(cr3, hi2);
  const __m256i s3 = _mm256_cmpgt_epi16(cr85, hi57);
  const __m256i saturation_tie = _mm256_or_si256(
      _mm256_or_si256(_mm256_cmpeq_epi16(cr3, hi), _mm256_cmpeq_epi16(cr3, hi2)),
      _mm256_cmpeq_epi16(cr85, hi57));

  // n = 6 cr h in Pillow's branch order: red is the maximum, else green, else blue.
  const __m256i red_max = _mm256_cmpeq_epi16(r, hi);
  const __m256i green_max = _mm256_andnot_si256(red_max, _mm256_cmpeq_epi16(g, hi));
  const __m256i cr6 = _mm256_add_epi16(cr3, cr3);
  const __m256i red_n = _mm256_add_epi16(_mm256_sub_epi16(g, b), _mm256_and_si256(_mm256_cmpgt_epi16(b, g), cr6));
  const __m256i green_n = _mm256_sub_epi16(_mm256_add_epi16(cr2, b), r);
  const __m256i blue_n = _mm256_sub_epi16(_mm256_add_epi16(cr4, r), g);
  const __m256i n = _mm256_blendv_epi8(_mm256_blendv_epi8(blue_n, green_n, green_max), red_n, red_max);

  __m256i bin = _mm256_setzero_si256(), hue_tie = _mm256_setzero_si256();
  HueStep(n, cr, cr, bin, hue_tie);
  bin = _mm256_sub_epi16(bin, _mm256_cmpgt_epi16(n, cr2));
  hue_tie = _mm256_or_si256(hue_tie, _mm256_cmpeq_epi16(n, cr2));
  HueStep(n, cr3, cr, bin, hue_tie);
  bin = _mm256_sub_epi16(bin, _mm256_cmpgt_epi16(n, cr4));
  hue_tie = _mm256_or_si256(hue_tie, _mm256_cmpeq_epi16(n, cr4));
  HueStep(n, _mm256_add_epi16(cr4, cr), cr, bin, hue_tie);

  // gray 1, faint 2 + bin, saturation 170: 14, bright 8 + bin.
  const __m256i base = _mm256_add_epi16(
      _mm256_add_epi16(_mm256_set1_epi16(kGray), _mm256_and_si256(s1, _mm256_set1_epi16(kFaint - kGray))),
      _mm256_add_epi16(_mm256_and_si256(s2, _mm256_set1_epi16(kColorOnly - kFaint)),
                       _mm256_and_si256(s3, _mm256_set1_epi16(kBright - kColorOnly))));
  const __m256i uses_hue = _mm256_andnot_si256(_mm256_andnot_si256(s3, s2), s1);
  __m256i code = _mm256_add_epi16(base, _mm256_and_si256(uses_hue, bin));
  const __m256i tie = _mm256_or_si256(saturation_tie, _mm256_and_si256(hue_tie, uses_hue));
  code = _mm256_blendv_epi8(code, _mm256_set1_epi16(kTie), tie);
  code = _mm256_andnot_si256(black, code);
  return _mm_packus_epi16(_mm256_castsi256_si128(code), _mm256_extracti128_si256(code, 1));
}

// Classifies the first multiple of 16 of `count` pixels; returns how many.
__attribute__((target("avx2"))) int64_t ClassifyRgbAvx2(const uint8_t* rgb, int64_t count,
                                                        uint8_t* classes) {
  static const Deinterleave masks;
  int64_t i = 0;
  for (; i + 16 <= count; i += 16) {
    const uint8_t* p = rgb + 3 * i;
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 32));
    const __m128i codes = Classify16(Channel(masks, 0, a, b, c), Channel(masks, 1, a, b, c),
                                     Channel(masks, 2, a, b, c));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(classes + i), codes);
    unsigned ties = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(codes, _mm_set1_epi8(kTie))));
    while (ties != 0) {
      const int k = __builtin_ctz(ties);
      classes[i + k] = ColorClassOf(p + 3 * k, 3);
      ties &= ties - 1;
    }
  }
  return i;
}

// Byte counters per class, folded into 64-bit counts before they can wrap (255 steps).
__attribute__((target("avx2"))) int64_t CountClassesAvx2(const uint8_t* classes, int64_t count,
                                                         int64_t* counts) {
  int64_t i = 0;
  while (i + 32 <= count) {
    const int64_t steps = std::min<int64_t>((count - i) / 32, 255);
    __m256i tally[kColorClasses];
    for (auto& t : tally) t = _mm256_setzero_si256();
    for (int64_t step = 0; step < steps; ++step, i += 32) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(classes + i));
      for (int c = 0; c < kColorClasses; ++c) {
        tally[c] = _mm256_sub_epi8(tally[c], _mm256_cmpeq_epi8(v, _mm256_set1_epi8(static_cast<char>(c))));
      }
    }
    for (int c = 0; c < kColorClasses; ++c) {
      const __m256i sums = _mm256_sad_epu8(tally[c], _mm256_setzero_si256());
      counts[c] += _mm256_extract_epi64(sums, 0) + _mm256_extract_epi64(sums, 1) +
                   _mm256_extract_epi64(sums, 2) + _mm256_extract_epi64(sums, 3);
    }
  }
  return i;
}

bool HasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}

}  // namespace

uint8_t ColorClassOf(const uint8_t* p, int channels) {
  const uint32_t luma = channels >= 3 ? (19595u * p[0] + 38470u * p[1] + 7471u * p[2] + 32768u) >> 16 : p[0];
  if (luma < 32) return kBlack;
  if (channels < 3) return kGray;
  const uint8_t hi = std::max({p[0], p[1], p[2]}), lo = std::min({p[0], p[1], p[2]});
  const int saturation = SaturationTable()[hi * 256 + lo];
  if (saturation < 85) return kGray;
  if (saturation == 170) return kColorOnly;
  const int bin = HueBin(HueTable()[HueIndex(p, hi, lo)]);
  return static_cast<uint8_t>((saturation < 170 ? kFaint : kBright) + bin);
}

void ClassifyRgbPixels(const uint8_t* rgb, int64_t count, uint8_t* classes) {
  int64_t done = HasAvx2() ? ClassifyRgbAvx2(rgb, count, classes) : 0;
  for (; done < count; ++done) classes[done] = ColorClassOf(rgb + 3 * done, 3);
}

void CountColorClasses(const uint8_t* pixels, int64_t count, int channels, int64_t* counts) {
  std::fill(counts, counts + kColorClasses, 0);
  if (channels != 3) {
    for (int64_t i = 0; i < count; ++i) ++counts[ColorClassOf(pixels + i * channels, channels)];
    return;
  }
  constexpr int64_t kChunk = 4096;  // class bytes stay in L1 between the two passes
  uint8_t classes[kChunk];
  for (int64_t start = 0; start < count; start += kChunk) {
    const int64_t n = std::min(kChunk, count - start);
    ClassifyRgbPixels(pixels + 3 * start, n, classes);
    int64_t counted = HasAvx2() ? CountClassesAvx2(classes, n, counts) : 0;
    for (; counted < n; ++counted) ++counts[classes[counted]];
  }
}

}  // namespace skipjack::internal
