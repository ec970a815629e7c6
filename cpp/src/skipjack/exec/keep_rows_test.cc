#include "skipjack/exec/keep_rows.h"

#include <arrow/array.h>
#include <arrow/builder.h>
#include <gtest/gtest.h>

namespace skipjack {
namespace {

// A boolean mask of `n` flags, every third null, the rest true where i % 5 < 2.
std::shared_ptr<arrow::Array> Mask(int64_t n) {
  arrow::BooleanBuilder builder;
  for (int64_t i = 0; i < n; ++i) {
    if (i % 3 == 0) {
      EXPECT_TRUE(builder.AppendNull().ok());
    } else {
      EXPECT_TRUE(builder.Append(i % 5 < 2).ok());
    }
  }
  return builder.Finish().ValueOrDie();
}

std::vector<int64_t> Expected(int64_t from, int64_t n) {
  std::vector<int64_t> rows;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t at = from + i;
    if (at % 3 != 0 && at % 5 < 2) rows.push_back(i);
  }
  return rows;
}

TEST(KeptPositions, WordsTailsNullsAndSlices) {
  for (int64_t n : {0, 1, 63, 64, 65, 200}) {
    auto mask = Mask(n + 13);
    // Aligned (offset 0 and 8) and unaligned (offset 5) slices.
    for (int64_t offset : {0, 5, 8}) {
      auto slice = mask->Slice(offset, n);
      EXPECT_EQ(KeptPositions(slice.get(), n), Expected(offset, n)) << n << " at " << offset;
    }
  }
}

TEST(KeptPositions, NullMaskKeepsEveryRowAndNullTypedMaskNone) {
  EXPECT_EQ(KeptPositions(nullptr, 3), (std::vector<int64_t>{0, 1, 2}));
  arrow::NullArray all_null(4);
  EXPECT_TRUE(KeptPositions(&all_null, 4).empty());
}

}  // namespace
}  // namespace skipjack
