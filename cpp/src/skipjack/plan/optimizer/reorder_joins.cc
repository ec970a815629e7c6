// A first join reordering: a tree of inner equi-joins over plain columns is rebuilt
// left-deep, greedily (Greedy Operator Ordering): first the connected pair whose join
// is estimated smallest, then, step by step, the input whose join with what is joined
// so far is estimated smallest. Join sizes come from cardinality.h: rows, filter
// selectivities and distinct counts bounded by the columns' value ranges. The new
// order replaces the written one only if the sum of its estimated intermediate sizes
// is clearly smaller. A projection above restores the original column order.
//
// Only trees whose inputs have distinct column names and whose joins neither merge nor
// rename columns are reordered, so the reordered joins produce the same columns; any
// tree that would need a cross product keeps its order.

#include <algorithm>
#include <map>
#include <set>

#include <arrow/type.h>

#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/cardinality.h"
#include "skipjack/plan/logical_join.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/optimizer/rules.h"
#include "skipjack/plan/plan_fingerprint.h"

namespace skipjack {
namespace {

struct Condition {
  std::string left, right;  // column names, on two different inputs
};

bool Reorderable(const LogicalJoin& join) {
  if (join.type() != JoinType::kInner || !join.right_renames().empty()) return false;
  for (size_t k = 0; k < join.left_keys().size(); ++k) {
    const auto* left = ColumnNameOf(join.left_keys()[k]);
    const auto* right = ColumnNameOf(join.right_keys()[k]);
    if (!left || !right || *left == *right) return false;  // same names would merge
    if (!join.key_types()[k]->Equals(*join.children()[0]->schema()->GetFieldByName(*left)->type()) ||
        !join.key_types()[k]->Equals(*join.children()[1]->schema()->GetFieldByName(*right)->type())) {
      return false;  // keys compared in a common type: keep as written
    }
  }
  return true;
}

// Joins that occur more often in the query than the tree being reordered (a join reused
// by a self-join) stay whole, as inputs: the physical planner computes a repeated subplan
// once, which it can only recognize while the copies are identical. Joins repeated only
// as parts of a repeated tree are reordered, the same way in every copy.
thread_local const std::map<std::string, int>* repeated_subplans = nullptr;

int Occurrences(const LogicalPlan& plan) {
  if (!repeated_subplans) return 1;
  auto found = repeated_subplans->find(PlanFingerprint(plan));
  return found == repeated_subplans->end() ? 1 : found->second;
}

// Splits a tree of reorderable joins into its inputs and join conditions.
void Flatten(const LogicalPlanPtr& plan, std::vector<LogicalPlanPtr>* inputs,
             std::vector<Condition>* conditions, int root_occurrences = 0) {
  const bool root = root_occurrences == 0;
  if (root) root_occurrences = Occurrences(*plan);
  if (plan->kind() == LogicalKind::kJoin &&
      Reorderable(static_cast<const LogicalJoin&>(*plan)) &&
      (root || Occurrences(*plan) <= root_occurrences)) {
    const auto& join = static_cast<const LogicalJoin&>(*plan);
    Flatten(plan->children()[0], inputs, conditions, root_occurrences);
    Flatten(plan->children()[1], inputs, conditions, root_occurrences);
    for (size_t k = 0; k < join.left_keys().size(); ++k) {
      conditions->push_back({*ColumnNameOf(join.left_keys()[k]), *ColumnNameOf(join.right_keys()[k])});
    }
    return;
  }
  inputs->push_back(plan);
}

arrow::Result<LogicalPlanPtr> Reorder(const LogicalPlanPtr& root) {
  std::vector<LogicalPlanPtr> inputs;
  std::vector<Condition> conditions;
  Flatten(root, &inputs, &conditions);
  if (inputs.size() < 3) return root;
  std::map<std::string, size_t> owner;  // column -> input
  for (size_t i = 0; i < inputs.size(); ++i) {
    for (const auto& field : inputs[i]->schema()->fields()) {
      if (!owner.emplace(field->name(), i).second) return root;  // clashing names
    }
  }
  std::vector<double> rows;
  for (const auto& input : inputs) {
    const double estimate = EstimateRows(*input);
    if (estimate < 0) return root;  // nothing to go on
    rows.push_back(estimate);
  }
  auto distinct = [&](const std::string& column) {
    const size_t input = owner.at(column);
    const double d = EstimateDistinct(*inputs[input], column);
    return d > 0 ? d : rows[input];
  };
  // Estimated rows of (the inputs in `joined`, `joined_rows` of them) join `candidate`;
  // negative when no condition connects them.
  auto join_rows = [&](const std::set<size_t>& joined, double joined_rows, size_t candidate) {
    double best = -1;
    for (const auto& condition : conditions) {
      const size_t a = owner.at(condition.left), b = owner.at(condition.right);
      const std::string* mine = nullptr;
      const std::string* theirs = nullptr;
      if (joined.count(a) && b == candidate) {
        mine = &condition.left;
        theirs = &condition.right;
      } else if (joined.count(b) && a == candidate) {
        mine = &condition.right;
        theirs = &condition.left;
      } else {
        continue;
      }
      const double estimate = EstimateJoinRows(joined_rows, rows[candidate],
                                               std::min(distinct(*mine), joined_rows),
                                               distinct(*theirs));
      if (best < 0 || estimate < best) best = estimate;
    }
    return best;
  };
  // The connected pair with the smallest join starts the chain, larger input first.
  std::vector<size_t> order;
  double cost = 0, current_rows = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    for (size_t j = 0; j < inputs.size(); ++j) {
      if (i == j || rows[i] < rows[j]) continue;
      const double estimate = join_rows({i}, rows[i], j);
      if (estimate < 0) continue;
      if (order.empty() || estimate < current_rows) {
        order = {i, j};
        current_rows = estimate;
      }
    }
  }
  if (order.empty()) return root;
  cost = current_rows;
  std::set<size_t> joined(order.begin(), order.end());
  while (joined.size() < inputs.size()) {
    size_t best = inputs.size();
    double best_rows = -1;
    for (size_t candidate = 0; candidate < inputs.size(); ++candidate) {
      if (joined.count(candidate)) continue;
      const double estimate = join_rows(joined, current_rows, candidate);
      if (estimate >= 0 && (best_rows < 0 || estimate < best_rows)) {
        best = candidate;
        best_rows = estimate;
      }
    }
    if (best == inputs.size()) return root;  // disconnected: would need a cross join
    order.push_back(best);
    joined.insert(best);
    current_rows = best_rows;
    cost += current_rows;
  }
  // The written order's cost: the estimated sizes of its joins.
  double written_cost = 0;
  std::vector<const LogicalPlan*> stack = {root.get()};
  while (!stack.empty()) {
    const LogicalPlan* node = stack.back();
    stack.pop_back();
    if (node->kind() != LogicalKind::kJoin ||
        std::find_if(inputs.begin(), inputs.end(),
                     [&](const LogicalPlanPtr& input) { return input.get() == node; }) !=
            inputs.end()) {
      continue;
    }
    written_cost += std::max(0.0, EstimateRows(*node));
    for (const auto& child : node->children()) stack.push_back(child.get());
  }
  if (cost >= 0.8 * written_cost) return root;

  LogicalPlanPtr current = inputs[order[0]];
  std::set<size_t> done = {order[0]};
  for (size_t step = 1; step < order.size(); ++step) {
    const size_t next = order[step];
    std::vector<ExprPtr> left_keys, right_keys;
    for (const auto& condition : conditions) {
      const size_t a = owner.at(condition.left), b = owner.at(condition.right);
      if (done.count(a) && b == next) {
        left_keys.push_back(Col(condition.left));
        right_keys.push_back(Col(condition.right));
      } else if (done.count(b) && a == next) {
        left_keys.push_back(Col(condition.right));
        right_keys.push_back(Col(condition.left));
      }
    }
    ARROW_ASSIGN_OR_RAISE(current, LogicalJoin::Make(current, inputs[next], std::move(left_keys),
                                                     std::move(right_keys), JoinType::kInner,
                                                     "right.", ""));
    done.insert(next);
  }
  std::vector<ExprPtr> columns;
  for (const auto& field : root->schema()->fields()) columns.push_back(Col(field->name()));
  return LogicalProject::Make(current, std::move(columns));
}

class ReorderJoins final : public OptimizerRule {
 public:
  std::string name() const override { return "ReorderJoins"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    const auto occurrences = CountShareableSubplans(*plan);
    repeated_subplans = &occurrences;
    auto visited = Visit(plan);
    repeated_subplans = nullptr;
    return visited;
  }

 private:
  // Top-down, so each maximal join tree is reordered once, as a whole.
  static arrow::Result<LogicalPlanPtr> Visit(const LogicalPlanPtr& plan) {
    if (plan->kind() == LogicalKind::kJoin &&
        Reorderable(static_cast<const LogicalJoin&>(*plan))) {
      ARROW_ASSIGN_OR_RAISE(auto reordered, Reorder(plan));
      if (reordered != plan) return reordered;
    }
    std::vector<LogicalPlanPtr> children;
    bool changed = false;
    for (const auto& child : plan->children()) {
      ARROW_ASSIGN_OR_RAISE(auto visited, Visit(child));
      changed = changed || visited != child;
      children.push_back(std::move(visited));
    }
    if (!changed) return plan;
    return plan->WithChildren(std::move(children));
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeReorderJoinsRule() { return std::make_unique<ReorderJoins>(); }

}  // namespace skipjack
