#include "skipjack/expr/bound_expr.h"

#include <arrow/array/concatenate.h>
#include <arrow/array/util.h>
#include <arrow/compute/exec.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>

#include "skipjack/functions/arrow_call.h"

namespace skipjack {

arrow::Result<arrow::Datum> BoundColumn::Evaluate(const arrow::RecordBatch& batch,
                                                  arrow::compute::ExecContext*) const {
  return arrow::Datum(batch.column(index_));
}

BoundLiteral::BoundLiteral(std::shared_ptr<arrow::Scalar> value)
    : BoundExpr(value->type), value_(std::move(value)) {}

arrow::Result<arrow::Datum> BoundLiteral::Evaluate(const arrow::RecordBatch&,
                                                   arrow::compute::ExecContext*) const {
  return arrow::Datum(value_);
}

arrow::Result<arrow::Datum> BoundCast::Evaluate(const arrow::RecordBatch& batch,
                                                arrow::compute::ExecContext* ctx) const {
  ARROW_ASSIGN_OR_RAISE(auto input, input_->Evaluate(batch, ctx));
  return CastDatum(input, type(), ctx);
}

arrow::Result<arrow::Datum> BoundCall::Evaluate(const arrow::RecordBatch& batch,
                                                arrow::compute::ExecContext* ctx) const {
  std::vector<arrow::Datum> values;
  values.reserve(args_.size());
  for (const auto& arg : args_) {
    ARROW_ASSIGN_OR_RAISE(auto value, arg->Evaluate(batch, ctx));
    values.push_back(std::move(value));
  }
  return function_->Execute(values, ctx);
}

int64_t BoundCall::RowLimit() const {
  int64_t limit = function_->max_rows_per_call();
  for (const auto& arg : args_) limit = MinRowLimit(limit, arg->RowLimit());
  return limit;
}

arrow::Result<std::shared_ptr<arrow::Array>> EvaluateToArray(const BoundExpr& expr,
                                                             const arrow::RecordBatch& batch,
                                                             arrow::compute::ExecContext* ctx) {
  ARROW_ASSIGN_OR_RAISE(auto value, expr.Evaluate(batch, ctx));
  if (value.is_array()) return value.make_array();
  if (value.is_scalar()) {
    return arrow::MakeArrayFromScalar(*value.scalar(), batch.num_rows(), ctx->memory_pool());
  }
  if (value.is_chunked_array()) {
    return arrow::Concatenate(value.chunked_array()->chunks(), ctx->memory_pool());
  }
  return arrow::Status::Invalid("expression produced an unexpected value kind");
}

}  // namespace skipjack
