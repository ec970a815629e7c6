// File: physical_project.h

#pragma once

#include "skipjack/exec/physical_operator.h"
#include "skipjack/expr/bound_expr.h"

namespace skipjack {

/// Evaluates one expression per output column on each morsel.
class PhysicalProject final : public IntermediateOperator {
 public:
  PhysicalProject(PhysicalOperatorPtr input, std::shared_ptr<arrow::Schema> output_schema,
                  std::vector<BoundExprPtr> exprs, std::vector<std::string> display);

  std::string name() const override { return "Project"; }
  std::string Summary() const override;
  MorselSize InputMorselSize(const ExecutionConfig& config) const override;
  arrow::Result<std::vector<Morsel>> Execute(Morsel input, OperatorState* state,
                                             const TaskContext& ctx) const override;

 private:
  std::vector<BoundExprPtr> exprs_;
  std::vector<std::string> display_;
};

}  // namespace skipjack
