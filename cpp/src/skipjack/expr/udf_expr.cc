#include "skipjack/expr/udf_expr.h"

namespace skipjack {

ExprPtr UdfExpr::WithChildren(std::vector<ExprPtr> children) const {
  return std::make_shared<UdfExpr>(function_, std::move(children));
}

std::string UdfExpr::ToString() const {
  std::string out = options().name + "(";
  for (size_t i = 0; i < args_.size(); ++i) out += (i ? ", " : "") + args_[i]->ToString();
  return out + ")";
}

bool UdfExpr::Equals(const Expr& other) const {
  if (other.kind() != kind()) return false;
  const auto& udf = static_cast<const UdfExpr&>(other);
  if (udf.function_ != function_ || udf.args_.size() != args_.size()) return false;
  for (size_t i = 0; i < args_.size(); ++i) {
    if (!args_[i]->Equals(*udf.args_[i])) return false;
  }
  return true;
}

ExprPtr Udf(UdfFunctionPtr function, std::vector<ExprPtr> args) {
  return std::make_shared<UdfExpr>(std::move(function), std::move(args));
}

bool ContainsUdf(const ExprPtr& expr) {
  if (expr->kind() == ExprKind::kUdf) return true;
  for (const auto& child : expr->children()) {
    if (ContainsUdf(child)) return true;
  }
  return false;
}

}  // namespace skipjack
