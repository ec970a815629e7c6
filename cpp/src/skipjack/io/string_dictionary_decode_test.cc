#include "skipjack/io/string_dictionary_decode.h"

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/compute/api.h>
#include <arrow/memory_pool.h>
#include <gtest/gtest.h>

#include "skipjack/testing/gtest_util.h"

namespace skipjack {
namespace {

std::shared_ptr<arrow::Array> Decoded(const std::shared_ptr<arrow::Array>& dictionary,
                                      const std::shared_ptr<arrow::Array>& indices) {
  arrow::DictionaryArray column(arrow::dictionary(indices->type(), dictionary->type()), indices,
                                dictionary);
  auto decoded = DecodeStringDictionary(column, arrow::default_memory_pool());
  EXPECT_TRUE(decoded.has_value());
  EXPECT_TRUE(decoded->ok()) << decoded->status().ToString();
  auto out = decoded->ValueOrDie();
  EXPECT_TRUE(out->ValidateFull().ok());
  return out;
}

// What Arrow's Take gives for the same column.
std::shared_ptr<arrow::Array> Taken(const std::shared_ptr<arrow::Array>& dictionary,
                                    const std::shared_ptr<arrow::Array>& indices) {
  return arrow::compute::Take(dictionary, indices).ValueOrDie().make_array();
}

TEST(DecodeStringDictionary, ShortAndLongValuesNullsAndSlices) {
  const auto shorts = testing::ArrayFromJson(arrow::utf8(), R"(["R", "", "AIR", "0123456789abcdef"])");
  const auto longs = testing::ArrayFromJson(
      arrow::utf8(), R"(["MEDIUM POLISHED BRASS", "x", "", "a considerably longer value"])");
  const auto indices = testing::ArrayFromJson(arrow::int32(), "[0, 1, 2, 3, null, 3, 0, null, 2, 1, 0]");
  for (const auto& dictionary : {shorts, longs, shorts->Slice(1), longs->Slice(1, 2)}) {
    const auto in_range = dictionary->length() == 4 ? indices
                                                   : testing::ArrayFromJson(arrow::int32(), "[0, null, 1, 1, 0]");
    for (const auto& slice : {in_range, in_range->Slice(1), in_range->Slice(2, 3)}) {
      auto out = Decoded(dictionary, slice);
      EXPECT_TRUE(out->Equals(*Taken(dictionary, slice))) << out->ToString();
    }
  }
  const auto binary = testing::ArrayFromJson(arrow::binary(), R"(["ab", "c"])");
  auto out = Decoded(binary, testing::ArrayFromJson(arrow::int32(), "[1, 0, 1]"));
  EXPECT_TRUE(out->Equals(*testing::ArrayFromJson(arrow::binary(), R"(["c", "ab", "c"])")));
}

TEST(DecodeStringDictionary, ValuesOfOneLength) {
  // Flags, 8-byte codes and empty strings: offsets by multiplication, 8-byte copies.
  const auto indices = testing::ArrayFromJson(arrow::int32(), "[2, 0, 1, 1, 2, 0, 0, 2, 1]");
  for (const char* json : {R"(["A", "N", "R"])", R"(["20240101", "19990909", "abcdefgh"])",
                           R"(["", "", ""])", R"(["xy", "zz", "yx", "qq"])"}) {
    const auto dictionary = testing::ArrayFromJson(arrow::utf8(), json);
    for (const auto& slice : {indices, indices->Slice(1), indices->Slice(3, 4)}) {
      auto out = Decoded(dictionary, slice);
      EXPECT_TRUE(out->Equals(*Taken(dictionary, slice))) << json << " " << out->ToString();
    }
    EXPECT_TRUE(Decoded(dictionary->Slice(1), testing::ArrayFromJson(arrow::int32(), "[1, 0]"))
                    ->Equals(*Taken(dictionary->Slice(1), testing::ArrayFromJson(arrow::int32(), "[1, 0]"))));
  }
}

TEST(DecodeStringDictionary, ANullRowMayHoldAnyIndex) {
  // Index 7 and -3 under null slots: never read.
  auto values = arrow::Buffer::FromVector(std::vector<int32_t>{1, 7, 0, -3});
  auto validity = arrow::Buffer::FromVector(std::vector<uint8_t>{0b0101});
  auto indices = std::make_shared<arrow::Int32Array>(4, values, validity, 2);
  auto out = Decoded(testing::ArrayFromJson(arrow::utf8(), R"(["x", "yz"])"), indices);
  EXPECT_TRUE(out->Equals(*testing::ArrayFromJson(arrow::utf8(), R"(["yz", null, "x", null])")));
}

TEST(DecodeStringDictionary, BadIndicesAndOtherColumns) {
  const auto dictionary = testing::ArrayFromJson(arrow::utf8(), R"(["a", "b"])");
  arrow::DictionaryArray bad(arrow::dictionary(arrow::int32(), arrow::utf8()),
                             testing::ArrayFromJson(arrow::int32(), "[0, 2]"), dictionary);
  auto decoded = DecodeStringDictionary(bad, arrow::default_memory_pool());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_TRUE(decoded->status().IsInvalid());
  EXPECT_NE(decoded->status().message().find("row 1"), std::string::npos);
  // Not handled here: 8-bit indices, a dictionary with a null, non-string values.
  arrow::DictionaryArray small(arrow::dictionary(arrow::int8(), arrow::utf8()),
                               testing::ArrayFromJson(arrow::int8(), "[0]"), dictionary);
  EXPECT_FALSE(DecodeStringDictionary(small, arrow::default_memory_pool()).has_value());
  arrow::DictionaryArray with_null(arrow::dictionary(arrow::int32(), arrow::utf8()),
                                   testing::ArrayFromJson(arrow::int32(), "[0]"),
                                   testing::ArrayFromJson(arrow::utf8(), R"([null, "b"])"));
  EXPECT_FALSE(DecodeStringDictionary(with_null, arrow::default_memory_pool()).has_value());
  arrow::DictionaryArray numbers(arrow::dictionary(arrow::int32(), arrow::int64()),
                                 testing::ArrayFromJson(arrow::int32(), "[0]"),
                                 testing::ArrayFromJson(arrow::int64(), "[5]"));
  EXPECT_FALSE(DecodeStringDictionary(numbers, arrow::default_memory_pool()).has_value());
}

}  // namespace
}  // namespace skipjack
