#include <map>
#include <set>

#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/logical_aggregate.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/logical_sort.h"
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

// Conjuncts that read only group keys that are plain columns hold before grouping too:
// move them below the aggregate; the rest stay above.
arrow::Result<LogicalPlanPtr> ThroughAggregate(const LogicalFilter& filter,
                                               const LogicalAggregate& aggregate) {
  std::set<std::string> plain_keys;
  for (const auto& key : aggregate.group_by()) {
    if (key->kind() == ExprKind::kColumn) plain_keys.insert(OutputName(*key));
  }
  std::vector<ExprPtr> below, above;
  for (const auto& conjunct : SplitConjunction(filter.predicate())) {
    bool on_keys = true;
    for (const auto& name : ReferencedColumns(conjunct)) on_keys = on_keys && plain_keys.count(name);
    (on_keys ? below : above).push_back(conjunct);
  }
  if (below.empty()) return filter.shared_from_this();
  ARROW_ASSIGN_OR_RAISE(auto pushed,
                        LogicalFilter::Make(aggregate.children()[0], JoinConjunction(below)));
  ARROW_ASSIGN_OR_RAISE(auto node, aggregate.WithChildren({pushed}));
  if (above.empty()) return node;
  return LogicalFilter::Make(node, JoinConjunction(above));
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
        case LogicalKind::kAggregate:
          return ThroughAggregate(filter, static_cast<const LogicalAggregate&>(*child));
        case LogicalKind::kSort: {
          // Filtering before sorting gives the same rows in the same order, cheaper.
          ARROW_ASSIGN_OR_RAISE(auto pushed,
                                LogicalFilter::Make(child->children()[0], filter.predicate()));
          return child->WithChildren({pushed});
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
