#include <map>
#include <set>

#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/logical_aggregate.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_join.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/logical_row_ops.h"
#include "skipjack/plan/logical_sort.h"
#include "skipjack/plan/logical_source.h"
#include "skipjack/plan/logical_udf_project.h"
#include "skipjack/plan/optimizer/join_side_columns.h"
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

// Conjuncts that read only one input's columns move below the join on that side, when
// the join keeps that side's rows as they are (the preserved side of an outer join,
// both sides of an inner or cross join). A merged key reads as either side's key
// where both are equal on every output row.
arrow::Result<LogicalPlanPtr> ThroughJoin(const LogicalFilter& filter, const LogicalJoin& join) {
  const auto& left = join.children()[0];
  const auto& right = join.children()[1];
  ARROW_ASSIGN_OR_RAISE(const auto sides, JoinSideColumns::Of(join));
  const auto& as_left = sides.left;
  const auto& as_right = sides.right;
  std::vector<ExprPtr> to_left, to_right, above;
  for (const auto& conjunct : SplitConjunction(filter.predicate())) {
    const bool on_left = !as_left.empty() && JoinSideColumns::ReadsOnly(conjunct, as_left);
    const bool on_right = !as_right.empty() && JoinSideColumns::ReadsOnly(conjunct, as_right);
    if (on_left) to_left.push_back(SubstituteColumns(conjunct, as_left));
    if (on_right) to_right.push_back(SubstituteColumns(conjunct, as_right));
    if (!on_left && !on_right) above.push_back(conjunct);
  }
  if (to_left.empty() && to_right.empty()) return filter.shared_from_this();
  LogicalPlanPtr new_left = left, new_right = right;
  if (!to_left.empty()) {
    ARROW_ASSIGN_OR_RAISE(new_left, LogicalFilter::Make(left, JoinConjunction(to_left)));
  }
  if (!to_right.empty()) {
    ARROW_ASSIGN_OR_RAISE(new_right, LogicalFilter::Make(right, JoinConjunction(to_right)));
  }
  ARROW_ASSIGN_OR_RAISE(auto node, join.WithInputs(new_left, new_right));
  if (above.empty()) return node;
  return LogicalFilter::Make(node, JoinConjunction(above));
}

// Conjuncts that read neither the exploded columns nor the index hold before exploding.
// Row-wise nodes that add or replace some columns and repeat or keep the others
// (explode, UDF projections): conjuncts on the other columns go below them.
arrow::Result<LogicalPlanPtr> ThroughRowExpansion(const LogicalFilter& filter,
                                                  const LogicalPlan& node_below,
                                                  const std::set<std::string>& produced) {
  std::vector<ExprPtr> below, above;
  for (const auto& conjunct : SplitConjunction(filter.predicate())) {
    bool independent = true;
    for (const auto& name : ReferencedColumns(conjunct)) independent = independent && !produced.count(name);
    (independent ? below : above).push_back(conjunct);
  }
  if (below.empty()) return filter.shared_from_this();
  ARROW_ASSIGN_OR_RAISE(auto pushed,
                        LogicalFilter::Make(node_below.children()[0], JoinConjunction(below)));
  ARROW_ASSIGN_OR_RAISE(auto node, node_below.WithChildren({pushed}));
  if (above.empty()) return node;
  return LogicalFilter::Make(node, JoinConjunction(above));
}

arrow::Result<LogicalPlanPtr> ThroughExplode(const LogicalFilter& filter,
                                             const LogicalExplode& explode) {
  std::set<std::string> produced(explode.columns().begin(), explode.columns().end());
  if (explode.index_column()) produced.insert(*explode.index_column());
  return ThroughRowExpansion(filter, explode, produced);
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
        case LogicalKind::kJoin:
          return ThroughJoin(filter, static_cast<const LogicalJoin&>(*child));
        case LogicalKind::kConcat: {
          // A filter over a concat is the concat of the filtered inputs.
          std::vector<LogicalPlanPtr> inputs;
          for (const auto& input : child->children()) {
            ARROW_ASSIGN_OR_RAISE(auto pushed, LogicalFilter::Make(input, filter.predicate()));
            inputs.push_back(std::move(pushed));
          }
          return child->WithChildren(std::move(inputs));
        }
        case LogicalKind::kExplode:
          return ThroughExplode(filter, static_cast<const LogicalExplode&>(*child));
        case LogicalKind::kUdfProject:
          // The UDF then runs only on the rows the filter keeps.
          return ThroughRowExpansion(
              filter, *child, {static_cast<const LogicalUdfProject&>(*child).output()});
        case LogicalKind::kFilter:
        case LogicalKind::kLimit:
        case LogicalKind::kWrite:
        case LogicalKind::kHammingJoin:
        case LogicalKind::kOffset:      // filtering first would change which rows are skipped
        case LogicalKind::kSample:      // ... which rows are drawn
        case LogicalKind::kRowNumber:   // ... and the numbers
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
