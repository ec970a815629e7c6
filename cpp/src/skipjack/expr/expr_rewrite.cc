#include "skipjack/expr/expr_rewrite.h"

#include <algorithm>

namespace skipjack {
namespace {

void CollectColumns(const ExprPtr& expr, std::vector<std::string>* out) {
  if (expr->kind() == ExprKind::kColumn) {
    const auto& name = static_cast<const ColumnExpr&>(*expr).name();
    if (std::find(out->begin(), out->end(), name) == out->end()) out->push_back(name);
    return;
  }
  for (const auto& child : expr->children()) CollectColumns(child, out);
}

}  // namespace

std::vector<std::string> ReferencedColumns(const ExprPtr& expr) {
  std::vector<std::string> out;
  CollectColumns(expr, &out);
  return out;
}

ExprPtr TransformColumns(const ExprPtr& expr,
                         const std::function<ExprPtr(const ColumnExpr&)>& replace) {
  if (expr->kind() == ExprKind::kColumn) {
    return replace(static_cast<const ColumnExpr&>(*expr));
  }
  auto children = expr->children();
  if (children.empty()) return expr;
  for (auto& child : children) child = TransformColumns(child, replace);
  return expr->WithChildren(std::move(children));
}

ExprPtr SubstituteColumns(const ExprPtr& expr,
                          const std::map<std::string, ExprPtr>& definitions) {
  return TransformColumns(expr, [&](const ColumnExpr& column) -> ExprPtr {
    auto it = definitions.find(column.name());
    if (it == definitions.end()) return Col(column.name());
    return StripAlias(it->second);
  });
}

ExprPtr StripAlias(const ExprPtr& expr) {
  if (expr->kind() == ExprKind::kAlias) return static_cast<const AliasExpr&>(*expr).input();
  return expr;
}

const std::string* ColumnNameOf(const ExprPtr& expr) {
  if (expr->kind() != ExprKind::kColumn) return nullptr;
  return &static_cast<const ColumnExpr&>(*expr).name();
}

namespace {

// The operands of a chain of binary `op` calls ("and", "or"), left to right.
std::vector<ExprPtr> SplitChain(const ExprPtr& predicate, const std::string& op) {
  if (predicate->kind() == ExprKind::kCall) {
    const auto& call = static_cast<const CallExpr&>(*predicate);
    if (call.function() == op && call.args().size() == 2) {
      auto left = SplitChain(call.args()[0], op);
      auto right = SplitChain(call.args()[1], op);
      left.insert(left.end(), right.begin(), right.end());
      return left;
    }
  }
  return {predicate};
}

}  // namespace

std::vector<ExprPtr> SplitConjunction(const ExprPtr& predicate) { return SplitChain(predicate, "and"); }

std::vector<ExprPtr> SplitDisjunction(const ExprPtr& predicate) { return SplitChain(predicate, "or"); }

ExprPtr JoinConjunction(const std::vector<ExprPtr>& predicates) {
  ExprPtr out = predicates.at(0);
  for (size_t i = 1; i < predicates.size(); ++i) out = Call("and", {out, predicates[i]});
  return out;
}

}  // namespace skipjack
