// A filter above a join whose conjunct is a disjunction of cases, each testing both
// sides (TPC-H q19: brand, container and size of the part with the lineitem's quantity),
// implies a filter on each side on its own: the disjunction of each case's tests of that
// side. Those go below the join (and from there into the scans), the original stays:
//
//   (p_brand = 12 & l_qty <= 11) | (p_brand = 23 & l_qty <= 20)
//     part:     p_brand = 12 | p_brand = 23
//     lineitem: l_qty <= 11 | l_qty <= 20
//
// A row the original keeps satisfies one case wholly, so its side passes that case's
// tests: the implied filters drop only rows the original would drop. A side gets one
// only where every case tests it, and only if it is estimated to drop most rows. Run once, before the rules that push filters down,
// so the implied filters are not derived again from the original on each pass.

#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/filter_selectivity.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_join.h"
#include "skipjack/plan/optimizer/join_side_columns.h"
#include "skipjack/plan/optimizer/rules.h"

namespace skipjack {
namespace {

// Implied filters estimated to keep more than this share are left out: testing them
// below the join costs reading their columns whole for little gain.
constexpr double kMaxImpliedSelectivity = 0.1;

// The filter the disjunction of `cases` implies on one side (its columns in `side`);
// null if a case does not test that side.
ExprPtr Implied(const std::vector<ExprPtr>& cases, const std::map<std::string, ExprPtr>& side) {
  if (side.empty()) return nullptr;
  ExprPtr implied;
  for (const auto& one_case : cases) {
    std::vector<ExprPtr> tests;
    for (const auto& conjunct : SplitConjunction(one_case)) {
      if (!ReferencedColumns(conjunct).empty() && JoinSideColumns::ReadsOnly(conjunct, side)) {
        tests.push_back(SubstituteColumns(conjunct, side));
      }
    }
    if (tests.empty()) return nullptr;
    implied = implied ? Call("or", {implied, JoinConjunction(tests)}) : JoinConjunction(tests);
  }
  return implied;
}

arrow::Result<LogicalPlanPtr> Rewrite(const LogicalPlanPtr& node) {
  if (node->kind() != LogicalKind::kFilter ||
      node->children()[0]->kind() != LogicalKind::kJoin) {
    return node;
  }
  const auto& filter = static_cast<const LogicalFilter&>(*node);
  const auto& join = static_cast<const LogicalJoin&>(*node->children()[0]);
  ARROW_ASSIGN_OR_RAISE(const auto sides, JoinSideColumns::Of(join));
  std::vector<ExprPtr> to_left, to_right;
  for (const auto& conjunct : SplitConjunction(filter.predicate())) {
    const auto cases = SplitDisjunction(conjunct);
    if (cases.size() < 2) continue;
    // A conjunct on one side alone moves down whole anyway.
    if (JoinSideColumns::ReadsOnly(conjunct, sides.left) ||
        JoinSideColumns::ReadsOnly(conjunct, sides.right)) {
      continue;
    }
    auto selective = [](const ExprPtr& implied) {
      return implied && EstimateSelectivity(implied) <= kMaxImpliedSelectivity;
    };
    if (auto implied = Implied(cases, sides.left); selective(implied)) to_left.push_back(implied);
    if (auto implied = Implied(cases, sides.right); selective(implied)) to_right.push_back(implied);
  }
  if (to_left.empty() && to_right.empty()) return node;
  LogicalPlanPtr left = join.children()[0], right = join.children()[1];
  if (!to_left.empty()) {
    ARROW_ASSIGN_OR_RAISE(left, LogicalFilter::Make(left, JoinConjunction(to_left)));
  }
  if (!to_right.empty()) {
    ARROW_ASSIGN_OR_RAISE(right, LogicalFilter::Make(right, JoinConjunction(to_right)));
  }
  ARROW_ASSIGN_OR_RAISE(auto joined, join.WithInputs(left, right));
  return node->WithChildren({joined});
}

class InferJoinSideFilters final : public OptimizerRule {
 public:
  std::string name() const override { return "InferJoinSideFilters"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    return TransformUp(plan, Rewrite);
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeInferJoinSideFiltersRule() {
  return std::make_unique<InferJoinSideFilters>();
}

}  // namespace skipjack
