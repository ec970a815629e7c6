#include <map>

#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/optimizer/rules.h"

namespace skipjack {
namespace {

bool IsCheap(const ExprPtr& expr) {
  const ExprPtr inner = StripAlias(expr);
  return inner->kind() == ExprKind::kColumn || inner->kind() == ExprKind::kLiteral;
}

// Counts how often each column is read by `exprs`.
std::map<std::string, int> ReferenceCounts(const std::vector<ExprPtr>& exprs) {
  std::map<std::string, int> counts;
  std::function<void(const ExprPtr&)> visit = [&](const ExprPtr& expr) {
    if (expr->kind() == ExprKind::kColumn) {
      ++counts[static_cast<const ColumnExpr&>(*expr).name()];
    }
    for (const auto& child : expr->children()) visit(child);
  };
  for (const auto& expr : exprs) visit(expr);
  return counts;
}

// A projection that re-emits its input's columns unchanged, in order.
bool IsIdentity(const LogicalProject& project) {
  const auto& input = *project.children()[0]->schema();
  if (static_cast<int>(project.exprs().size()) != input.num_fields()) return false;
  for (size_t i = 0; i < project.exprs().size(); ++i) {
    const auto& expr = project.exprs()[i];
    if (expr->kind() != ExprKind::kColumn ||
        static_cast<const ColumnExpr&>(*expr).name() != input.field(static_cast<int>(i))->name()) {
      return false;
    }
  }
  return true;
}

arrow::Result<LogicalPlanPtr> Fold(const LogicalProject& outer, const LogicalProject& inner) {
  std::map<std::string, ExprPtr> definitions;
  for (const auto& expr : inner.exprs()) definitions[OutputName(*expr)] = expr;
  // Inlining a computed column read twice would compute it twice: keep both nodes.
  for (const auto& [name, count] : ReferenceCounts(outer.exprs())) {
    auto it = definitions.find(name);
    if (count > 1 && it != definitions.end() && !IsCheap(it->second)) return nullptr;
  }
  std::vector<ExprPtr> folded;
  for (const auto& expr : outer.exprs()) {
    ExprPtr substituted = SubstituteColumns(expr, definitions);
    const std::string name = OutputName(*expr);
    if (OutputName(*substituted) != name) substituted = Alias(StripAlias(substituted), name);
    folded.push_back(std::move(substituted));
  }
  return LogicalProject::Make(inner.children()[0], std::move(folded));
}

class FoldProjections final : public OptimizerRule {
 public:
  std::string name() const override { return "FoldProjections"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    return TransformUp(plan, [](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
      if (node->kind() != LogicalKind::kProject) return node;
      const auto& project = static_cast<const LogicalProject&>(*node);
      if (IsIdentity(project)) return node->children()[0];
      if (node->children()[0]->kind() != LogicalKind::kProject) return node;
      ARROW_ASSIGN_OR_RAISE(
          auto folded,
          Fold(project, static_cast<const LogicalProject&>(*node->children()[0])));
      return folded ? folded : node;
    });
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeFoldProjectionsRule() {
  return std::make_unique<FoldProjections>();
}

}  // namespace skipjack
