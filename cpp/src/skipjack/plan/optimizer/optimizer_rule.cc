#include "skipjack/plan/optimizer/optimizer_rule.h"

namespace skipjack {

arrow::Result<LogicalPlanPtr> TransformUp(
    const LogicalPlanPtr& plan,
    const std::function<arrow::Result<LogicalPlanPtr>(const LogicalPlanPtr&)>& rewrite) {
  std::vector<LogicalPlanPtr> children;
  bool changed = false;
  for (const auto& child : plan->children()) {
    ARROW_ASSIGN_OR_RAISE(auto transformed, TransformUp(child, rewrite));
    changed |= transformed != child;
    children.push_back(std::move(transformed));
  }
  LogicalPlanPtr node = plan;
  if (changed) {
    ARROW_ASSIGN_OR_RAISE(node, plan->WithChildren(std::move(children)));
  }
  return rewrite(node);
}

}  // namespace skipjack
