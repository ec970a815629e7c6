#include <arrow/scalar.h>
#include <arrow/type.h>

#include "skipjack/expr/binder.h"
#include "skipjack/plan/logical_aggregate.h"
#include "skipjack/plan/optimizer/rules.h"

namespace skipjack {
namespace {

// The condition of count_distinct(if c then x else null), or null when the input is not
// of that form. Its distinct values are those x of rows where c is true.
ExprPtr ConditionOf(const ExprPtr& input, ExprPtr* value) {
  if (input->kind() != ExprKind::kCall) return nullptr;
  const auto& call = static_cast<const CallExpr&>(*input);
  if (call.function() != "if_else" || call.args().size() != 3 || !call.options().empty()) {
    return nullptr;
  }
  const auto& otherwise = call.args()[2];
  if (otherwise->kind() != ExprKind::kLiteral ||
      static_cast<const LiteralExpr&>(*otherwise).value()->is_valid) {
    return nullptr;
  }
  *value = call.args()[1];
  return call.args()[0];
}

// True if every aggregation is count_distinct of one value x, plain or under a
// condition (if c then x else null); sets `*value` and, per aggregation, its condition.
bool CountsOfOneValue(const std::vector<ExprPtr>& aggregations, ExprPtr* value,
                      std::vector<ExprPtr>* conditions) {
  for (const auto& output : aggregations) {
    const auto& call = UnwrapAggregate(output);
    if (call.function() != "count_distinct" || !call.input() || !call.options().empty()) {
      return false;
    }
    ExprPtr counted = call.input();
    conditions->push_back(ConditionOf(call.input(), &counted));
    if (*value && !(*value)->Equals(*counted)) return false;
    *value = counted;
  }
  return true;
}

// Aggregate(keys, [count_distinct(x) as n, count_distinct(if c then x else null) as m])
// -> Aggregate(keys, [count(x) as n, count(if c_any then x else null) as m]) over
// Aggregate(keys + [x], [bool_or(c) as c_any]): finding the distinct (key, x) pairs is
// then an ordinary grouping (partial per worker, merged by partitions), instead of a set
// of values per group that every merge has to rebuild. A pair counts for m when some row
// of it had c true; count skips a null x (and a null c_any), as count_distinct does.
class SplitCountDistinct final : public OptimizerRule {
 public:
  std::string name() const override { return "SplitCountDistinct"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    return TransformUp(plan, [](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
      if (node->kind() != LogicalKind::kAggregate) return node;
      const auto& aggregate = static_cast<const LogicalAggregate&>(*node);
      const auto& aggregations = aggregate.aggregations();
      if (aggregations.empty()) return node;
      ExprPtr value;
      std::vector<ExprPtr> conditions;  // per aggregation; null for a plain one
      if (!CountsOfOneValue(aggregations, &value, &conditions)) return node;
      // The value and the conditions get names of their own in the inner output.
      const std::string value_name = "__count_distinct_value";
      const std::string condition_prefix = "__count_distinct_when_";
      const auto& input_schema = *node->children()[0]->schema();
      for (const auto& field : input_schema.fields()) {
        if (field->name().rfind("__count_distinct_", 0) == 0) return node;
      }
      for (const auto& key : aggregate.group_by()) {
        if (key->Equals(*value)) return node;
      }
      // Split, keys of strings would be grouped three times (partial, merge, and again
      // by the outer aggregation, from every pair); the per-group sets group them twice
      // and their pairs are integers. Measured on TPC-H Q16: 25% faster unsplit.
      for (int k = 0; k < static_cast<int>(aggregate.group_by().size()); ++k) {
        if (!arrow::is_fixed_width(node->schema()->field(k)->type()->id())) return node;
      }
      std::vector<ExprPtr> inner_keys = aggregate.group_by();
      inner_keys.push_back(Alias(value, value_name));
      std::vector<ExprPtr> any_true;
      for (size_t a = 0; a < conditions.size(); ++a) {
        if (!conditions[a]) continue;
        any_true.push_back(Alias(Aggregate("bool_or", conditions[a]),
                                 condition_prefix + std::to_string(a)));
      }
      ARROW_ASSIGN_OR_RAISE(auto pairs, LogicalAggregate::Make(node->children()[0], inner_keys,
                                                               std::move(any_true)));
      std::vector<ExprPtr> outer_keys;
      for (size_t k = 0; k < aggregate.group_by().size(); ++k) {
        outer_keys.push_back(Col(pairs->schema()->field(static_cast<int>(k))->name()));
      }
      std::vector<ExprPtr> counts;
      const int first_aggregation = static_cast<int>(aggregate.group_by().size());
      for (size_t a = 0; a < aggregations.size(); ++a) {
        const auto& name = node->schema()->field(first_aggregation + static_cast<int>(a))->name();
        ExprPtr counted = Col(value_name);
        if (conditions[a]) {
          counted = Call("if_else", {Col(condition_prefix + std::to_string(a)), counted,
                                     Lit(arrow::MakeNullScalar(arrow::null()))});
        }
        counts.push_back(Alias(
            Aggregate("count", std::move(counted), {{"mode", arrow::MakeScalar("valid")}}),
            name));
      }
      return LogicalAggregate::Make(std::move(pairs), std::move(outer_keys), std::move(counts));
    });
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeSplitCountDistinctRule() {
  return std::make_unique<SplitCountDistinct>();
}

}  // namespace skipjack
