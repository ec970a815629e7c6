// Eager aggregation: an aggregation grouped by columns of one join input (O) whose
// values all come from the other (P) can aggregate P by its join keys first.
//
//   Aggregate(by c_custkey: count(o_orderkey))            Aggregate(by c_custkey:
//     customer LEFT JOIN orders ON c_custkey = o_custkey   ->  sum(fill_null(n, 0)))
//                                                            customer LEFT JOIN
//                                                              Aggregate(by o_custkey:
//                                                                count(o_orderkey) as n)
//
// Each O row then meets one row per key instead of every P row with that key, and the
// join carries as many rows as O has, not as many as P. Correct for any O rows (even
// repeated keys): every O row adds its key's partial result once, as it added each of
// those P rows once. Partial results combine for count (as a sum; an unmatched row of
// a left join counts 0), sum, min and max. Applied when P's keys are estimated to
// repeat (at most half as many distinct keys as rows), so the first aggregation shrinks
// P; inner joins with O on either side, left joins with O on the left, right joins with
// O on the right.

#include <algorithm>
#include <string>

#include <arrow/scalar.h>
#include <arrow/type.h>

#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/cardinality.h"
#include "skipjack/plan/logical_aggregate.h"
#include "skipjack/plan/logical_join.h"
#include "skipjack/plan/optimizer/rules.h"

namespace skipjack {
namespace {

// The function that combines partial results of `call`; empty if they do not combine.
std::string CombinerOf(const AggregateExpr& call) {
  const std::string& f = call.function();
  if (f == "sum" || f == "min" || f == "max") return call.options().empty() ? f : "";
  if (f != "count" || call.options().size() > 1) return "";
  if (call.options().empty()) return "sum";
  const auto mode = call.options().find("mode");
  if (mode == call.options().end() || !mode->second->is_valid) return "";
  return mode->second->ToString() == "valid" ? "sum" : "";
}

bool AllColumnsIn(const ExprPtr& expr, const arrow::Schema& schema) {
  for (const auto& name : ReferencedColumns(expr)) {
    if (schema.GetFieldIndex(name) < 0) return false;
  }
  return true;
}

arrow::Result<LogicalPlanPtr> Rewrite(const LogicalPlanPtr& node) {
  if (node->kind() != LogicalKind::kAggregate) return node;
  const auto& aggregate = static_cast<const LogicalAggregate&>(*node);
  const auto& input = node->children()[0];
  if (input->kind() != LogicalKind::kJoin || aggregate.aggregations().empty()) return node;
  const auto& join = static_cast<const LogicalJoin&>(*input);
  if (!join.right_renames().empty()) return node;
  for (int o = 0; o < 2; ++o) {
    const int p = 1 - o;
    const JoinType type = join.type();
    const bool allowed = type == JoinType::kInner || (type == JoinType::kLeft && o == 0) ||
                         (type == JoinType::kRight && o == 1);
    if (!allowed) continue;
    const auto& outer = join.children()[o];
    const auto& partial_input = join.children()[p];
    if (partial_input->kind() == LogicalKind::kAggregate) continue;  // done already
    // Group keys from O only; values from P only; keys plain columns of their types.
    bool fits = true;
    for (const auto& key : aggregate.group_by()) fits = fits && AllColumnsIn(key, *outer->schema());
    std::vector<std::string> combiners;
    for (const auto& output : aggregate.aggregations()) {
      const auto& call = UnwrapAggregate(output);
      combiners.push_back(CombinerOf(call));
      fits = fits && !combiners.back().empty() && call.input() &&
             AllColumnsIn(call.input(), *partial_input->schema());
    }
    const auto& p_keys = p == 0 ? join.left_keys() : join.right_keys();
    const auto& o_keys = o == 0 ? join.left_keys() : join.right_keys();
    std::vector<ExprPtr> partial_keys;
    for (size_t k = 0; fits && k < p_keys.size(); ++k) {
      const auto* name = ColumnNameOf(p_keys[k]);
      const auto* other = ColumnNameOf(o_keys[k]);
      fits = name && other && *name != *other &&  // same names would merge
             join.key_types()[k]->Equals(*partial_input->schema()->GetFieldByName(*name)->type()) &&
             join.key_types()[k]->Equals(*outer->schema()->GetFieldByName(*other)->type());
      if (fits) partial_keys.push_back(Col(*name));
    }
    if (!fits || partial_keys.empty()) continue;
    // Worth it only when P's keys repeat: a key with one row aggregates nothing.
    const double rows = EstimateRows(*partial_input);
    double distinct = rows;
    for (const auto& key : partial_keys) {
      const double d = EstimateDistinct(*partial_input, *ColumnNameOf(key));
      if (d > 0) distinct = std::min(distinct, d);
    }
    if (rows < 0 || distinct < 0 || distinct * 2 > rows) continue;

    std::vector<ExprPtr> partials, finals;
    const int first_output = static_cast<int>(aggregate.group_by().size());
    for (size_t a = 0; a < aggregate.aggregations().size(); ++a) {
      const auto& call = UnwrapAggregate(aggregate.aggregations()[a]);
      const std::string partial_name = "__partial_" + std::to_string(a);
      if (outer->schema()->GetFieldIndex(partial_name) >= 0) return node;
      partials.push_back(Alias(Aggregate(call.function(), call.input(), call.options()),
                               partial_name));
      ExprPtr value = Col(partial_name);
      if (call.function() == "count") {  // an unmatched O row of an outer join counts 0
        value = Call("fill_null", {value, Lit(std::make_shared<arrow::UInt64Scalar>(0))});
      }
      const auto& name = node->schema()->field(first_output + static_cast<int>(a))->name();
      finals.push_back(Alias(Aggregate(combiners[a], value), name));
    }
    ARROW_ASSIGN_OR_RAISE(auto partial,
                          LogicalAggregate::Make(partial_input, partial_keys, std::move(partials)));
    ARROW_ASSIGN_OR_RAISE(
        auto rejoined,
        o == 0 ? LogicalJoin::Make(outer, partial, join.left_keys(), join.right_keys(), type,
                                   "right.", "")
               : LogicalJoin::Make(partial, outer, join.left_keys(), join.right_keys(), type,
                                   "right.", ""));
    ARROW_ASSIGN_OR_RAISE(auto result, LogicalAggregate::Make(rejoined, aggregate.group_by(),
                                                              std::move(finals)));
    // The same output, type for type; otherwise keep the plan as written.
    if (!result->schema()->Equals(*node->schema(), /*check_metadata=*/false)) return node;
    return result;
  }
  return node;
}

class AggregateBeforeJoin final : public OptimizerRule {
 public:
  std::string name() const override { return "AggregateBeforeJoin"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    return TransformUp(plan, Rewrite);
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeAggregateBeforeJoinRule() {
  return std::make_unique<AggregateBeforeJoin>();
}

}  // namespace skipjack
