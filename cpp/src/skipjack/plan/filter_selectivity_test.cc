#include "skipjack/plan/filter_selectivity.h"

#include <arrow/scalar.h>
#include <arrow/type.h>
#include <gtest/gtest.h>

namespace skipjack {
namespace {

ExprPtr Int(int64_t value) { return Lit(arrow::MakeScalar(value)); }
ExprPtr Day(int32_t days) { return Lit(std::make_shared<arrow::Date32Scalar>(days)); }

// "d" spans days 0..999 and "k" keys 1..100; nothing is known of "x".
std::optional<ValueBounds> Bounds(const std::string& column) {
  if (column == "d") return ValueBounds{0, 999};
  if (column == "k") return ValueBounds{1, 100};
  return std::nullopt;
}

TEST(FilterSelectivity, RangesOfOneColumnIntersectWithinItsBounds) {
  // d >= 100 and d < 200: a tenth of the days, not a third times a third.
  auto month = Call("and", {Call("greater_equal", {Col("d"), Day(100)}),
                            Call("less", {Col("d"), Day(200)})});
  EXPECT_DOUBLE_EQ(EstimateSelectivity(month, Bounds), 0.1);
  EXPECT_DOUBLE_EQ(EstimateSelectivity(month), 1.0 / 9);  // without bounds: the defaults
  // A constant on the left flips the comparison; strict and inclusive bounds differ.
  EXPECT_DOUBLE_EQ(EstimateSelectivity(Call("less", {Int(90), Col("k")}), Bounds), 0.1);
  EXPECT_DOUBLE_EQ(EstimateSelectivity(Call("less_equal", {Col("k"), Int(10)}), Bounds), 0.1);
  EXPECT_DOUBLE_EQ(EstimateSelectivity(Call("greater", {Col("k"), Int(90)}), Bounds), 0.1);
  EXPECT_DOUBLE_EQ(EstimateSelectivity(Call("between", {Col("k"), Int(11), Int(30)}), Bounds), 0.2);
}

TEST(FilterSelectivity, RangesBeyondTheBoundsAndOtherConjuncts) {
  // Below the minimum: (almost) nothing; past the maximum: everything.
  EXPECT_DOUBLE_EQ(EstimateSelectivity(Call("less", {Col("k"), Int(-5)}), Bounds), 1e-4);
  EXPECT_DOUBLE_EQ(EstimateSelectivity(Call("less", {Col("k"), Int(500)}), Bounds), 1.0);
  // Two columns multiply; a column without bounds and an equality keep their defaults.
  auto both = Call("and", {Call("less_equal", {Col("k"), Int(50)}),
                           Call("greater_equal", {Col("d"), Day(900)}),
                           Call("less", {Col("x"), Int(3)}),
                           Call("equal", {Col("k"), Int(7)})});
  EXPECT_DOUBLE_EQ(EstimateSelectivity(both, Bounds), 0.5 * 0.1 * (1.0 / 3) * 0.05);
  // Inside or / not, each side is estimated with the bounds too.
  auto either = Call("or", {Call("less_equal", {Col("k"), Int(10)}),
                            Call("greater", {Col("k"), Int(90)})});
  EXPECT_DOUBLE_EQ(EstimateSelectivity(either, Bounds), 1 - 0.9 * 0.9);
  EXPECT_DOUBLE_EQ(EstimateSelectivity(Call("not", {Call("less_equal", {Col("k"), Int(10)})}), Bounds),
                   0.9);
}

}  // namespace
}  // namespace skipjack
