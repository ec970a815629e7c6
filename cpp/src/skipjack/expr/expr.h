// File: expr.h
//
// Unbound expressions: the trees users build with col(), lit() and operators. They name
// columns, not positions, so plans can move them across projections. Binding one to a
// schema (binder.h) resolves names and types and yields an executable BoundExpr.
//
//   ExprPtr e = Call("add", {Col("price"), Lit(arrow::MakeScalar(1))});
//   e->ToString();   // "col(price) + lit(1)"
//
// Expressions are immutable and shared; rewrites build new trees.

#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <arrow/type_fwd.h>

namespace skipjack {

class Expr;
using ExprPtr = std::shared_ptr<const Expr>;

/// The closed set of expression node kinds; the binder and the optimizer switch on it.
enum class ExprKind { kColumn, kLiteral, kAlias, kCast, kCall, kAggregate, kUdf };

/// Literal keyword options of a function call, e.g. {"decimals": 2}.
using CallOptions = std::map<std::string, std::shared_ptr<arrow::Scalar>>;

/// Base of all expression nodes.
class Expr {
 public:
  virtual ~Expr() = default;

  ExprKind kind() const { return kind_; }

  /// The direct inputs of this node, in argument order.
  virtual std::vector<ExprPtr> children() const = 0;

  /// Returns a copy of this node with its inputs replaced (same count and order).
  virtual ExprPtr WithChildren(std::vector<ExprPtr> children) const = 0;

  /// Renders the expression as Daft does: "[col(a) * lit(2)] + lit(1)".
  virtual std::string ToString() const = 0;

  /// Structural equality.
  virtual bool Equals(const Expr& other) const = 0;

 protected:
  explicit Expr(ExprKind kind) : kind_(kind) {}

 private:
  ExprKind kind_;
};

/// A reference to an input column by name.
class ColumnExpr final : public Expr {
 public:
  explicit ColumnExpr(std::string name) : Expr(ExprKind::kColumn), name_(std::move(name)) {}
  const std::string& name() const { return name_; }
  std::vector<ExprPtr> children() const override { return {}; }
  ExprPtr WithChildren(std::vector<ExprPtr>) const override;
  std::string ToString() const override;
  bool Equals(const Expr& other) const override;

 private:
  std::string name_;
};

/// A constant. A null scalar of type null is an untyped null literal.
class LiteralExpr final : public Expr {
 public:
  explicit LiteralExpr(std::shared_ptr<arrow::Scalar> value);
  const std::shared_ptr<arrow::Scalar>& value() const { return value_; }
  std::vector<ExprPtr> children() const override { return {}; }
  ExprPtr WithChildren(std::vector<ExprPtr>) const override;
  std::string ToString() const override;
  bool Equals(const Expr& other) const override;

 private:
  std::shared_ptr<arrow::Scalar> value_;
};

/// Renames the output of its input.
class AliasExpr final : public Expr {
 public:
  AliasExpr(ExprPtr input, std::string name)
      : Expr(ExprKind::kAlias), input_(std::move(input)), name_(std::move(name)) {}
  const ExprPtr& input() const { return input_; }
  const std::string& name() const { return name_; }
  std::vector<ExprPtr> children() const override { return {input_}; }
  ExprPtr WithChildren(std::vector<ExprPtr> children) const override;
  std::string ToString() const override;
  bool Equals(const Expr& other) const override;

 private:
  ExprPtr input_;
  std::string name_;
};

/// Converts its input to another type; values that do not fit become null (as Daft).
class CastExpr final : public Expr {
 public:
  CastExpr(ExprPtr input, std::shared_ptr<arrow::DataType> to);
  const ExprPtr& input() const { return input_; }
  const std::shared_ptr<arrow::DataType>& to() const { return to_; }
  std::vector<ExprPtr> children() const override { return {input_}; }
  ExprPtr WithChildren(std::vector<ExprPtr> children) const override;
  std::string ToString() const override;
  bool Equals(const Expr& other) const override;

 private:
  ExprPtr input_;
  std::shared_ptr<arrow::DataType> to_;
};

/// A call of a function from the registry (functions/registry.h) by name.
class CallExpr final : public Expr {
 public:
  CallExpr(std::string function, std::vector<ExprPtr> args, CallOptions options = {})
      : Expr(ExprKind::kCall),
        function_(std::move(function)),
        args_(std::move(args)),
        options_(std::move(options)) {}
  const std::string& function() const { return function_; }
  const std::vector<ExprPtr>& args() const { return args_; }
  const CallOptions& options() const { return options_; }
  std::vector<ExprPtr> children() const override { return args_; }
  ExprPtr WithChildren(std::vector<ExprPtr> children) const override;
  std::string ToString() const override;
  bool Equals(const Expr& other) const override;

 private:
  std::string function_;
  std::vector<ExprPtr> args_;
  CallOptions options_;
};

/// An aggregation over many rows (sum, count, mean, ...). Only valid inside an
/// aggregate node; `input` is null for count(*) (count of rows).
class AggregateExpr final : public Expr {
 public:
  AggregateExpr(std::string function, ExprPtr input, CallOptions options = {})
      : Expr(ExprKind::kAggregate),
        function_(std::move(function)),
        input_(std::move(input)),
        options_(std::move(options)) {}
  const std::string& function() const { return function_; }
  const ExprPtr& input() const { return input_; }
  const CallOptions& options() const { return options_; }
  std::vector<ExprPtr> children() const override;
  ExprPtr WithChildren(std::vector<ExprPtr> children) const override;
  std::string ToString() const override;
  bool Equals(const Expr& other) const override;

 private:
  std::string function_;
  ExprPtr input_;
  CallOptions options_;
};

// Factories, so call sites read like the Python API.
ExprPtr Col(std::string name);
ExprPtr Lit(std::shared_ptr<arrow::Scalar> value);
ExprPtr Alias(ExprPtr input, std::string name);
ExprPtr Cast(ExprPtr input, std::shared_ptr<arrow::DataType> to);
ExprPtr Call(std::string function, std::vector<ExprPtr> args, CallOptions options = {});
ExprPtr Aggregate(std::string function, ExprPtr input, CallOptions options = {});

/// True if `expr` contains an aggregation anywhere.
bool ContainsAggregate(const ExprPtr& expr);

/// Renders a literal value the way plans print it: lit(1), lit("x"), lit(true), lit(Null).
std::string LiteralToString(const arrow::Scalar& value);

}  // namespace skipjack
