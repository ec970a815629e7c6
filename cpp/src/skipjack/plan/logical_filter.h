// File: logical_filter.h

#pragma once

#include "skipjack/expr/expr.h"
#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// Keeps the rows where the predicate is true (null counts as false).
class LogicalFilter final : public LogicalPlan {
 public:
  /// TypeError unless the predicate is Bool.
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr input, ExprPtr predicate);

  const ExprPtr& predicate() const { return predicate_; }

  std::string name() const override { return "Filter"; }
  std::string Summary() const override { return predicate_->ToString(); }
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;

  LogicalFilter(LogicalPlanPtr input, ExprPtr predicate);

 private:
  ExprPtr predicate_;
};

}  // namespace skipjack
