#include "skipjack/io/bit_unpack.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace skipjack {
namespace {

// Bytes placed right before an inaccessible page: reading past them crashes the test.
class GuardedBytes {
 public:
  explicit GuardedBytes(const std::vector<uint8_t>& bytes) {
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    span_ = (bytes.size() / page_ + 2) * page_;
    void* mapped = mmap(nullptr, span_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT_NE(mapped, MAP_FAILED);
    base_ = static_cast<uint8_t*>(mapped);
    EXPECT_EQ(mprotect(base_ + span_ - page_, page_, PROT_NONE), 0);
    data_ = base_ + span_ - page_ - bytes.size();
    std::memcpy(data_, bytes.data(), bytes.size());
  }
  ~GuardedBytes() { munmap(base_, span_); }
  const uint8_t* data() const { return data_; }

 private:
  size_t page_ = 0, span_ = 0;
  uint8_t* base_ = nullptr;
  uint8_t* data_ = nullptr;
};

// Value `i` of `width`-bit packed values, one bit at a time.
uint32_t BitByBit(const std::vector<uint8_t>& bytes, int width, int64_t i) {
  uint32_t value = 0;
  for (int b = 0; b < width; ++b) {
    const int64_t bit = i * width + b;
    value |= static_cast<uint32_t>((bytes[bit / 8] >> (bit % 8)) & 1) << b;
  }
  return value;
}

TEST(BitUnpack, EveryWidthAndStartMatchesBitByBitWithoutReadingPastTheData) {
  std::mt19937 random(5);
  for (int width = 0; width <= 32; ++width) {
    for (int64_t values : {1, 7, 8, 9, 64, 100, 1003}) {
      const int64_t size = (values * width + 7) / 8;  // exactly the bytes the values need
      std::vector<uint8_t> bytes(static_cast<size_t>(size));
      for (auto& byte : bytes) byte = static_cast<uint8_t>(random());
      GuardedBytes guarded(bytes);
      for (int64_t first : {int64_t{0}, int64_t{1}, int64_t{5}, int64_t{8}, values / 2}) {
        if (first >= values) continue;
        const int64_t count = values - first;
        std::vector<uint32_t> wide(static_cast<size_t>(count));
        UnpackBits(guarded.data(), size, width, first, count, wide.data());
        for (int64_t i = 0; i < count; ++i) {
          ASSERT_EQ(wide[i], BitByBit(bytes, width, first + i))
              << "width " << width << " values " << values << " first " << first << " i " << i;
        }
        if (width <= 8) {
          std::vector<uint8_t> narrow(static_cast<size_t>(count));
          UnpackBits(guarded.data(), size, width, first, count, narrow.data());
          for (int64_t i = 0; i < count; ++i) ASSERT_EQ(narrow[i], wide[i]);
        }
      }
    }
  }
}

TEST(BitUnpack, PartOfTheValuesOfALongerRun) {
  std::vector<uint8_t> bytes(200);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 37 + 11);
  GuardedBytes guarded(bytes);
  std::vector<uint32_t> out(20);
  UnpackBits(guarded.data(), 200, 13, 33, 20, out.data());
  for (int64_t i = 0; i < 20; ++i) EXPECT_EQ(out[i], BitByBit(bytes, 13, 33 + i));
}

}  // namespace
}  // namespace skipjack
