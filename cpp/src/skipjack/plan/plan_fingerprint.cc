#include "skipjack/plan/plan_fingerprint.h"

#include <sstream>

#include "skipjack/plan/logical_source.h"

namespace skipjack {

std::string PlanFingerprint(const LogicalPlan& plan) {
  std::ostringstream out;
  out << RenderLogicalPlan(plan);
  std::vector<const LogicalPlan*> stack = {&plan};
  while (!stack.empty()) {
    const LogicalPlan* node = stack.back();
    stack.pop_back();
    if (node->kind() == LogicalKind::kSource) {
      out << '|' << static_cast<const LogicalSource&>(*node).info().get();
    }
    for (const auto& child : node->children()) stack.push_back(child.get());
  }
  return out.str();
}

bool ShareableSubplan(const LogicalPlan& plan) {
  return plan.kind() == LogicalKind::kAggregate || plan.kind() == LogicalKind::kJoin;
}

namespace {
void Count(const LogicalPlan& plan, std::map<std::string, int>* occurrences) {
  if (ShareableSubplan(plan)) ++(*occurrences)[PlanFingerprint(plan)];
  for (const auto& child : plan.children()) Count(*child, occurrences);
}
}  // namespace

std::map<std::string, int> CountShareableSubplans(const LogicalPlan& plan) {
  std::map<std::string, int> occurrences;
  Count(plan, &occurrences);
  return occurrences;
}

}  // namespace skipjack
