#include "skipjack/exec/physical_operator.h"

#include "skipjack/plan/plan_tree_text.h"

namespace skipjack {
namespace {

PlanTextNode ToTextNode(const PhysicalOperator& op) {
  PlanTextNode node;
  node.title = op.name() + ":";
  const std::string summary = op.Summary();
  if (!summary.empty()) node.title += " " + summary;
  node.details = op.Details();
  for (const auto& child : op.children()) node.children.push_back(ToTextNode(*child));
  return node;
}

}  // namespace

std::string RenderPhysicalPlan(const PhysicalOperator& root) {
  return RenderPlanText(ToTextNode(root));
}

}  // namespace skipjack
