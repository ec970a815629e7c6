#include <arrow/compute/exec.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <gtest/gtest.h>

#include "skipjack/expr/binder.h"
#include "skipjack/testing/gtest_util.h"

namespace skipjack {
namespace {

using testing::ArrayFromJson;
using testing::BatchFromJson;

std::shared_ptr<arrow::Array> Eval(const ExprPtr& expr, const std::shared_ptr<arrow::RecordBatch>& batch) {
  auto bound = Bind(expr, *batch->schema());
  EXPECT_TRUE(bound.ok()) << bound.status().ToString();
  arrow::compute::ExecContext ctx;
  auto out = EvaluateToArray(**bound, *batch, &ctx);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return *out;
}

TEST(ArithmeticTest, FloorDivisionAndModuloFollowPython) {
  auto schema = arrow::schema({arrow::field("x", arrow::int64()), arrow::field("y", arrow::int64())});
  auto batch = BatchFromJson(schema, R"([[-7, 2], [7, -3], [-8, -3], [5, 0], [null, 1],
                                         [-9223372036854775808, -1]])");
  EXPECT_TRUE(Eval(Call("floor_divide", {Col("x"), Col("y")}), batch)
                  ->Equals(*ArrayFromJson(arrow::int64(),
                                          "[-4, -3, 2, null, null, -9223372036854775808]")));
  EXPECT_TRUE(Eval(Call("modulo", {Col("x"), Col("y")}), batch)
                  ->Equals(*ArrayFromJson(arrow::int64(), "[1, -2, -2, null, null, 0]")));
}

TEST(ArithmeticTest, FloatFloorDivisionMatchesCPython) {
  auto schema = arrow::schema({arrow::field("x", arrow::float64())});
  auto batch = BatchFromJson(schema, "[[1.5], [-2.5], [0.5]]");
  auto point_three = Lit(arrow::MakeScalar(0.3));
  // Values checked against CPython's float // operator.
  EXPECT_TRUE(Eval(Call("floor_divide", {Col("x"), point_three}), batch)
                  ->Equals(*ArrayFromJson(arrow::float64(), "[5.0, -9.0, 1.0]")));
  auto minus_one = Lit(arrow::MakeScalar(-1.0));
  EXPECT_TRUE(Eval(Call("modulo", {Col("x"), minus_one}), batch)
                  ->Equals(*ArrayFromJson(arrow::float64(), "[-0.5, -0.5, -0.5]")));
}

TEST(ArithmeticTest, TrueDivisionIsFloating) {
  auto schema = arrow::schema({arrow::field("x", arrow::int32())});
  auto batch = BatchFromJson(schema, "[[1], [-3], [null]]");
  auto out = Eval(Call("divide", {Col("x"), Lit(arrow::MakeScalar(int64_t{2}))}), batch);
  EXPECT_TRUE(out->Equals(*ArrayFromJson(arrow::float64(), "[0.5, -1.5, null]")));
}

TEST(ArithmeticTest, RoundHalvesAwayFromZero) {
  auto schema = arrow::schema({arrow::field("f", arrow::float64())});
  auto batch = BatchFromJson(schema, "[[1.5], [-2.5], [2.675], [null]]");
  EXPECT_TRUE(Eval(Call("round", {Col("f")}), batch)
                  ->Equals(*ArrayFromJson(arrow::float64(), "[2.0, -3.0, 3.0, null]")));
  EXPECT_TRUE(Eval(Call("round", {Col("f"), Lit(arrow::MakeScalar(int64_t{1}))}), batch)
                  ->Equals(*ArrayFromJson(arrow::float64(), "[1.5, -2.5, 2.7, null]")));
}

TEST(ArithmeticTest, KleeneLogic) {
  auto schema = arrow::schema({arrow::field("a", arrow::boolean()), arrow::field("b", arrow::boolean())});
  auto batch = BatchFromJson(schema, "[[false, null], [true, null], [null, null]]");
  EXPECT_TRUE(Eval(Call("and", {Col("a"), Col("b")}), batch)
                  ->Equals(*ArrayFromJson(arrow::boolean(), "[false, null, null]")));
  EXPECT_TRUE(Eval(Call("or", {Col("a"), Col("b")}), batch)
                  ->Equals(*ArrayFromJson(arrow::boolean(), "[null, true, null]")));
}

}  // namespace
}  // namespace skipjack
