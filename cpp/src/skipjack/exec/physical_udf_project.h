// File: physical_udf_project.h

#pragma once

#include "skipjack/exec/physical_operator.h"
#include "skipjack/expr/bound_expr.h"
#include "skipjack/udf/udf_function.h"

namespace skipjack {

/// Runs a UDF on each morsel and appends its result column. Each worker slot owns one
/// UDF instance (a stateful class is built once per slot). Calls wait on Python (the
/// GIL, worker processes, the network), so they run on the I/O pool and the CPU
/// workers keep computing. A generator UDF's output is a list per row; the planner
/// puts an Explode after it.
class PhysicalUdfProject final : public IntermediateOperator {
 public:
  PhysicalUdfProject(PhysicalOperatorPtr input, std::shared_ptr<arrow::Schema> output_schema,
                     UdfFunctionPtr function, std::vector<BoundExprPtr> args,
                     std::string display);

  std::string name() const override { return "UDFProject"; }
  std::string Summary() const override { return display_; }
  std::vector<std::string> Details() const override;
  bool blocking() const override { return true; }
  int MaxConcurrency(const ExecutionConfig& config) const override;
  MorselSize InputMorselSize(const ExecutionConfig& config) const override;
  arrow::Result<std::unique_ptr<OperatorState>> MakeState(const TaskContext& ctx) const override;
  arrow::Result<std::vector<Morsel>> Execute(Morsel input, OperatorState* state,
                                             const TaskContext& ctx) const override;

 private:
  UdfFunctionPtr function_;
  std::vector<BoundExprPtr> args_;
  std::string display_;
};

}  // namespace skipjack
