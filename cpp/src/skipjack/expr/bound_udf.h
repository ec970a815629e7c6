// File: bound_udf.h
//
// A UDF evaluated inside an ordinary expression, where the optimizer did not give it
// its own UDFProject (a sort key, an aggregation input, a join key). It runs one
// instance, one call at a time.

#pragma once

#include <mutex>

#include "skipjack/expr/bound_expr.h"
#include "skipjack/udf/udf_function.h"

namespace skipjack {

class BoundUdf final : public BoundExpr {
 public:
  BoundUdf(UdfFunctionPtr function, std::vector<BoundExprPtr> args);
  arrow::Result<arrow::Datum> Evaluate(const arrow::RecordBatch& batch,
                                       arrow::compute::ExecContext* ctx) const override;

 private:
  UdfFunctionPtr function_;
  std::vector<BoundExprPtr> args_;
  mutable std::mutex mu_;
  mutable std::unique_ptr<UdfInstance> instance_;  // built on first use
};

/// Evaluates `args` on `batch` into the argument batch of a UDF call (arg0, arg1, ...).
arrow::Result<std::shared_ptr<arrow::RecordBatch>> EvaluateUdfArguments(
    const std::vector<BoundExprPtr>& args, const arrow::RecordBatch& batch,
    arrow::compute::ExecContext* ctx);

/// Checks a UDF's result: its length and type, with an error naming the function.
arrow::Status CheckUdfResult(const UdfOptions& options, const arrow::Array& result,
                             int64_t expected_rows, const arrow::DataType& expected_type);

}  // namespace skipjack
