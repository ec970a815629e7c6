#include "skipjack/plan/optimizer/optimizer.h"

#include <vector>

#include "skipjack/plan/optimizer/rules.h"

namespace skipjack {
namespace {

// Enough for any chain the rules build; each pass is linear in the plan size.
constexpr int kMaxPasses = 16;

}  // namespace

arrow::Result<LogicalPlanPtr> Optimize(const LogicalPlanPtr& plan) {
  std::vector<std::unique_ptr<OptimizerRule>> rules;
  rules.push_back(MakeFoldConstantsRule());
  rules.push_back(MakeMergeFiltersRule());
  rules.push_back(MakePushDownFilterRule());
  rules.push_back(MakeReorderJoinsRule());
  rules.push_back(MakeReduceAggregateInputRule());
  rules.push_back(MakeAggregateBeforeJoinRule());
  rules.push_back(MakeFoldProjectionsRule());
  rules.push_back(MakePushDownLimitRule());
  rules.push_back(MakePruneColumnsRule());

  // UDFs get their own nodes first, so filters and limits move below them and the UDF
  // runs on fewer rows. Filters implied for one side of a join are derived once, before
  // the rules that push filters down (see infer_join_side_filters.cc).
  LogicalPlanPtr current = plan;
  ARROW_ASSIGN_OR_RAISE(current, MakeSplitUdfsRule()->Apply(current));
  ARROW_ASSIGN_OR_RAISE(current, MakeSplitCountDistinctRule()->Apply(current));
  ARROW_ASSIGN_OR_RAISE(current, MakeInferJoinSideFiltersRule()->Apply(current));

  // Rules return the very same node when they change nothing, so a pass that leaves
  // the root pointer unchanged has reached the fixed point.
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    const LogicalPlanPtr before = current;
    for (const auto& rule : rules) {
      ARROW_ASSIGN_OR_RAISE(current, rule->Apply(current));
    }
    if (current == before) break;
  }
  // Last: the filters it leaves above shared scans would otherwise be pushed back in.
  return MakeShareScansRule()->Apply(current);
}

}  // namespace skipjack
