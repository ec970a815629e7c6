#include "skipjack/common/gather_strings.h"

#include <random>
#include <string>

#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/compute/api.h>
#include <arrow/memory_pool.h>
#include <gtest/gtest.h>

namespace skipjack {
namespace {

std::shared_ptr<arrow::Array> Strings(int64_t n, std::mt19937* random) {
  arrow::StringBuilder builder;
  for (int64_t i = 0; i < n; ++i) {
    const int length = static_cast<int>((*random)() % 40);
    std::string value(static_cast<size_t>(length), 'a');
    for (auto& c : value) c = static_cast<char>('a' + (*random)() % 26);
    EXPECT_TRUE(builder.Append(value).ok());
  }
  return builder.Finish().ValueOrDie();
}

std::shared_ptr<arrow::Array> Indices(int64_t n, int64_t range, bool nulls, std::mt19937* random) {
  arrow::Int32Builder builder;
  for (int64_t i = 0; i < n; ++i) {
    if (nulls && i % 5 == 0) {
      EXPECT_TRUE(builder.AppendNull().ok());
    } else {
      EXPECT_TRUE(builder.Append(static_cast<int32_t>((*random)() % range)).ok());
    }
  }
  return builder.Finish().ValueOrDie();
}

// GatherStrings of `indices` into `column` gives what Take gives.
void ExpectMatchesTake(const std::shared_ptr<arrow::Array>& column,
                       const std::shared_ptr<arrow::Array>& indices) {
  auto gathered = GatherStrings(column, *indices, arrow::default_memory_pool());
  ASSERT_TRUE(gathered.has_value());
  ASSERT_TRUE(gathered->ok()) << gathered->status().ToString();
  auto expected = arrow::compute::Take(column, indices).ValueOrDie().make_array();
  ASSERT_TRUE((**gathered)->ValidateFull().ok());
  EXPECT_TRUE((**gathered)->Equals(*expected));
}

TEST(GatherStrings, ManyValuesFewIndicesSlicesAndNullsMatchTake) {
  // A join's build side: many values, a batch of row numbers into them.
  std::mt19937 random(3);
  const auto values = Strings(5000, &random);
  for (const auto& column : {values, values->Slice(17), values->Slice(4000, 999)}) {
    for (bool nulls : {false, true}) {
      ExpectMatchesTake(column, Indices(300, column->length(), nulls, &random));
    }
  }
}

TEST(GatherStrings, FewValuesManyIndicesOfMixedLengthsMatchTake) {
  // A low-cardinality column's dictionary: its bytes are padded, and values of at most
  // one or two words are copied whole; longer ones and null rows are copied by length.
  std::mt19937 random(5);
  for (int longest : {16, 32, 40}) {
    arrow::StringBuilder builder;
    for (int length : {0, 1, 7, 15, 16, 17, 31, 32, 40}) {
      if (length <= longest) ASSERT_TRUE(builder.Append(std::string(length, 'a' + length % 26)).ok());
    }
    const auto values = builder.Finish().ValueOrDie();
    for (const auto& column : {values, values->Slice(2)}) {
      for (bool nulls : {false, true}) {
        SCOPED_TRACE("longest " + std::to_string(longest));
        ExpectMatchesTake(column, Indices(2000, column->length(), nulls, &random));
      }
    }
  }
}

TEST(GatherStrings, TheLastValuesOfTheBufferAndAnOutOfRangeIndex) {
  // The buffer's last values cannot be read as a whole word: copied by their lengths.
  arrow::StringBuilder builder;
  ASSERT_TRUE(builder.Append("a considerably longer first value").ok());
  ASSERT_TRUE(builder.Append("z").ok());
  ASSERT_TRUE(builder.Append("yy").ok());
  auto values = builder.Finish().ValueOrDie();
  arrow::Int32Builder rows;
  ASSERT_TRUE(rows.AppendValues({2, 1, 2, 0, 1}).ok());
  auto indices = rows.Finish().ValueOrDie();
  auto gathered = GatherStrings(values, *indices, arrow::default_memory_pool());
  ASSERT_TRUE(gathered.has_value() && gathered->ok());
  EXPECT_TRUE((**gathered)->Equals(*arrow::compute::Take(values, indices).ValueOrDie().make_array()));
  ASSERT_TRUE(rows.AppendValues({0, 3}).ok());
  auto bad = GatherStrings(values, *rows.Finish().ValueOrDie(), arrow::default_memory_pool());
  ASSERT_TRUE(bad.has_value());
  EXPECT_TRUE(bad->status().IsInvalid());
}

}  // namespace
}  // namespace skipjack
