#include "skipjack/plan/logical_plan.h"

#include "skipjack/plan/plan_tree_text.h"

namespace skipjack {
namespace {

PlanTextNode ToTextNode(const LogicalPlan& plan) {
  PlanTextNode node;
  node.title = plan.name() + ":";
  const std::string summary = plan.Summary();
  if (!summary.empty()) node.title += " " + summary;
  node.details = plan.Details();
  for (const auto& child : plan.children()) node.children.push_back(ToTextNode(*child));
  return node;
}

}  // namespace

std::string RenderLogicalPlan(const LogicalPlan& plan) {
  return RenderPlanText(ToTextNode(plan));
}

}  // namespace skipjack
