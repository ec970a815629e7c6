#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/optimizer/rules.h"

namespace skipjack {
namespace {

class MergeFilters final : public OptimizerRule {
 public:
  std::string name() const override { return "MergeFilters"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    return TransformUp(plan, [](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
      if (node->kind() != LogicalKind::kFilter ||
          node->children()[0]->kind() != LogicalKind::kFilter) {
        return node;
      }
      const auto& outer = static_cast<const LogicalFilter&>(*node);
      const auto& inner = static_cast<const LogicalFilter&>(*node->children()[0]);
      // The inner predicate runs first, as before the merge.
      return LogicalFilter::Make(inner.children()[0],
                                 JoinConjunction({inner.predicate(), outer.predicate()}));
    });
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeMergeFiltersRule() { return std::make_unique<MergeFilters>(); }

}  // namespace skipjack
