#include "skipjack/expr/bound_udf.h"

#include <arrow/record_batch.h>
#include <arrow/type.h>

#include "skipjack/types/display_name.h"

namespace skipjack {

BoundUdf::BoundUdf(UdfFunctionPtr function, std::vector<BoundExprPtr> args)
    : BoundExpr(function->options().return_type),
      function_(std::move(function)),
      args_(std::move(args)) {}

arrow::Result<arrow::Datum> BoundUdf::Evaluate(const arrow::RecordBatch& batch,
                                               arrow::compute::ExecContext* ctx) const {
  const auto& options = function_->options();
  if (options.generator) {
    return arrow::Status::Invalid("Generator function ", options.name,
                                  " can only be used in select/with_column, where each of its "
                                  "values becomes a row");
  }
  ARROW_ASSIGN_OR_RAISE(auto args, EvaluateUdfArguments(args_, batch, ctx));
  std::lock_guard<std::mutex> lock(mu_);
  if (!instance_) {
    ARROW_ASSIGN_OR_RAISE(instance_, function_->NewInstance());
  }
  ARROW_ASSIGN_OR_RAISE(auto result, instance_->Call(args));
  ARROW_RETURN_NOT_OK(CheckUdfResult(options, *result, batch.num_rows(), *type()));
  return result;
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> EvaluateUdfArguments(
    const std::vector<BoundExprPtr>& args, const arrow::RecordBatch& batch,
    arrow::compute::ExecContext* ctx) {
  arrow::FieldVector fields;
  arrow::ArrayVector columns;
  for (size_t i = 0; i < args.size(); ++i) {
    ARROW_ASSIGN_OR_RAISE(auto column, EvaluateToArray(*args[i], batch, ctx));
    fields.push_back(arrow::field("arg" + std::to_string(i), column->type()));
    columns.push_back(std::move(column));
  }
  return arrow::RecordBatch::Make(arrow::schema(std::move(fields)), batch.num_rows(),
                                  std::move(columns));
}

arrow::Status CheckUdfResult(const UdfOptions& options, const arrow::Array& result,
                             int64_t expected_rows, const arrow::DataType& expected_type) {
  if (result.length() != expected_rows) {
    return arrow::Status::Invalid("Function ", options.name, " returned ", result.length(),
                                  " values for a batch of ", expected_rows,
                                  " rows; it must return exactly one value per row");
  }
  if (!result.type()->Equals(expected_type)) {
    return arrow::Status::Invalid("Function ", options.name, " returned ",
                                  DisplayName(*result.type()), " values, expected ",
                                  DisplayName(expected_type));
  }
  return arrow::Status::OK();
}

}  // namespace skipjack
