#include "skipjack/functions/string/literal_search.h"

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace skipjack {

size_t FindLiteral(std::string_view text, std::string_view needle, size_t from) {
  const size_t n = needle.size();
  if (from > text.size() || text.size() - from < n) return std::string_view::npos;
  if (n == 0) return from;
  const char* s = text.data();
  if (n == 1) {
    const void* hit = std::memchr(s + from, needle[0], text.size() - from);
    return hit ? static_cast<const char*>(hit) - s : std::string_view::npos;
  }
  const size_t last_start = text.size() - n;
  const char first = needle[0];
  const char last = needle[n - 1];
  size_t i = from;
#ifdef __SSE2__
  // Starts i..i+15 at once: bytes i.. match the first letter, bytes i+n-1.. the last.
  // The last block overlaps the one before it, so no start is tested one at a time.
  if (last_start - i >= 15) {
    const __m128i firsts = _mm_set1_epi8(first);
    const __m128i lasts = _mm_set1_epi8(last);
    const size_t end = last_start + 1;
    while (i < end) {
      const size_t block = std::min(i, end - 16);
      const __m128i at_first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + block));
      const __m128i at_last =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + block + n - 1));
      auto candidates = static_cast<unsigned>(_mm_movemask_epi8(
          _mm_and_si128(_mm_cmpeq_epi8(at_first, firsts), _mm_cmpeq_epi8(at_last, lasts))));
      candidates &= ~0u << (i - block);  // starts before i were tested already
      while (candidates != 0) {
        const size_t start = block + static_cast<size_t>(__builtin_ctz(candidates));
        if (std::memcmp(s + start + 1, needle.data() + 1, n - 2) == 0) return start;
        candidates &= candidates - 1;
      }
      i = block + 16;
    }
    return std::string_view::npos;
  }
#endif
  for (; i <= last_start; ++i) {
    if (s[i] == first && s[i + n - 1] == last &&
        std::memcmp(s + i + 1, needle.data() + 1, n - 2) == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace skipjack
