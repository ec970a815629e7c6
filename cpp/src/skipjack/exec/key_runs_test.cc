#include "skipjack/exec/key_runs.h"

#include <arrow/array.h>
#include <gtest/gtest.h>

#include "skipjack/testing/gtest_util.h"

namespace skipjack {
namespace {

using Starts = std::optional<std::vector<int64_t>>;

TEST(KeyRunStarts, IntegersWithNullsAndSlices) {
  // Runs: [7 7] [null null] [7] [8 8 8] [null] [7]
  auto ints = testing::ArrayFromJson(arrow::int64(), "[7, 7, null, null, 7, 8, 8, 8, null, 7]");
  EXPECT_EQ(KeyRunStarts({ints}, 10), Starts({0, 2, 4, 5, 8, 9}));
  // A slice is compared from its own first row.
  EXPECT_EQ(KeyRunStarts({ints->Slice(1, 6)}, 6), Starts({0, 1, 3, 4}));
  EXPECT_EQ(KeyRunStarts({ints->Slice(0, 0)}, 0), Starts(std::vector<int64_t>{}));
}

TEST(KeyRunStarts, EveryColumnMustRepeat) {
  auto a = testing::ArrayFromJson(arrow::int32(), "[1, 1, 1, 1, 2]");
  auto b = testing::ArrayFromJson(arrow::utf8(), R"(["x", "x", "y", null, null])");
  EXPECT_EQ(KeyRunStarts({a, b}, 5), Starts({0, 2, 3, 4}));
  auto large = testing::ArrayFromJson(arrow::large_utf8(), R"(["p", "p", "pq", "pq", "p"])");
  EXPECT_EQ(KeyRunStarts({large->Slice(1, 4)}, 4), Starts({0, 1, 3}));
}

TEST(KeyRunStarts, DecimalsDatesAndSmallWidths) {
  auto decimals = testing::ArrayFromJson(arrow::decimal128(15, 2),
                                       R"(["1.50", "1.50", "-1.50", null, "-1.50"])");
  EXPECT_EQ(KeyRunStarts({decimals->Slice(1, 4)}, 4), Starts({0, 1, 2, 3}));
  EXPECT_EQ(KeyRunStarts({decimals}, 5), Starts({0, 2, 3, 4}));
  auto dates = testing::ArrayFromJson(arrow::date32(), "[100, 100, 101]");
  auto bytes = testing::ArrayFromJson(arrow::int8(), "[-1, -1, -1]");
  auto shorts = testing::ArrayFromJson(arrow::uint16(), "[5, 6, 6]");
  EXPECT_EQ(KeyRunStarts({dates, bytes, shorts}, 3), Starts({0, 1, 2}));
}

TEST(KeyRunStarts, TypesNotComparedHereGiveNothing) {
  auto flags = testing::ArrayFromJson(arrow::boolean(), "[true, true]");
  auto ints = testing::ArrayFromJson(arrow::int64(), "[1, 1]");
  EXPECT_FALSE(KeyRunStarts({ints, flags}, 2).has_value());
  EXPECT_FALSE(KeyRunStarts({std::make_shared<arrow::NullArray>(2)}, 2).has_value());
  auto lists = testing::ArrayFromJson(arrow::list(arrow::int64()), "[[1], [1]]");
  EXPECT_FALSE(KeyRunStarts({lists}, 2).has_value());
}

}  // namespace
}  // namespace skipjack
