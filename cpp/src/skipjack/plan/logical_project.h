// File: logical_project.h

#pragma once

#include "skipjack/expr/expr.h"
#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// Computes one output column per expression (select / with_column).
class LogicalProject final : public LogicalPlan {
 public:
  /// Resolves every expression against the input; duplicate output names are Invalid.
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr input, std::vector<ExprPtr> exprs);

  const std::vector<ExprPtr>& exprs() const { return exprs_; }

  std::string name() const override { return "Project"; }
  std::string Summary() const override;
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;

  LogicalProject(LogicalPlanPtr input, std::vector<ExprPtr> exprs,
                 std::shared_ptr<arrow::Schema> schema);

 private:
  std::vector<ExprPtr> exprs_;
};

}  // namespace skipjack
