// File: snappy_decompress.cc
//
// A snappy block is a varint length, then tags: a literal (its bytes follow the tag) or
// a copy of earlier output (length and offset). The fast loop runs while the input has
// 66 more bytes and the output 64 more, so every literal of up to 60 bytes and every
// copy (at most 64 bytes) is done with whole 16- or 8-byte moves that may write past
// its end but never past the buffer; later tags overwrite the excess. The tail loop
// decodes the rest byte by byte with every bound checked.

#include "skipjack/io/snappy_decompress.h"

#include <emmintrin.h>

#include <cstring>

namespace skipjack {
namespace {

constexpr uint32_t kLiteral = 0;
constexpr uint32_t kCopy1 = 1;  // 4-11 bytes, 11-bit offset (3 bits in the tag)
constexpr uint32_t kCopy2 = 2;  // 1-64 bytes, 16-bit offset

constexpr size_t kFastInput = 66;   // tag + up to 60 literal bytes + 16-byte move slack
constexpr size_t kFastOutput = 64;  // the longest copy; moves never pass it

constexpr uint32_t kLowBytes[5] = {0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF};

inline uint32_t Load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

inline void Move16(uint8_t* dst, const uint8_t* src) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(dst),
                   _mm_loadu_si128(reinterpret_cast<const __m128i*>(src)));
}

inline void Move8(uint8_t* dst, const uint8_t* src) {
  uint64_t v;
  std::memcpy(&v, src, 8);
  std::memcpy(dst, &v, 8);
}

// Copies `length` (<= 64) bytes from `offset` bytes back; may write up to op + 64.
// Each move reads only bytes that earlier moves already wrote.
inline void FastCopy(uint8_t* op, size_t offset, size_t length) {
  const uint8_t* src = op - offset;
  if (offset >= 16) {  // all four moves: cheaper than mispredicting the length
    Move16(op, src);
    Move16(op + 16, src + 16);
    Move16(op + 32, src + 32);
    Move16(op + 48, src + 48);
    return;
  }
  size_t i = 0;
  if (offset >= 8) {
    for (; i < length; i += 8) Move8(op + i, src + i);
    return;
  }
  // A short repeating pattern: lay down its first 8 bytes, then copy 8 at a time from
  // a multiple of the period that is at least 8 bytes back.
  for (; i < 8 && i < length; ++i) op[i] = src[i];
  const size_t period = offset * ((8 + offset - 1) / offset);
  for (; i < length; i += 8) Move8(op + i, op + i - period);
}

// Copies a literal of `length` bytes at *ip to *op if both ranges hold it.
inline bool CheckedLiteral(const uint8_t** ip, uint8_t** op, size_t length,
                           const uint8_t* input_end, const uint8_t* output_end) {
  if (static_cast<size_t>(input_end - *ip) < length ||
      static_cast<size_t>(output_end - *op) < length) {
    return false;
  }
  std::memcpy(*op, *ip, length);
  *op += length;
  *ip += length;
  return true;
}

}  // namespace

int64_t SnappyDeclaredLength(const uint8_t* input, size_t input_size) {
  uint64_t length = 0;
  for (size_t i = 0; i < input_size && i < 5; ++i) {
    length |= static_cast<uint64_t>(input[i] & 0x7F) << (7 * i);
    if (!(input[i] & 0x80)) return length <= 0xFFFFFFFFu ? static_cast<int64_t>(length) : -1;
  }
  return -1;
}

bool SnappyDecompress(const uint8_t* input, size_t input_size, uint8_t* output,
                      size_t output_size) {
  if (SnappyDeclaredLength(input, input_size) != static_cast<int64_t>(output_size)) return false;
  const uint8_t* ip = input;
  while (*ip & 0x80) ++ip;
  ++ip;
  const uint8_t* const input_end = input + input_size;
  uint8_t* op = output;
  uint8_t* const output_end = output + output_size;

  if (input_size >= kFastInput && output_size >= kFastOutput) {
    const uint8_t* const fast_input_end = input_end - kFastInput;
    uint8_t* const fast_output_end = output_end - kFastOutput;
    while (ip < fast_input_end && op < fast_output_end) {
      const uint32_t tag = ip[0];
      const uint32_t kind = tag & 3;
      if (kind == kLiteral) {
        size_t length = (tag >> 2) + 1;
        if (__builtin_expect(length <= 16, 1)) {
          Move16(op, ip + 1);
          op += length;
          ip += 1 + length;
          continue;
        }
        if (length <= 60) {
          Move16(op, ip + 1);
          Move16(op + 16, ip + 17);
          Move16(op + 32, ip + 33);
          Move16(op + 48, ip + 49);
          op += length;
          ip += 1 + length;
          continue;
        }
        const size_t length_bytes = length - 60;  // the length follows in 1-4 bytes
        length = static_cast<size_t>(Load32(ip + 1) & kLowBytes[length_bytes]) + 1;
        ip += 1 + length_bytes;
        if (!CheckedLiteral(&ip, &op, length, input_end, output_end)) return false;
        continue;
      }
      size_t length, offset;
      if (kind == kCopy1) {
        length = ((tag >> 2) & 7) + 4;
        offset = ((tag >> 5) << 8) | ip[1];
        ip += 2;
      } else if (kind == kCopy2) {
        length = (tag >> 2) + 1;
        offset = Load32(ip + 1) & 0xFFFF;
        ip += 3;
      } else {
        length = (tag >> 2) + 1;
        offset = Load32(ip + 1);
        ip += 5;
      }
      // offset 0 wraps around and fails too.
      if (__builtin_expect(offset - 1 >= static_cast<size_t>(op - output), 0)) return false;
      FastCopy(op, offset, length);
      op += length;
    }
  }

  while (ip < input_end) {
    const uint32_t tag = *ip++;
    const uint32_t kind = tag & 3;
    size_t length, offset = 0;
    if (kind == kLiteral) {
      length = (tag >> 2) + 1;
      if (length > 60) {
        const size_t length_bytes = length - 60;
        if (static_cast<size_t>(input_end - ip) < length_bytes) return false;
        length = 0;
        for (size_t k = 0; k < length_bytes; ++k) length |= static_cast<size_t>(ip[k]) << (8 * k);
        length += 1;
        ip += length_bytes;
      }
      if (!CheckedLiteral(&ip, &op, length, input_end, output_end)) return false;
      continue;
    }
    const size_t offset_bytes = kind == kCopy1 ? 1 : kind == kCopy2 ? 2 : 4;
    if (static_cast<size_t>(input_end - ip) < offset_bytes) return false;
    if (kind == kCopy1) {
      length = ((tag >> 2) & 7) + 4;
      offset = (tag >> 5) << 8;
    } else {
      length = (tag >> 2) + 1;
    }
    for (size_t k = 0; k < offset_bytes; ++k) offset |= static_cast<size_t>(ip[k]) << (8 * k);
    ip += offset_bytes;
    if (offset - 1 >= static_cast<size_t>(op - output) ||
        static_cast<size_t>(output_end - op) < length) {
      return false;
    }
    for (size_t i = 0; i < length; ++i) op[i] = op[i - offset];
    op += length;
  }
  return op == output_end;
}

}  // namespace skipjack
