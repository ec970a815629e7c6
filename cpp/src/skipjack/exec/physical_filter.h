// File: physical_filter.h

#pragma once

#include "skipjack/exec/physical_operator.h"
#include "skipjack/expr/bound_expr.h"

namespace skipjack {

/// Keeps the rows of each morsel where the predicate is true.
class PhysicalFilter final : public IntermediateOperator {
 public:
  PhysicalFilter(PhysicalOperatorPtr input, BoundExprPtr predicate, std::string display);

  std::string name() const override { return "Filter"; }
  std::string Summary() const override { return display_; }
  arrow::Result<std::vector<Morsel>> Execute(Morsel input, OperatorState* state,
                                             const TaskContext& ctx) const override;

 private:
  BoundExprPtr predicate_;
  std::string display_;
};

}  // namespace skipjack
