#include "skipjack/io/bit_unpack.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace skipjack {
namespace {

constexpr uint64_t MaskOf(int width) {
  return width >= 32 ? 0xFFFFFFFFull : (uint64_t{1} << width) - 1;
}

// One value at a time, reading no byte at or past `size`.
template <typename T>
void UnpackEach(const uint8_t* data, int64_t size, int width, int64_t first, int64_t count,
                T* out) {
  const uint64_t mask = MaskOf(width);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t bit = (first + i) * width;
    const int64_t byte = bit >> 3;
    uint64_t word = 0;
    std::memcpy(&word, data + byte, static_cast<size_t>(std::min<int64_t>(8, size - byte)));
    out[i] = static_cast<T>((word >> (bit & 7)) & mask);
  }
}

// `groups` groups of eight `Width`-bit values from `in` (Width bytes per group); reads
// up to 8 bytes past each group's last value byte.
template <int Width, typename T>
void UnpackGroups(const uint8_t* in, int64_t groups, T* out) {
  constexpr uint64_t kMask = MaskOf(Width);
  for (int64_t g = 0; g < groups; ++g, in += Width, out += 8) {
    for (int k = 0; k < 8; ++k) {  // constant offsets and shifts once unrolled
      uint64_t word;
      std::memcpy(&word, in + ((k * Width) >> 3), 8);
      out[k] = static_cast<T>((word >> ((k * Width) & 7)) & kMask);
    }
  }
}

template <typename T>
using GroupUnpacker = void (*)(const uint8_t*, int64_t, T*);

template <typename T, size_t... Widths>
constexpr std::array<GroupUnpacker<T>, sizeof...(Widths)> GroupUnpackers(
    std::index_sequence<Widths...>) {
  return {&UnpackGroups<static_cast<int>(Widths), T>...};
}

template <typename T>
void Unpack(const uint8_t* data, int64_t size, int width, int64_t first, int64_t count, T* out) {
  if (width == 0) {
    std::fill(out, out + count, T{0});
    return;
  }
  // Up to the next group of eight, one by one.
  const int64_t lead = std::min(count, (8 - first % 8) % 8);
  UnpackEach(data, size, width, first, lead, out);
  first += lead;
  out += lead;
  count -= lead;
  // Whole groups whose reads stay inside the data: group g reads below (g + 1) * width + 8.
  const int64_t group = first / 8;
  const int64_t safe_groups = size >= 8 + width ? (size - 8) / width - group : 0;
  const int64_t groups = std::clamp<int64_t>(safe_groups, 0, count / 8);
  static constexpr auto kUnpackers = GroupUnpackers<T>(std::make_index_sequence<33>());
  kUnpackers[width](data + group * width, groups, out);
  // The rest one by one.
  UnpackEach(data, size, width, first + groups * 8, count - groups * 8, out + groups * 8);
}

}  // namespace

void UnpackBits(const uint8_t* data, int64_t size, int width, int64_t first, int64_t count,
                uint32_t* out) {
  Unpack(data, size, width, first, count, out);
}

void UnpackBits(const uint8_t* data, int64_t size, int width, int64_t first, int64_t count,
                uint8_t* out) {
  Unpack(data, size, width, first, count, out);
}

}  // namespace skipjack
