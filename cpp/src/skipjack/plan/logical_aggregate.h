// File: logical_aggregate.h

#pragma once

#include "skipjack/expr/expr.h"
#include "skipjack/functions/aggregate/aggregate_function.h"
#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// Groups rows by `group_by` and computes one value per group for each aggregation;
/// without group keys, one row over all input. Output: the keys, then the aggregations.
/// Each aggregation is an AggregateExpr, possibly aliased.
class LogicalAggregate final : public LogicalPlan {
 public:
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr input, std::vector<ExprPtr> group_by,
                                            std::vector<ExprPtr> aggregations);

  const std::vector<ExprPtr>& group_by() const { return group_by_; }
  const std::vector<ExprPtr>& aggregations() const { return aggregations_; }

  std::string name() const override { return "Aggregate"; }
  std::string Summary() const override;
  std::vector<std::string> Details() const override;
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;

  LogicalAggregate(LogicalPlanPtr input, std::vector<ExprPtr> group_by,
                   std::vector<ExprPtr> aggregations, std::shared_ptr<arrow::Schema> schema);

 private:
  std::vector<ExprPtr> group_by_;
  std::vector<ExprPtr> aggregations_;
};

/// The aggregation inside `expr` (which is an AggregateExpr or an alias of one).
const AggregateExpr& UnwrapAggregate(const ExprPtr& expr);

/// Binds an aggregation to `schema`: its function bound to the input's type.
arrow::Result<BoundAggregatePtr> BindAggregate(const AggregateExpr& aggregate,
                                               const arrow::Schema& schema);

/// Builds an aggregation where the outputs may be expressions over aggregations
/// (`sum(x) / count(x)`): the aggregations are computed by a LogicalAggregate and the
/// rest by a projection above it.
arrow::Result<LogicalPlanPtr> MakeAggregation(LogicalPlanPtr input, std::vector<ExprPtr> group_by,
                                              std::vector<ExprPtr> outputs);

}  // namespace skipjack
