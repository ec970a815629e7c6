#include "skipjack/expr/expr.h"

#include <arrow/array.h>
#include <arrow/scalar.h>
#include <gtest/gtest.h>

#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/testing/gtest_util.h"

namespace skipjack {
namespace {

ExprPtr Int(int64_t value) { return Lit(arrow::MakeScalar(value)); }

TEST(ExprTest, RendersLikeDaft) {
  auto expr = Call("add", {Call("multiply", {Col("a"), Int(2)}), Int(1)});
  EXPECT_EQ(expr->ToString(), "[col(a) * lit(2)] + lit(1)");
  EXPECT_EQ(Alias(Col("a"), "z")->ToString(), "col(a) as z");
  EXPECT_EQ(Call("not", {Call("greater", {Col("a"), Int(1)})})->ToString(),
            "not(col(a) > lit(1))");
  EXPECT_EQ(Call("lower", {Col("s")})->ToString(), "lower(col(s))");
  EXPECT_EQ(Lit(arrow::MakeScalar(std::string("x")))->ToString(), "lit(\"x\")");
  EXPECT_EQ(Lit(arrow::MakeScalar(true))->ToString(), "lit(true)");
  EXPECT_EQ(Lit(arrow::MakeNullScalar(arrow::null()))->ToString(), "lit(Null)");
  EXPECT_EQ(Cast(Col("a"), arrow::utf8())->ToString(), "cast(col(a) as String)");
  EXPECT_EQ(Call("if_else", {Col("c"), Int(1), Int(2)})->ToString(),
            "if [col(c)] then [lit(1)] else [lit(2)]");
}

TEST(ExprTest, IsInRendersItsValues) {
  auto values = testing::ArrayFromJson(arrow::int64(), "[1, 2]");
  auto list = std::make_shared<arrow::ListScalar>(values);
  EXPECT_EQ(Call("is_in", {Col("a"), Lit(list)})->ToString(), "col(a) IN (lit(1), lit(2))");
}

TEST(ExprTest, EqualityIsStructural) {
  auto a = Call("add", {Col("a"), Int(1)});
  auto b = Call("add", {Col("a"), Int(1)});
  auto c = Call("add", {Col("a"), Int(2)});
  EXPECT_TRUE(a->Equals(*b));
  EXPECT_FALSE(a->Equals(*c));
}

TEST(ExprRewriteTest, ReferencedColumnsInFirstUseOrder) {
  auto expr = Call("add", {Col("b"), Call("multiply", {Col("a"), Col("b")})});
  EXPECT_EQ(ReferencedColumns(expr), (std::vector<std::string>{"b", "a"}));
}

TEST(ExprRewriteTest, SubstituteStripsAliases) {
  auto expr = Call("add", {Col("x"), Int(1)});
  auto out = SubstituteColumns(expr, {{"x", Alias(Call("multiply", {Col("a"), Int(2)}), "x")}});
  EXPECT_EQ(out->ToString(), "[col(a) * lit(2)] + lit(1)");
}

TEST(ExprRewriteTest, ConjunctionsSplitAndJoin) {
  auto a = Call("greater", {Col("a"), Int(1)});
  auto b = Call("less", {Col("b"), Int(2)});
  auto c = Call("equal", {Col("c"), Int(3)});
  auto parts = SplitConjunction(Call("and", {Call("and", {a, b}), c}));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_TRUE(JoinConjunction(parts)->Equals(*Call("and", {Call("and", {a, b}), c})));
}

}  // namespace
}  // namespace skipjack
