#include "skipjack/io/snappy_decompress.h"

#include <arrow/util/compression.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace skipjack {
namespace {

using Bytes = std::vector<uint8_t>;

arrow::util::Codec& ArrowSnappy() {
  static auto codec = arrow::util::Codec::Create(arrow::Compression::SNAPPY).ValueOrDie();
  return *codec;
}

Bytes Compress(const Bytes& data) {
  auto& codec = ArrowSnappy();
  Bytes out(codec.MaxCompressedLen(data.size(), data.data()));
  const int64_t size = codec.Compress(data.size(), data.data(), out.size(), out.data()).ValueOrDie();
  out.resize(size);
  return out;
}

// Decompresses into a buffer of exactly the declared size, as Parquet pages do.
bool Decompress(const Bytes& block, Bytes* out) {
  const int64_t length = SnappyDeclaredLength(block.data(), block.size());
  if (length < 0 || length > (1 << 24)) return false;
  out->assign(length, 0xAB);
  return SnappyDecompress(block.data(), block.size(), out->data(), out->size());
}

// The kinds of pages Parquet writers produce: incompressible bytes, runs, small
// integers (a short literal and a short copy per value), periodic patterns, text.
std::vector<Bytes> Samples() {
  std::mt19937_64 random(42);
  std::vector<Bytes> samples;
  for (size_t size : {0, 1, 15, 16, 17, 60, 61, 63, 64, 65, 66, 67, 130, 1000, 70000, 300000}) {
    Bytes noise(size), zeros(size, 0), integers(size), text(size);
    for (auto& b : noise) b = static_cast<uint8_t>(random());
    for (size_t i = 0; i < size; ++i) {
      integers[i] = i % 8 < 3 ? static_cast<uint8_t>(random()) : 0;
      text[i] = "the quick brown fox jumps over the lazy dog, "[(i * 7 + random() % 3) % 44];
    }
    samples.insert(samples.end(), {noise, zeros, integers, text});
    for (size_t period = 1; period <= 20 && size > 0; ++period) {
      Bytes periodic(size);
      for (size_t i = 0; i < size; ++i) periodic[i] = static_cast<uint8_t>(i % period * 37 + 1);
      samples.push_back(std::move(periodic));
    }
  }
  return samples;
}

TEST(SnappyDecompress, MatchesArrowsSnappyOnEveryKindOfPage) {
  for (const auto& sample : Samples()) {
    Bytes out;
    ASSERT_TRUE(Decompress(Compress(sample), &out)) << "size " << sample.size();
    ASSERT_EQ(out, sample) << "size " << sample.size();
  }
}

TEST(SnappyDecompress, LongLiteralsAndFourByteOffsets) {
  // Hand-made: literal "abcd" (1-byte tag), copy4 of 8 bytes from 4 back, a literal of
  // 61 bytes whose length follows the tag in one byte, then a copy2 of 40 from 61 back.
  Bytes block = {0};  // length, patched below
  block.insert(block.end(), {3 << 2, 'a', 'b', 'c', 'd'});
  block.insert(block.end(), {(7 << 2) | 3, 4, 0, 0, 0});
  block.insert(block.end(), {60 << 2, 60});
  Bytes expected = {'a', 'b', 'c', 'd', 'a', 'b', 'c', 'd', 'a', 'b', 'c', 'd'};
  for (int i = 0; i < 61; ++i) {
    block.push_back(static_cast<uint8_t>('A' + i % 26));
    expected.push_back(static_cast<uint8_t>('A' + i % 26));
  }
  block.insert(block.end(), {(39 << 2) | 2, 61, 0});
  for (int i = 0; i < 40; ++i) expected.push_back(expected[expected.size() - 61]);
  block[0] = static_cast<uint8_t>(expected.size());
  ASSERT_LT(expected.size(), 128u);
  Bytes out;
  ASSERT_TRUE(Decompress(block, &out));
  EXPECT_EQ(out, expected);
}

TEST(SnappyDecompress, RejectsBadHeadersAndWrongSizes) {
  const Bytes block = Compress(Bytes(1000, 7));
  Bytes out(999);
  EXPECT_FALSE(SnappyDecompress(block.data(), block.size(), out.data(), out.size()));
  out.resize(1001);
  EXPECT_FALSE(SnappyDecompress(block.data(), block.size(), out.data(), out.size()));
  const Bytes unterminated = {0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
  EXPECT_EQ(SnappyDeclaredLength(unterminated.data(), unterminated.size()), -1);
  EXPECT_EQ(SnappyDeclaredLength(nullptr, 0), -1);
  const Bytes offset_zero = {8, 0 << 2, 'x', (3 << 2) | 1, 0};  // copy1 of 7 from 0 back
  Bytes small(8);
  EXPECT_FALSE(SnappyDecompress(offset_zero.data(), offset_zero.size(), small.data(), small.size()));
  const Bytes before_start = {8, 0 << 2, 'x', (3 << 2) | 1, 2};  // 2 back, 1 written
  EXPECT_FALSE(SnappyDecompress(before_start.data(), before_start.size(), small.data(), small.size()));
}

// Truncated and bit-flipped blocks: never a crash or an out-of-range access; the
// decoder accepts exactly the blocks Arrow's snappy accepts, with the same output.
TEST(SnappyDecompress, CorruptBlocksAgreeWithArrowsSnappy) {
  std::mt19937_64 random(7);
  auto& codec = ArrowSnappy();
  for (const auto& sample : Samples()) {
    if (sample.size() > 70000) continue;
    const Bytes block = Compress(sample);
    for (int trial = 0; trial < 40; ++trial) {
      Bytes corrupt = block;
      if (trial % 2 == 0) {
        corrupt.resize(random() % (block.size() + 1));
      } else if (!corrupt.empty()) {
        corrupt[random() % corrupt.size()] ^= static_cast<uint8_t>(1u << (random() % 8));
      }
      Bytes ours;
      const bool ok = Decompress(corrupt, &ours);
      const int64_t length = SnappyDeclaredLength(corrupt.data(), corrupt.size());
      if (length < 0 || length > (1 << 24)) {
        EXPECT_FALSE(ok);
        continue;
      }
      Bytes theirs(length + 1);
      auto result = codec.Decompress(corrupt.size(), corrupt.data(), theirs.size(), theirs.data());
      const bool arrow_ok = result.ok() && *result == length;
      ASSERT_EQ(ok, arrow_ok) << "sample size " << sample.size() << " trial " << trial;
      if (ok) {
        theirs.resize(length);
        ASSERT_EQ(ours, theirs);
      }
    }
  }
}

}  // namespace
}  // namespace skipjack
