#include <map>

#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/logical_source.h"
#include "skipjack/plan/optimizer/rules.h"

namespace skipjack {
namespace {

arrow::Result<LogicalPlanPtr> ThroughProject(const LogicalFilter& filter,
                                             const LogicalProject& project) {
  std::map<std::string, ExprPtr> definitions;
  for (const auto& expr : project.exprs()) definitions[OutputName(*expr)] = expr;
  ExprPtr predicate = SubstituteColumns(filter.predicate(), definitions);
  ARROW_ASSIGN_OR_RAISE(auto pushed, LogicalFilter::Make(project.children()[0], predicate));
  return project.WithChildren({pushed});
}

arrow::Result<LogicalPlanPtr> IntoSource(const LogicalFilter& filter,
                                         const LogicalSource& source) {
  Pushdowns pushdowns = source.pushdowns();
  pushdowns.filter = pushdowns.filter
                         ? JoinConjunction({pushdowns.filter, filter.predicate()})
                         : filter.predicate();
  return LogicalSource::Make(source.info(), std::move(pushdowns));
}

class PushDownFilter final : public OptimizerRule {
 public:
  std::string name() const override { return "PushDownFilter"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    return TransformUp(plan, [](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
      if (node->kind() != LogicalKind::kFilter) return node;
      const auto& filter = static_cast<const LogicalFilter&>(*node);
      const auto& child = node->children()[0];
      switch (child->kind()) {
        case LogicalKind::kProject:
          return ThroughProject(filter, static_cast<const LogicalProject&>(*child));
        case LogicalKind::kSource: {
          const auto& source = static_cast<const LogicalSource&>(*child);
          // A limit already in the source must apply before this filter.
          if (source.pushdowns().limit) return node;
          return IntoSource(filter, source);
        }
        case LogicalKind::kFilter:
        case LogicalKind::kLimit:
          return node;
      }
      return node;
    });
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakePushDownFilterRule() {
  return std::make_unique<PushDownFilter>();
}

}  // namespace skipjack
