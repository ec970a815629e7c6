// File: logical_udf_project.h

#pragma once

#include "skipjack/expr/udf_expr.h"
#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// Runs one UDF (its arguments are ordinary expressions over the input) and appends
/// its result as column `output`; every input column passes through. A generator UDF
/// appends one row per value it yields, repeating the input row (Daft's semantics: a
/// row whose generator yields nothing keeps one row, with a null).
/// Built by the SplitUdfs rule from UDF calls in projections and filters.
class LogicalUdfProject final : public LogicalPlan {
 public:
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr input,
                                            std::shared_ptr<const UdfExpr> udf,
                                            std::string output);

  const std::shared_ptr<const UdfExpr>& udf() const { return udf_; }
  const std::string& output() const { return output_; }

  std::string name() const override { return "UDFProject"; }
  std::string Summary() const override;
  std::vector<std::string> Details() const override;
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;

  LogicalUdfProject(LogicalPlanPtr input, std::shared_ptr<const UdfExpr> udf,
                    std::string output, std::shared_ptr<arrow::Schema> schema);

 private:
  std::shared_ptr<const UdfExpr> udf_;
  std::string output_;
};

/// The plan lines describing how a UDF runs (concurrency, batch size, resources).
std::vector<std::string> UdfRunDetails(const UdfOptions& options);

}  // namespace skipjack
