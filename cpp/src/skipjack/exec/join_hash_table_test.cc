#include "skipjack/exec/join_hash_table.h"

#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>

#include <arrow/array/builder_binary.h>
#include <arrow/array/builder_primitive.h>
#include <gtest/gtest.h>

namespace skipjack {
namespace {

using Key = std::pair<int64_t, std::string>;
using Pairs = std::vector<std::pair<int32_t, int64_t>>;

struct Side {
  std::vector<std::optional<Key>> rows;  // nullopt: a null key
  ArrayVector ints_only;                 // the integer column alone
  ArrayVector both;                      // integer and string columns
};

// Keys drawn from a range `distinct` wide and spread out (so no dense direct table),
// with duplicates and about 3% nulls.
Side MakeSide(int64_t n, int64_t distinct, std::mt19937_64* random) {
  Side side;
  arrow::Int64Builder ints;
  arrow::StringBuilder strings;
  for (int64_t i = 0; i < n; ++i) {
    if ((*random)() % 32 == 0) {
      side.rows.push_back(std::nullopt);
      EXPECT_TRUE(ints.AppendNull().ok());
      EXPECT_TRUE(strings.AppendNull().ok());
      continue;
    }
    const int64_t v = static_cast<int64_t>((*random)() % distinct) * 1'000'003 - 7;
    std::string s(1, 's');
    s += std::to_string(v % 5);
    side.rows.push_back(Key{v, s});
    EXPECT_TRUE(ints.Append(v).ok());
    EXPECT_TRUE(strings.Append(s).ok());
  }
  std::shared_ptr<arrow::Array> int_array, string_array;
  EXPECT_TRUE(ints.Finish(&int_array).ok());
  EXPECT_TRUE(strings.Finish(&string_array).ok());
  side.ints_only = {int_array};
  side.both = {int_array, string_array};
  return side;
}

// Every (probe row, build row) with equal keys: probe rows in order, build rows
// ascending for each, as FindAll promises.
Pairs Expected(const Side& build, const Side& probe, bool ints_only) {
  std::multimap<Key, int64_t> by_key;
  for (size_t b = 0; b < build.rows.size(); ++b) {
    if (!build.rows[b]) continue;
    Key key = *build.rows[b];
    if (ints_only) key.second.clear();
    by_key.emplace(key, static_cast<int64_t>(b));
  }
  Pairs pairs;
  for (size_t p = 0; p < probe.rows.size(); ++p) {
    if (!probe.rows[p]) continue;
    Key key = *probe.rows[p];
    if (ints_only) key.second.clear();
    auto [first, last] = by_key.equal_range(key);
    for (auto it = first; it != last; ++it) pairs.emplace_back(static_cast<int32_t>(p), it->second);
  }
  return pairs;
}

Pairs Found(const JoinHashTable& table, const ArrayVector& probe_keys) {
  JoinMatches matches;
  EXPECT_TRUE(table.FindAll(probe_keys, /*keep_unmatched=*/false, &matches).ok());
  Pairs pairs;
  for (size_t i = 0; i < matches.probe_rows.size(); ++i) {
    pairs.emplace_back(matches.probe_rows[i], matches.build_rows[i]);
  }
  return pairs;
}

// Small and large builds on one integer key and on an integer + string key, against a
// multimap.
TEST(JoinHashTable, MatchesEveryEqualKeyInOrder) {
  std::mt19937_64 random(11);
  for (const int64_t build_rows : {int64_t{1000}, int64_t{150'000}}) {
    const Side build = MakeSide(build_rows, build_rows / 3, &random);
    const Side probe = MakeSide(20'000, build_rows / 2, &random);
    for (const bool ints_only : {true, false}) {
      const Pairs expected = Expected(build, probe, ints_only);
      ASSERT_FALSE(expected.empty());
      auto table = JoinHashTable::Make(ints_only ? build.ints_only : build.both);
      ASSERT_TRUE(table.ok()) << table.status().ToString();
      EXPECT_EQ(Found(**table, ints_only ? probe.ints_only : probe.both), expected)
          << build_rows << " build rows, ints only " << ints_only;
    }
  }
}

}  // namespace
}  // namespace skipjack
