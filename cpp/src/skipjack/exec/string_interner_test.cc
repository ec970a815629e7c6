#include "skipjack/exec/string_interner.h"

#include <arrow/array.h>
#include <arrow/builder.h>
#include <gtest/gtest.h>

namespace skipjack {
namespace {

std::shared_ptr<arrow::Array> Strings(const std::vector<std::optional<std::string>>& values) {
  arrow::StringBuilder builder;
  for (const auto& value : values) {
    EXPECT_TRUE((value ? builder.Append(*value) : builder.AppendNull()).ok());
  }
  return builder.Finish().ValueOrDie();
}

std::shared_ptr<arrow::Array> Ids(const std::vector<int64_t>& ids, const arrow::Array& validity_of) {
  arrow::Int64Builder builder;
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_TRUE((validity_of.IsNull(static_cast<int64_t>(i)) ? builder.AppendNull()
                                                              : builder.Append(ids[i]))
                    .ok());
  }
  return builder.Finish().ValueOrDie();
}

TEST(StringInterner, NumbersInFirstSeenOrderAndGivesStringsBack) {
  StringInterner interner(100);
  auto batch = Strings({"ant", "", std::nullopt, "a long string past fifteen bytes", "ant", ""});
  std::vector<int64_t> ids(6, -1);
  ASSERT_TRUE(interner.Intern(*batch, ids.data()));
  EXPECT_EQ(ids, (std::vector<int64_t>{0, 1, 0, 2, 0, 1}));
  EXPECT_EQ(interner.size(), 3);
  // A sliced batch: offsets start past 0.
  auto slice = Strings({"x", "ant", "bee", std::nullopt})->Slice(1, 3);
  std::vector<int64_t> more(3, -1);
  ASSERT_TRUE(interner.Intern(*slice, more.data()));
  EXPECT_EQ(more, (std::vector<int64_t>{0, 3, 0}));

  auto back = interner.Strings(arrow::utf8(), *Ids(more, *slice), arrow::default_memory_pool());
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE((*back)->Equals(*Strings({"ant", "bee", std::nullopt}))) << (*back)->ToString();
  auto whole = interner.Strings(arrow::utf8(), *Ids(ids, *batch), arrow::default_memory_pool());
  ASSERT_TRUE(whole.ok());
  EXPECT_TRUE((*whole)->Equals(*batch));
}

TEST(StringInterner, RefusesPastItsLimit) {
  StringInterner interner(2);
  std::vector<int64_t> ids(3);
  EXPECT_TRUE(interner.Intern(*Strings({"a", "b", "a"}), ids.data()));
  EXPECT_FALSE(interner.Intern(*Strings({"b", "c"}), ids.data()));
  EXPECT_EQ(interner.size(), 2);
}

TEST(StringInterner, ManyStringsSurviveRehashing) {
  StringInterner interner(1 << 16);
  std::vector<std::optional<std::string>> values;
  for (int i = 0; i < 5000; ++i) values.push_back("value " + std::to_string(i % 3000));
  std::vector<int64_t> ids(values.size());
  ASSERT_TRUE(interner.Intern(*Strings(values), ids.data()));
  for (size_t i = 0; i < values.size(); ++i) ASSERT_EQ(ids[i], static_cast<int64_t>(i % 3000));
}

}  // namespace
}  // namespace skipjack
