// File: bound_expr.h
//
// Executable expressions: an Expr bound to an input schema. Columns are positions,
// functions are bound to their argument types, every node knows its output type.
// Bound expressions are immutable and may be evaluated from many threads at once.

#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <arrow/compute/type_fwd.h>
#include <arrow/datum.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "skipjack/functions/function.h"

namespace skipjack {

class BoundExpr;
using BoundExprPtr = std::shared_ptr<const BoundExpr>;

class BoundExpr {
 public:
  explicit BoundExpr(std::shared_ptr<arrow::DataType> type) : type_(std::move(type)) {}
  virtual ~BoundExpr() = default;

  const std::shared_ptr<arrow::DataType>& type() const { return type_; }

  /// Evaluates on one morsel: an array of the batch's length, or a scalar when the
  /// expression does not depend on any column.
  virtual arrow::Result<arrow::Datum> Evaluate(const arrow::RecordBatch& batch,
                                               arrow::compute::ExecContext* ctx) const = 0;

  /// The smallest max_rows_per_call of the functions in this expression (0: no limit).
  virtual int64_t RowLimit() const { return 0; }

 private:
  std::shared_ptr<arrow::DataType> type_;
};

class BoundColumn final : public BoundExpr {
 public:
  BoundColumn(int index, std::shared_ptr<arrow::DataType> type)
      : BoundExpr(std::move(type)), index_(index) {}
  int index() const { return index_; }
  arrow::Result<arrow::Datum> Evaluate(const arrow::RecordBatch& batch,
                                       arrow::compute::ExecContext* ctx) const override;

 private:
  int index_;
};

class BoundLiteral final : public BoundExpr {
 public:
  explicit BoundLiteral(std::shared_ptr<arrow::Scalar> value);
  arrow::Result<arrow::Datum> Evaluate(const arrow::RecordBatch& batch,
                                       arrow::compute::ExecContext* ctx) const override;

 private:
  std::shared_ptr<arrow::Scalar> value_;
};

class BoundCast final : public BoundExpr {
 public:
  BoundCast(BoundExprPtr input, std::shared_ptr<arrow::DataType> to)
      : BoundExpr(std::move(to)), input_(std::move(input)) {}
  arrow::Result<arrow::Datum> Evaluate(const arrow::RecordBatch& batch,
                                       arrow::compute::ExecContext* ctx) const override;
  int64_t RowLimit() const override { return input_->RowLimit(); }

 private:
  BoundExprPtr input_;
};

class BoundCall final : public BoundExpr {
 public:
  BoundCall(BoundFunctionPtr function, std::vector<BoundExprPtr> args)
      : BoundExpr(function->output_type()),
        function_(std::move(function)),
        args_(std::move(args)) {}
  arrow::Result<arrow::Datum> Evaluate(const arrow::RecordBatch& batch,
                                       arrow::compute::ExecContext* ctx) const override;
  int64_t RowLimit() const override;

 private:
  BoundFunctionPtr function_;
  std::vector<BoundExprPtr> args_;
};

/// The smaller of two row limits, where 0 means none.
inline int64_t MinRowLimit(int64_t a, int64_t b) { return a == 0 ? b : b == 0 ? a : std::min(a, b); }

/// Evaluates `expr` and broadcasts a scalar result to an array of the batch's length.
arrow::Result<std::shared_ptr<arrow::Array>> EvaluateToArray(const BoundExpr& expr,
                                                             const arrow::RecordBatch& batch,
                                                             arrow::compute::ExecContext* ctx);

}  // namespace skipjack
