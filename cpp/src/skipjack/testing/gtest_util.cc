#include "skipjack/testing/gtest_util.h"

#include <arrow/json/from_string.h>

namespace skipjack::testing {

std::shared_ptr<arrow::RecordBatch> BatchFromJson(const std::shared_ptr<arrow::Schema>& schema,
                                                  const std::string& json) {
  auto array = arrow::json::ArrayFromJSONString(arrow::struct_(schema->fields()), json);
  EXPECT_TRUE(array.ok()) << array.status().ToString();
  return arrow::RecordBatch::FromStructArray(*array).ValueOrDie();
}

std::shared_ptr<arrow::Array> ArrayFromJson(const std::shared_ptr<arrow::DataType>& type,
                                            const std::string& json) {
  auto array = arrow::json::ArrayFromJSONString(type, json);
  EXPECT_TRUE(array.ok()) << array.status().ToString();
  return *array;
}

}  // namespace skipjack::testing
