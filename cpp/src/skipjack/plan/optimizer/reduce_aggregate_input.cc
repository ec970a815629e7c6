// Semi-join reduction of a grouped aggregation: in
//
//   X join Aggregate(input, group by k) on X.a = k
//
// a group whose key has no partner in X is dropped by the join anyway, and all rows of a
// group share its key, so the aggregation may read only the input rows whose k appears
// in X.a:
//
//   X join Aggregate(input semi join X on k = X.a, group by k)
//
// TPC-H Q20 sums a year of lineitems per (part, supplier) but keeps only the pairs of
// "forest" parts: the reduction aggregates ~9k rows instead of ~900k. Applied when X
// filters its sources and its keys are estimated to cover at most half of the input's
// (cardinality.h). The aggregation may sit under
// projections and filters that pass the key columns through (a HAVING filter sees the
// same groups, only fewer of them). Semi joins are reduced the same way on either side,
// anti joins on their right: TPC-H Q21's per-order supplier counts over all lineitems
// then only count the orders its chain of joins can match.

#include <optional>

#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/cardinality.h"
#include "skipjack/plan/logical_aggregate.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_join.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/logical_source.h"
#include "skipjack/plan/optimizer/rules.h"

namespace skipjack {
namespace {

// The semi join must be estimated to keep at most this share of the aggregation's
// input (from the distinct keys on both sides) for the reduction to pay.
constexpr double kMaxKeptShare = 0.5;

// The input column of the grouped aggregation at or under `plan` (through projections,
// filters and aggregations grouped by it) that output column `column` passes through as
// a group key, if any; the innermost such aggregation.
struct KeySource {
  const LogicalAggregate* aggregate = nullptr;
  std::string input_column;
};

std::optional<KeySource> TraceGroupKey(const LogicalPlan& plan, const std::string& column) {
  switch (plan.kind()) {
    case LogicalKind::kFilter:
      return TraceGroupKey(*plan.children()[0], column);
    case LogicalKind::kProject:
      for (const auto& expr : static_cast<const LogicalProject&>(plan).exprs()) {
        if (OutputName(*expr) != column) continue;
        const auto* name = ColumnNameOf(StripAlias(expr));
        if (!name) return std::nullopt;
        return TraceGroupKey(*plan.children()[0], *name);
      }
      return std::nullopt;
    case LogicalKind::kAggregate: {
      const auto& aggregate = static_cast<const LogicalAggregate&>(plan);
      for (const auto& key : aggregate.group_by()) {
        if (OutputName(*key) != column) continue;
        const auto* name = ColumnNameOf(StripAlias(key));
        if (!name) return std::nullopt;
        // An aggregation over another one grouped by the same key (a split
        // count_distinct): reducing the innermost input removes the groups of both.
        if (auto deeper = TraceGroupKey(*aggregate.children()[0], *name)) return deeper;
        return KeySource{&aggregate, *name};
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

// `plan` with the aggregation `target` (somewhere under it) replaced by `replacement`.
arrow::Result<LogicalPlanPtr> Replace(const LogicalPlanPtr& plan, const LogicalPlan* target,
                                      const LogicalPlanPtr& replacement) {
  if (plan.get() == target) return replacement;
  ARROW_ASSIGN_OR_RAISE(auto child, Replace(plan->children()[0], target, replacement));
  return plan->WithChildren({std::move(child)});
}

// Whether `plan`, under any filters, projections and aggregations, is a semi join: an
// input reduced before (other rules may have put nodes above the reduction since), or
// the input of an aggregation over a reduced one (a split count_distinct).
bool AlreadyReduced(const LogicalPlan& plan) {
  if (plan.kind() == LogicalKind::kFilter || plan.kind() == LogicalKind::kProject ||
      plan.kind() == LogicalKind::kAggregate) {
    return AlreadyReduced(*plan.children()[0]);
  }
  return plan.kind() == LogicalKind::kJoin &&
         static_cast<const LogicalJoin&>(plan).type() == JoinType::kSemi;
}

// Whether `plan` filters its sources (a filter, a pushed-down filter or a semi join):
// only then are its keys likely to be few. Distinct counts from value ranges are upper
// bounds, too loose to decide alone (sparse order keys look four times as many).
bool Filters(const LogicalPlan& plan) {
  switch (plan.kind()) {
    case LogicalKind::kFilter:
      return true;
    case LogicalKind::kSource:
      return static_cast<const LogicalSource&>(plan).pushdowns().filter != nullptr;
    case LogicalKind::kJoin:
      if (static_cast<const LogicalJoin&>(plan).type() == JoinType::kSemi) return true;
      break;
    default:
      break;
  }
  for (const auto& child : plan.children()) {
    if (Filters(*child)) return true;
  }
  return false;
}

// Whether `plan` gives the same rows each time it runs, cheaply: the reduction runs the
// partner a second time (or shares one run when both copies are alike). No one-shot
// streams, no random samples, no Python UDFs.
bool Repeatable(const LogicalPlan& plan) {
  switch (plan.kind()) {
    case LogicalKind::kSource: {
      const auto kind = static_cast<const LogicalSource&>(plan).info()->kind();
      return kind == SourceKind::kInMemory || kind == SourceKind::kFile;
    }
    case LogicalKind::kSample:
    case LogicalKind::kUdfProject:
    case LogicalKind::kWrite:
      return false;
    default:
      break;
  }
  for (const auto& child : plan.children()) {
    if (!Repeatable(*child)) return false;
  }
  return true;
}

// Reduces the aggregation on side `agg_side` (0: left, 1: right) of `join`, or returns
// null when the pattern does not hold or would not pay.
arrow::Result<LogicalPlanPtr> Reduce(const LogicalJoin& join, int agg_side) {
  const auto& agg_keys = agg_side == 0 ? join.left_keys() : join.right_keys();
  const auto& partner_keys = agg_side == 0 ? join.right_keys() : join.left_keys();
  const LogicalPlanPtr& agg_branch = join.children()[agg_side];
  const LogicalPlanPtr& partner = join.children()[1 - agg_side];
  const LogicalAggregate* aggregate = nullptr;
  std::vector<ExprPtr> input_keys, partner_exprs;
  for (size_t k = 0; k < agg_keys.size(); ++k) {
    const auto* name = ColumnNameOf(agg_keys[k]);
    if (!name) continue;
    auto source = TraceGroupKey(*agg_branch, *name);
    if (!source || (aggregate && aggregate != source->aggregate)) continue;
    aggregate = source->aggregate;
    input_keys.push_back(Col(source->input_column));
    partner_exprs.push_back(partner_keys[k]);
  }
  if (!aggregate || aggregate->group_by().empty()) return nullptr;
  const LogicalPlanPtr& input = aggregate->children()[0];
  if (AlreadyReduced(*input)) return nullptr;  // the rule runs until nothing changes
  if (!Filters(*partner) || !Repeatable(*partner)) return nullptr;
  auto reduced_input = LogicalJoin::Make(input, partner, input_keys, partner_exprs,
                                         JoinType::kSemi, "", "");
  if (!reduced_input.ok()) return nullptr;  // keys of types that do not join: leave as is
  const double input_rows = EstimateRows(*input);
  const double kept_rows = EstimateRows(**reduced_input);
  if (input_rows < 0 || kept_rows < 0 || kept_rows > kMaxKeptShare * input_rows) return nullptr;
  ARROW_ASSIGN_OR_RAISE(auto reduced, LogicalAggregate::Make(*reduced_input, aggregate->group_by(),
                                                             aggregate->aggregations()));
  ARROW_ASSIGN_OR_RAISE(auto branch, Replace(agg_branch, aggregate, reduced));
  std::vector<LogicalPlanPtr> children = join.children();
  children[agg_side] = std::move(branch);
  return join.WithChildren(std::move(children));
}

class ReduceAggregateInput final : public OptimizerRule {
 public:
  std::string name() const override { return "ReduceAggregateInput"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    return TransformUp(plan, [](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
      if (node->kind() != LogicalKind::kJoin) return node;
      const auto& join = static_cast<const LogicalJoin&>(*node);
      // Groups the join can never match may go: on either side of an inner or semi
      // join, and on the right of an anti join (its left rows look for matches there).
      // The left of an anti join keeps exactly the groups without a match.
      std::vector<int> sides;
      if (join.type() == JoinType::kInner || join.type() == JoinType::kSemi) sides = {1, 0};
      if (join.type() == JoinType::kAnti) sides = {1};
      for (int side : sides) {
        ARROW_ASSIGN_OR_RAISE(auto reduced, Reduce(join, side));
        if (reduced) return reduced;
      }
      return node;
    });
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeReduceAggregateInputRule() {
  return std::make_unique<ReduceAggregateInput>();
}

}  // namespace skipjack
