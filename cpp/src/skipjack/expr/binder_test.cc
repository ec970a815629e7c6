#include "skipjack/expr/binder.h"

#include <arrow/compute/exec.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <gtest/gtest.h>

#include "skipjack/common/error_detail.h"
#include "skipjack/testing/gtest_util.h"

namespace skipjack {
namespace {

using testing::BatchFromJson;

std::shared_ptr<arrow::Schema> TestSchema() {
  return arrow::schema({arrow::field("price", arrow::int64()),
                        arrow::field("ratio", arrow::float64()),
                        arrow::field("name", arrow::utf8())});
}

TEST(BinderTest, ResolvesTypesAndNames) {
  auto schema = TestSchema();
  ASSERT_OK_AND_ASSIGN(auto field,
                       ResolveField(Call("add", {Col("price"), Col("ratio")}), *schema));
  EXPECT_EQ(field->name(), "price");
  EXPECT_TRUE(field->type()->Equals(arrow::float64()));
  ASSERT_OK_AND_ASSIGN(field, ResolveField(Call("divide", {Col("price"), Col("price")}), *schema));
  EXPECT_TRUE(field->type()->Equals(arrow::float64()));
  ASSERT_OK_AND_ASSIGN(field, ResolveField(Lit(arrow::MakeScalar(int64_t{1})), *schema));
  EXPECT_EQ(field->name(), "literal");
  ASSERT_OK_AND_ASSIGN(field, ResolveField(Call("length", {Col("name")}), *schema));
  EXPECT_TRUE(field->type()->Equals(arrow::uint64()));
}

TEST(BinderTest, UnknownColumnSuggestsTheClosestName) {
  auto status = ResolveField(Col("prce"), *TestSchema()).status();
  ASSERT_TRUE(status.IsKeyError());
  EXPECT_NE(status.message().find("Did you mean 'price'?"), std::string::npos);
  EXPECT_NE(status.message().find("Available columns: price, ratio, name"), std::string::npos);
  ASSERT_NE(GetErrorDetail(status), nullptr);
  EXPECT_EQ(GetErrorDetail(status)->kind(), ErrorKind::kColumnNotFound);
}

TEST(BinderTest, TypeMismatchNamesTypesAndExpression) {
  auto status = ResolveField(Call("greater", {Col("name"), Col("price")}), *TestSchema()).status();
  ASSERT_TRUE(status.IsTypeError());
  EXPECT_NE(status.message().find("String and Int64"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("col(name) > col(price)"), std::string::npos);
}

TEST(BinderTest, StringPlusNumberConcatenates) {
  auto schema = TestSchema();
  auto batch = BatchFromJson(schema, R"([{"price": 1, "ratio": 0.5, "name": "a"},
                                         {"price": null, "ratio": 1.5, "name": "b"}])");
  ASSERT_OK_AND_ASSIGN(auto bound, Bind(Call("add", {Col("name"), Col("price")}), *schema));
  arrow::compute::ExecContext ctx;
  ASSERT_OK_AND_ASSIGN(auto out, EvaluateToArray(*bound, *batch, &ctx));
  EXPECT_TRUE(out->Equals(*testing::ArrayFromJson(arrow::utf8(), R"(["a1", null])")));
}

TEST(BinderTest, CastTurnsUnrepresentableValuesIntoNull) {
  auto schema = arrow::schema({arrow::field("s", arrow::utf8())});
  auto batch = BatchFromJson(schema, R"([{"s": "1"}, {"s": "abc"}, {"s": null}])");
  ASSERT_OK_AND_ASSIGN(auto bound, Bind(Cast(Col("s"), arrow::int64()), *schema));
  arrow::compute::ExecContext ctx;
  ASSERT_OK_AND_ASSIGN(auto out, EvaluateToArray(*bound, *batch, &ctx));
  EXPECT_TRUE(out->Equals(*testing::ArrayFromJson(arrow::int64(), "[1, null, null]")));
}

}  // namespace
}  // namespace skipjack
