#include <arrow/type.h>

#include "skipjack/expr/binder.h"
#include "skipjack/plan/logical_aggregate.h"
#include "skipjack/plan/optimizer/rules.h"

namespace skipjack {
namespace {

// Aggregate(keys, [count_distinct(x) as n, ...]) -> Aggregate(keys, [count(x) as n, ...])
// over Aggregate(keys + [x]): finding the distinct (key, x) pairs is then an ordinary
// grouping (partial per worker, merged by partitions), instead of a set of values per
// group that every merge has to rebuild. count(x) skips a null x, as count_distinct does.
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
      for (const auto& output : aggregations) {
        const auto& call = UnwrapAggregate(output);
        if (call.function() != "count_distinct" || !call.input() || !call.options().empty()) {
          return node;
        }
        if (value && !value->Equals(*call.input())) return node;
        value = call.input();
      }
      // The value gets its own name in the inner aggregation's output.
      const std::string value_name = "__count_distinct_value";
      const auto& input_schema = *node->children()[0]->schema();
      if (input_schema.GetFieldIndex(value_name) >= 0) return node;
      for (const auto& key : aggregate.group_by()) {
        if (key->Equals(*value)) return node;
      }
      std::vector<ExprPtr> inner_keys = aggregate.group_by();
      inner_keys.push_back(Alias(value, value_name));
      ARROW_ASSIGN_OR_RAISE(auto pairs,
                            LogicalAggregate::Make(node->children()[0], inner_keys, {}));
      std::vector<ExprPtr> outer_keys;
      for (size_t k = 0; k < aggregate.group_by().size(); ++k) {
        outer_keys.push_back(Col(pairs->schema()->field(static_cast<int>(k))->name()));
      }
      std::vector<ExprPtr> counts;
      const int first_aggregation = static_cast<int>(aggregate.group_by().size());
      for (size_t a = 0; a < aggregations.size(); ++a) {
        const auto& name = node->schema()->field(first_aggregation + static_cast<int>(a))->name();
        counts.push_back(Alias(Aggregate("count", Col(value_name),
                                         {{"mode", arrow::MakeScalar("valid")}}),
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
