#include "skipjack/expr/expr.h"

#include <arrow/array.h>
#include <arrow/scalar.h>
#include <arrow/type.h>

#include "skipjack/types/display_name.h"

namespace skipjack {
namespace {

// Functions printed as infix operators, as Daft prints them.
const char* InfixSymbol(const std::string& function) {
  static const std::map<std::string, const char*> kSymbols = {
      {"add", "+"},        {"subtract", "-"},   {"multiply", "*"},  {"divide", "/"},
      {"floor_divide", "//"}, {"modulo", "%"},  {"equal", "=="},    {"not_equal", "!="},
      {"less", "<"},       {"less_equal", "<="}, {"greater", ">"},  {"greater_equal", ">="},
      {"and", "&"},        {"or", "|"},          {"xor", "^"}};
  auto it = kSymbols.find(function);
  return it == kSymbols.end() ? nullptr : it->second;
}

bool IsInfixCall(const Expr& expr) {
  return expr.kind() == ExprKind::kCall &&
         InfixSymbol(static_cast<const CallExpr&>(expr).function()) != nullptr;
}

// Nested binary operators are bracketed so precedence stays readable.
std::string Operand(const ExprPtr& expr) {
  return IsInfixCall(*expr) ? "[" + expr->ToString() + "]" : expr->ToString();
}

std::string ValueSetToString(const arrow::Scalar& list_literal) {
  if (!list_literal.is_valid) return "()";
  auto values = static_cast<const arrow::BaseListScalar&>(list_literal).value;
  std::string out = "(";
  for (int64_t i = 0; i < values->length(); ++i) {
    if (i > 0) out += ", ";
    out += "lit(" + LiteralToString(*values->GetScalar(i).ValueOrDie()) + ")";
  }
  return out + ")";
}

bool SameChildren(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i]->Equals(*b[i])) return false;
  }
  return true;
}

}  // namespace

std::string LiteralToString(const arrow::Scalar& value) {
  if (!value.is_valid) return "Null";
  switch (value.type->id()) {
    case arrow::Type::BOOL:
      return static_cast<const arrow::BooleanScalar&>(value).value ? "true" : "false";
    case arrow::Type::STRING:
    case arrow::Type::LARGE_STRING:
    case arrow::Type::STRING_VIEW:
      return "\"" + value.ToString() + "\"";
    default:
      return value.ToString();
  }
}

ExprPtr ColumnExpr::WithChildren(std::vector<ExprPtr>) const {
  return std::make_shared<ColumnExpr>(name_);
}
std::string ColumnExpr::ToString() const { return "col(" + name_ + ")"; }
bool ColumnExpr::Equals(const Expr& other) const {
  return other.kind() == kind() && static_cast<const ColumnExpr&>(other).name_ == name_;
}

LiteralExpr::LiteralExpr(std::shared_ptr<arrow::Scalar> value)
    : Expr(ExprKind::kLiteral), value_(std::move(value)) {}
ExprPtr LiteralExpr::WithChildren(std::vector<ExprPtr>) const {
  return std::make_shared<LiteralExpr>(value_);
}
std::string LiteralExpr::ToString() const {
  if (value_->type->id() == arrow::Type::LIST ||
      value_->type->id() == arrow::Type::LARGE_LIST) {
    return "lit(" + ValueSetToString(*value_) + ")";
  }
  return "lit(" + LiteralToString(*value_) + ")";
}
bool LiteralExpr::Equals(const Expr& other) const {
  return other.kind() == kind() &&
         static_cast<const LiteralExpr&>(other).value_->Equals(*value_);
}

ExprPtr AliasExpr::WithChildren(std::vector<ExprPtr> children) const {
  return std::make_shared<AliasExpr>(std::move(children.at(0)), name_);
}
std::string AliasExpr::ToString() const { return input_->ToString() + " as " + name_; }
bool AliasExpr::Equals(const Expr& other) const {
  if (other.kind() != kind()) return false;
  const auto& alias = static_cast<const AliasExpr&>(other);
  return alias.name_ == name_ && alias.input_->Equals(*input_);
}

CastExpr::CastExpr(ExprPtr input, std::shared_ptr<arrow::DataType> to)
    : Expr(ExprKind::kCast), input_(std::move(input)), to_(std::move(to)) {}
ExprPtr CastExpr::WithChildren(std::vector<ExprPtr> children) const {
  return std::make_shared<CastExpr>(std::move(children.at(0)), to_);
}
std::string CastExpr::ToString() const {
  return "cast(" + input_->ToString() + " as " + DisplayName(*to_) + ")";
}
bool CastExpr::Equals(const Expr& other) const {
  if (other.kind() != kind()) return false;
  const auto& cast = static_cast<const CastExpr&>(other);
  return cast.to_->Equals(*to_) && cast.input_->Equals(*input_);
}

ExprPtr CallExpr::WithChildren(std::vector<ExprPtr> children) const {
  return std::make_shared<CallExpr>(function_, std::move(children), options_);
}

std::string CallExpr::ToString() const {
  if (const char* symbol = InfixSymbol(function_); symbol && args_.size() == 2) {
    return Operand(args_[0]) + " " + symbol + " " + Operand(args_[1]);
  }
  if (function_ == "not" && args_.size() == 1) return "not(" + args_[0]->ToString() + ")";
  if (function_ == "negate" && args_.size() == 1) return "-" + Operand(args_[0]);
  if (function_ == "if_else" && args_.size() == 3) {
    return "if [" + args_[0]->ToString() + "] then [" + args_[1]->ToString() +
           "] else [" + args_[2]->ToString() + "]";
  }
  if (function_ == "is_in" && args_.size() == 2 && args_[1]->kind() == ExprKind::kLiteral) {
    return args_[0]->ToString() + " IN " +
           ValueSetToString(*static_cast<const LiteralExpr&>(*args_[1]).value());
  }
  if (function_ == "between" && args_.size() == 3) {
    return args_[0]->ToString() + " in [" + args_[1]->ToString() + "," +
           args_[2]->ToString() + "]";
  }
  std::string out = function_ + "(";
  for (size_t i = 0; i < args_.size(); ++i) {
    if (i > 0) out += ", ";
    out += args_[i]->ToString();
  }
  for (const auto& [name, value] : options_) {
    out += ", " + name + "=" + LiteralToString(*value);
  }
  return out + ")";
}

bool CallExpr::Equals(const Expr& other) const {
  if (other.kind() != kind()) return false;
  const auto& call = static_cast<const CallExpr&>(other);
  if (call.function_ != function_ || call.options_.size() != options_.size()) return false;
  for (const auto& [name, value] : options_) {
    auto it = call.options_.find(name);
    if (it == call.options_.end() || !it->second->Equals(*value)) return false;
  }
  return SameChildren(call.args_, args_);
}

std::vector<ExprPtr> AggregateExpr::children() const {
  if (!input_) return {};
  return {input_};
}

ExprPtr AggregateExpr::WithChildren(std::vector<ExprPtr> children) const {
  return std::make_shared<AggregateExpr>(function_, children.empty() ? nullptr : children[0],
                                         options_);
}

std::string AggregateExpr::ToString() const {
  std::string out = function_ + "(" + (input_ ? input_->ToString() : std::string("*"));
  for (const auto& [name, value] : options_) out += ", " + name + "=" + LiteralToString(*value);
  return out + ")";
}

bool AggregateExpr::Equals(const Expr& other) const {
  if (other.kind() != kind()) return false;
  const auto& aggregate = static_cast<const AggregateExpr&>(other);
  if (aggregate.function_ != function_ || aggregate.options_.size() != options_.size()) {
    return false;
  }
  for (const auto& [name, value] : options_) {
    auto it = aggregate.options_.find(name);
    if (it == aggregate.options_.end() || !it->second->Equals(*value)) return false;
  }
  if (!input_ || !aggregate.input_) return !input_ && !aggregate.input_;
  return input_->Equals(*aggregate.input_);
}

bool ContainsAggregate(const ExprPtr& expr) {
  if (expr->kind() == ExprKind::kAggregate) return true;
  for (const auto& child : expr->children()) {
    if (ContainsAggregate(child)) return true;
  }
  return false;
}

ExprPtr Col(std::string name) { return std::make_shared<ColumnExpr>(std::move(name)); }
ExprPtr Lit(std::shared_ptr<arrow::Scalar> value) {
  return std::make_shared<LiteralExpr>(std::move(value));
}
ExprPtr Alias(ExprPtr input, std::string name) {
  return std::make_shared<AliasExpr>(std::move(input), std::move(name));
}
ExprPtr Cast(ExprPtr input, std::shared_ptr<arrow::DataType> to) {
  return std::make_shared<CastExpr>(std::move(input), std::move(to));
}
ExprPtr Aggregate(std::string function, ExprPtr input, CallOptions options) {
  return std::make_shared<AggregateExpr>(std::move(function), std::move(input),
                                         std::move(options));
}

ExprPtr Call(std::string function, std::vector<ExprPtr> args, CallOptions options) {
  return std::make_shared<CallExpr>(std::move(function), std::move(args),
                                    std::move(options));
}

}  // namespace skipjack
