#include "skipjack/exec/ordered_group_merge.h"

#include <algorithm>
#include <map>
#include <random>

#include <arrow/array.h>
#include <arrow/builder.h>
#include <gtest/gtest.h>

namespace skipjack {
namespace {

std::shared_ptr<arrow::Array> Keys(const std::vector<int64_t>& keys) {
  arrow::Int64Builder builder;
  EXPECT_TRUE(builder.AppendValues(keys).ok());
  return builder.Finish().ValueOrDie();
}

// Checks a plan against the obvious merge: merged keys are the sorted distinct keys,
// and every group maps to its key's position among them.
void ExpectMerged(const std::vector<std::vector<int64_t>>& tables, const OrderedMerge& merge) {
  std::vector<int64_t> distinct;
  for (const auto& table : tables) distinct.insert(distinct.end(), table.begin(), table.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  ASSERT_EQ(merge.keys->length(), static_cast<int64_t>(distinct.size()));
  const auto& keys = static_cast<const arrow::Int64Array&>(*merge.keys);
  for (size_t i = 0; i < distinct.size(); ++i) ASSERT_EQ(keys.Value(static_cast<int64_t>(i)), distinct[i]);
  for (size_t t = 0; t < tables.size(); ++t) {
    for (size_t g = 0; g < tables[t].size(); ++g) {
      ASSERT_EQ(keys.Value(merge.targets[t][g]), tables[t][g]) << "table " << t << " group " << g;
    }
    // Stretches start at 0, cover the table in order, and targets ascend within each.
    const auto& starts = merge.stretch_starts[t];
    if (tables[t].empty()) continue;
    ASSERT_FALSE(starts.empty());
    ASSERT_EQ(starts[0], 0);
    for (size_t s = 0; s < starts.size(); ++s) {
      const auto end = s + 1 < starts.size() ? starts[s + 1] : static_cast<int64_t>(tables[t].size());
      ASSERT_LT(starts[s], end) << "table " << t;
      for (int64_t g = starts[s] + 1; g < end; ++g) {
        ASSERT_LT(merge.targets[t][g - 1], merge.targets[t][g]) << "table " << t << " group " << g;
      }
    }
  }
}

std::vector<int64_t> Range(int64_t from, int64_t to) {
  std::vector<int64_t> out;
  for (int64_t k = from; k < to; ++k) out.push_back(k);
  return out;
}

std::vector<int64_t> Concat(std::initializer_list<std::vector<int64_t>> parts) {
  std::vector<int64_t> out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

arrow::Result<std::optional<OrderedMerge>> Plan(const std::vector<std::vector<int64_t>>& tables,
                                               int64_t min_stretch = 4) {
  std::vector<std::shared_ptr<arrow::Array>> arrays;
  for (const auto& table : tables) arrays.push_back(Keys(table));
  return PlanOrderedMerge(arrays, min_stretch, arrow::default_memory_pool());
}

TEST(OrderedGroupMerge, CoarselyInterleavedTablesWithSharedBoundaries) {
  // Two workers took morsels from two parts of a sorted file in turn; a key (99, 300)
  // spans the end of one morsel and the start of the next.
  const std::vector<std::vector<int64_t>> tables = {
      Concat({Range(0, 100), Range(300, 400), Range(199, 250)}),
      Concat({Range(99, 200), Range(250, 301), Range(400, 450)}),
  };
  auto plan = Plan(tables);
  ASSERT_TRUE(plan.ok());
  ASSERT_TRUE(plan->has_value());
  ExpectMerged(tables, **plan);
}

TEST(OrderedGroupMerge, SingleKeyStretchesAndOneTable) {
  const std::vector<std::vector<int64_t>> tables = {{5}, {5}, Concat({Range(-20, 6), Range(6, 40)}), {5, 6}};
  auto plan = Plan(tables, 1);
  ASSERT_TRUE(plan.ok() && plan->has_value());
  ExpectMerged(tables, **plan);
}

TEST(OrderedGroupMerge, UnorderedOrNullKeysAreRefused) {
  std::vector<int64_t> shuffled = Range(0, 5000);
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(3));
  auto plan = Plan({shuffled}, 64);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->has_value());
  // Each table ascends, but they interleave key by key.
  std::vector<int64_t> evens, odds;
  for (int64_t k = 0; k < 20000; ++k) (k % 2 ? odds : evens).push_back(k);
  plan = Plan({evens, odds}, 1024);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->has_value());

  arrow::Int64Builder builder;
  ASSERT_TRUE(builder.AppendValues({1, 2}).ok());
  ASSERT_TRUE(builder.AppendNull().ok());
  auto with_null = builder.Finish().ValueOrDie();
  auto refused = PlanOrderedMerge({with_null}, 1, arrow::default_memory_pool());
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->has_value());
}

TEST(OrderedGroupMerge, NarrowAndUnsignedKeysKeepTheirType) {
  arrow::UInt8Builder a, b;
  ASSERT_TRUE(a.AppendValues({0, 1, 2, 200, 255}).ok());
  ASSERT_TRUE(b.AppendValues({2, 3, 128, 129}).ok());
  std::vector<std::shared_ptr<arrow::Array>> tables = {a.Finish().ValueOrDie(), b.Finish().ValueOrDie()};
  auto plan = PlanOrderedMerge(tables, 1, arrow::default_memory_pool());
  ASSERT_TRUE(plan.ok() && plan->has_value());
  arrow::UInt8Builder expected;
  ASSERT_TRUE(expected.AppendValues({0, 1, 2, 3, 128, 129, 200, 255}).ok());
  EXPECT_TRUE((*plan)->keys->Equals(*expected.Finish().ValueOrDie())) << (*plan)->keys->ToString();
  EXPECT_EQ((*plan)->targets[1], (std::vector<uint32_t>{2, 3, 4, 5}));
}

}  // namespace
}  // namespace skipjack
