#include "skipjack/exec/runtime_key_filter.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/bitmap_ops.h>

#include "skipjack/exec/key_grouper.h"

namespace skipjack {
namespace {

// Widest key range published: a 16 MiB bitmap.
constexpr int64_t kMaxRange = int64_t{1} << 27;

// Calls `body(value_at)` with a reader of the array's values as int64.
template <typename Body>
void WithValues(const arrow::Array& array, Body body) {
  const auto& data = *array.data();
  switch (array.type()->byte_width()) {
    case 1: {
      const auto* v = data.GetValues<int8_t>(1);
      return body([v](int64_t i) { return int64_t{v[i]}; });
    }
    case 2: {
      const auto* v = data.GetValues<int16_t>(1);
      return body([v](int64_t i) { return int64_t{v[i]}; });
    }
    case 4: {
      const auto* v = data.GetValues<int32_t>(1);
      return body([v](int64_t i) { return int64_t{v[i]}; });
    }
    default: {
      const auto* v = data.GetValues<int64_t>(1);
      return body([v](int64_t i) { return v[i]; });
    }
  }
}

}  // namespace

// Any integer-like key: values are compared as the signed integers of their width,
// the same way when publishing and testing, so unsigned keys work too.
bool RuntimeKeyFilter::Supports(const arrow::DataType& type) { return IsIntegerLikeKey(type); }

void RuntimeKeyFilter::Publish(const arrow::Array& keys) {
  int64_t low = std::numeric_limits<int64_t>::max(), high = std::numeric_limits<int64_t>::min();
  WithValues(keys, [&](auto value) {
    for (int64_t i = 0; i < keys.length(); ++i) {
      if (keys.IsNull(i)) continue;
      low = std::min(low, value(i));
      high = std::max(high, value(i));
    }
  });
  kept_share_ = 0;  // no key: nothing matches
  if (low <= high) {
    // The range in unsigned arithmetic: high - low overflows int64 for extreme keys.
    const uint64_t range = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
    if (range >= static_cast<uint64_t>(kMaxRange)) {  // too wide: keep every row
      published_.store(true, std::memory_order_release);
      return;
    }
    bits_.assign(static_cast<size_t>(range / 64 + 1), 0);
    WithValues(keys, [&](auto value) {
      for (int64_t i = 0; i < keys.length(); ++i) {
        if (keys.IsNull(i)) continue;
        const uint64_t offset = static_cast<uint64_t>(value(i)) - static_cast<uint64_t>(low);
        bits_[offset >> 6] |= uint64_t{1} << (offset & 63);
      }
    });
    min_ = low;
    max_ = high;
    int64_t set = 0;
    for (uint64_t word : bits_) set += __builtin_popcountll(word);
    kept_share_ = static_cast<double>(set) / (static_cast<double>(range) + 1);
  }
  ready_.store(true, std::memory_order_release);
  published_.store(true, std::memory_order_release);
}

arrow::Result<std::shared_ptr<arrow::Array>> RuntimeKeyFilter::Test(const arrow::Array& column,
                                                                    arrow::MemoryPool* pool) const {
  if (!ready_.load(std::memory_order_acquire)) return nullptr;
  const int64_t n = column.length();
  ARROW_ASSIGN_OR_RAISE(auto out, arrow::AllocateBitmap(n, pool));
  uint8_t* bits = out->mutable_data();
  std::fill(bits, bits + arrow::bit_util::BytesForBits(n), 0);
  if (max_ >= min_) {
    const uint64_t range = static_cast<uint64_t>(max_) - static_cast<uint64_t>(min_);
    const uint64_t* words = bits_.data();
    const uint64_t low = static_cast<uint64_t>(min_);
    WithValues(column, [&](auto value) {
      // 64 rows to a word of the output, written once.
      for (int64_t start = 0; start < n; start += 64) {
        const int64_t end = std::min<int64_t>(n, start + 64);
        uint64_t word = 0;
        for (int64_t i = start; i < end; ++i) {
          const uint64_t offset = static_cast<uint64_t>(value(i)) - low;
          const uint64_t hit = offset <= range ? (words[offset >> 6] >> (offset & 63)) & 1 : 0;
          word |= hit << (i - start);
        }
        std::memcpy(bits + start / 8, &word, static_cast<size_t>((end - start + 7) / 8));
      }
    });
    if (column.null_count() > 0) {  // nulls never match
      arrow::internal::BitmapAnd(bits, 0, column.null_bitmap_data(), column.offset(), n, 0, bits);
    }
  }
  return std::make_shared<arrow::BooleanArray>(n, std::move(out));
}

}  // namespace skipjack
