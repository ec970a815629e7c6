#include "skipjack/plan/optimizer/optimizer.h"

#include <arrow/scalar.h>
#include <arrow/type.h>
#include <gtest/gtest.h>

#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_limit.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/logical_source.h"
#include "skipjack/testing/gtest_util.h"

namespace skipjack {
namespace {

ExprPtr Int(int64_t value) { return Lit(arrow::MakeScalar(value)); }

LogicalPlanPtr Source() {
  auto schema = arrow::schema({arrow::field("a", arrow::int64()),
                               arrow::field("b", arrow::int64()),
                               arrow::field("s", arrow::utf8())});
  auto info = std::make_shared<InMemorySourceInfo>(
      schema, std::vector<std::shared_ptr<arrow::RecordBatch>>{
                  testing::BatchFromJson(schema, R"([[1, 2, "x"]])")});
  return LogicalSource::Make(info).ValueOrDie();
}

TEST(OptimizerTest, PushesFiltersProjectionsAndLimitsIntoTheSource) {
  ASSERT_OK_AND_ASSIGN(auto plan,
                       LogicalProject::Make(Source(), {Col("a"), Alias(Call("multiply", {Col("a"), Int(2)}), "c")}));
  ASSERT_OK_AND_ASSIGN(plan, LogicalFilter::Make(plan, Call("greater", {Col("c"), Int(3)})));
  ASSERT_OK_AND_ASSIGN(plan, LogicalFilter::Make(plan, Call("less", {Col("a"), Int(9)})));
  ASSERT_OK_AND_ASSIGN(plan, LogicalLimit::Make(plan, 5));
  ASSERT_OK_AND_ASSIGN(auto optimized, Optimize(plan));

  const std::string text = RenderLogicalPlan(*optimized);
  EXPECT_EQ(text,
            "* Project: col(a), col(a) * lit(2) as c\n"
            "|\n"
            "* Limit: 5\n"
            "|\n"
            "* Source:\n"
            "|   Number of partitions = 1\n"
            "|   Output schema = a#Int64, b#Int64, s#String\n"
            "|   Num rows = 1\n"
            "|   Size bytes = 21\n"
            "|   Projection pushdown = [a]\n"
            "|   Filter pushdown = [[col(a) * lit(2)] > lit(3)] & [col(a) < lit(9)]\n"
            "|   Limit pushdown = 5\n")
      << text;
  EXPECT_EQ(optimized->schema()->ToString(), plan->schema()->ToString());
}

TEST(OptimizerTest, DoesNotInlineAComputedColumnReadTwice) {
  ASSERT_OK_AND_ASSIGN(auto inner,
                       LogicalProject::Make(Source(), {Alias(Call("lower", {Col("s")}), "l")}));
  ASSERT_OK_AND_ASSIGN(auto outer, LogicalProject::Make(
                                       inner, {Alias(Call("add", {Col("l"), Col("l")}), "ll")}));
  ASSERT_OK_AND_ASSIGN(auto optimized, Optimize(outer));
  ASSERT_EQ(optimized->kind(), LogicalKind::kProject);
  EXPECT_EQ(optimized->children()[0]->kind(), LogicalKind::kProject);
}

TEST(OptimizerTest, FilterStaysAboveALimit) {
  ASSERT_OK_AND_ASSIGN(auto plan, LogicalLimit::Make(Source(), 3));
  ASSERT_OK_AND_ASSIGN(plan, LogicalFilter::Make(plan, Call("greater", {Col("a"), Int(0)})));
  ASSERT_OK_AND_ASSIGN(auto optimized, Optimize(plan));
  EXPECT_EQ(optimized->kind(), LogicalKind::kFilter);
  EXPECT_EQ(optimized->children()[0]->kind(), LogicalKind::kLimit);
}

}  // namespace
}  // namespace skipjack
