// File: udf_expr.h
//
// A call of a user-defined function (udf/udf_function.h) inside an expression tree. The
// optimizer moves each one into its own UDFProject node (plan/logical_udf_project.h),
// which runs it with its own batch size and concurrency.

#pragma once

#include "skipjack/expr/expr.h"
#include "skipjack/udf/udf_function.h"

namespace skipjack {

class UdfExpr final : public Expr {
 public:
  UdfExpr(UdfFunctionPtr function, std::vector<ExprPtr> args)
      : Expr(ExprKind::kUdf), function_(std::move(function)), args_(std::move(args)) {}
  const UdfFunctionPtr& function() const { return function_; }
  const UdfOptions& options() const { return function_->options(); }
  const std::vector<ExprPtr>& args() const { return args_; }
  std::vector<ExprPtr> children() const override { return args_; }
  ExprPtr WithChildren(std::vector<ExprPtr> children) const override;
  std::string ToString() const override;
  bool Equals(const Expr& other) const override;

 private:
  UdfFunctionPtr function_;
  std::vector<ExprPtr> args_;
};

ExprPtr Udf(UdfFunctionPtr function, std::vector<ExprPtr> args);

/// True if `expr` contains a UDF call anywhere.
bool ContainsUdf(const ExprPtr& expr);

}  // namespace skipjack
