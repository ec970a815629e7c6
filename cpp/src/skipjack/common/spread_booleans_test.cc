#include "skipjack/common/spread_booleans.h"

#include <random>

#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/compute/api.h>
#include <arrow/memory_pool.h>
#include <gtest/gtest.h>

namespace skipjack {
namespace {

std::shared_ptr<arrow::Array> Booleans(int64_t n, bool nulls, std::mt19937* random) {
  arrow::BooleanBuilder builder;
  for (int64_t i = 0; i < n; ++i) {
    if (nulls && (*random)() % 4 == 0) {
      EXPECT_TRUE(builder.AppendNull().ok());
    } else {
      EXPECT_TRUE(builder.Append((*random)() % 2 == 0).ok());
    }
  }
  return builder.Finish().ValueOrDie();
}

std::shared_ptr<arrow::Array> Indices(int64_t n, int64_t range, std::mt19937* random) {
  arrow::Int32Builder builder;
  for (int64_t i = 0; i < n; ++i) {
    EXPECT_TRUE(builder.Append(static_cast<int32_t>((*random)() % range)).ok());
  }
  return builder.Finish().ValueOrDie();
}

TEST(SpreadBooleans, MatchesTakeWithNullsSlicesAndPartialBytes) {
  std::mt19937 random(7);
  for (bool nulls : {false, true}) {
    const auto whole = Booleans(13, nulls, &random);
    for (const auto& per_value : {whole, whole->Slice(3)}) {
      for (int64_t n : {0, 1, 8, 13, 1000, 1003}) {
        const auto indices = Indices(n, per_value->length(), &random);
        for (const auto& rows : {indices, indices->Slice(n / 3)}) {
          auto spread = SpreadBooleans(*per_value, *rows, arrow::default_memory_pool());
          ASSERT_TRUE(spread.has_value());
          ASSERT_TRUE(spread->ok()) << spread->status().ToString();
          const auto expected = arrow::compute::Take(per_value, rows).ValueOrDie().make_array();
          ASSERT_TRUE((**spread)->ValidateFull().ok());
          EXPECT_TRUE((**spread)->Equals(*expected)) << "n " << n << " nulls " << nulls;
        }
      }
    }
  }
}

TEST(SpreadBooleans, BadIndicesAndOtherArrays) {
  std::mt19937 random(9);
  const auto per_value = Booleans(4, false, &random);
  arrow::Int32Builder rows;
  ASSERT_TRUE(rows.AppendValues({0, 3, 4}).ok());
  auto bad = SpreadBooleans(*per_value, *rows.Finish().ValueOrDie(), arrow::default_memory_pool());
  ASSERT_TRUE(bad.has_value());
  EXPECT_TRUE(bad->status().IsInvalid());
  arrow::Int64Builder wide;
  ASSERT_TRUE(wide.Append(1).ok());
  EXPECT_FALSE(SpreadBooleans(*per_value, *wide.Finish().ValueOrDie(), arrow::default_memory_pool())
                   .has_value());
  ASSERT_TRUE(rows.AppendNull().ok());
  EXPECT_FALSE(SpreadBooleans(*per_value, *rows.Finish().ValueOrDie(), arrow::default_memory_pool())
                   .has_value());
}

}  // namespace
}  // namespace skipjack
