#include <map>
#include <set>

#include <arrow/type.h>

#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/logical_aggregate.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_join.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/logical_row_ops.h"
#include "skipjack/plan/logical_sort.h"
#include "skipjack/plan/logical_source.h"
#include "skipjack/plan/logical_hamming_join.h"
#include "skipjack/plan/logical_udf_project.h"
#include "skipjack/plan/optimizer/rules.h"
#include "skipjack/plan/plan_fingerprint.h"

namespace skipjack {
namespace {

using Names = std::set<std::string>;

arrow::Result<LogicalPlanPtr> Prune(const LogicalPlanPtr& plan, const Names& required);

arrow::Result<LogicalPlanPtr> PruneProject(const LogicalProject& project,
                                           const Names& required) {
  std::vector<ExprPtr> kept;
  Names child_required;
  for (const auto& expr : project.exprs()) {
    if (!required.count(OutputName(*expr))) continue;
    for (const auto& name : ReferencedColumns(expr)) child_required.insert(name);
    kept.push_back(expr);
  }
  ARROW_ASSIGN_OR_RAISE(auto child, Prune(project.children()[0], child_required));
  if (kept.size() == project.exprs().size() && child == project.children()[0]) {
    return project.shared_from_this();
  }
  return LogicalProject::Make(std::move(child), std::move(kept));
}

arrow::Result<LogicalPlanPtr> PruneSource(const LogicalSource& source, const Names& required) {
  const auto& full = *source.info()->schema();
  std::vector<std::string> columns;
  for (const auto& field : full.fields()) {
    if (required.count(field->name())) columns.push_back(field->name());
  }
  Pushdowns pushdowns = source.pushdowns();
  if (static_cast<int>(columns.size()) == full.num_fields()) {
    if (!pushdowns.columns) return source.shared_from_this();
    pushdowns.columns.reset();
  } else {
    if (pushdowns.columns == columns) return source.shared_from_this();
    pushdowns.columns = std::move(columns);
  }
  return LogicalSource::Make(source.info(), std::move(pushdowns));
}

// Keys always stay (they define the groups); unused aggregations are dropped.
arrow::Result<LogicalPlanPtr> PruneAggregate(const LogicalAggregate& aggregate,
                                             const Names& required) {
  std::vector<ExprPtr> kept;
  Names child_required;
  for (const auto& key : aggregate.group_by()) {
    for (const auto& name : ReferencedColumns(key)) child_required.insert(name);
  }
  for (const auto& aggregation : aggregate.aggregations()) {
    if (!required.count(OutputName(*aggregation))) continue;
    for (const auto& name : ReferencedColumns(aggregation)) child_required.insert(name);
    kept.push_back(aggregation);
  }
  ARROW_ASSIGN_OR_RAISE(auto child, Prune(aggregate.children()[0], child_required));
  if (kept.size() == aggregate.aggregations().size() && child == aggregate.children()[0]) {
    return aggregate.shared_from_this();
  }
  return LogicalAggregate::Make(std::move(child), aggregate.group_by(), std::move(kept));
}

// A hash join outputs only the required columns; a cross join keeps all of them.
arrow::Result<LogicalPlanPtr> RestrictOutputs(const LogicalJoin& join, const Names& required) {
  if (join.type() == JoinType::kCross) return join.shared_from_this();
  Names outputs;
  for (const auto& field : join.schema()->fields()) {
    if (required.count(field->name())) outputs.insert(field->name());
  }
  if (outputs.empty()) outputs.insert(join.schema()->field(0)->name());  // rows only
  return join.WithOutputs(std::move(outputs));
}

// Each side keeps the columns the output needs from it plus its key columns.
arrow::Result<LogicalPlanPtr> PruneJoin(const LogicalJoin& join, const Names& required) {
  const auto& left = join.children()[0];
  const auto& right = join.children()[1];
  Names left_required, right_required;
  for (const auto& key : join.left_keys()) {
    for (const auto& name : ReferencedColumns(key)) left_required.insert(name);
  }
  for (const auto& key : join.right_keys()) {
    for (const auto& name : ReferencedColumns(key)) right_required.insert(name);
  }
  const auto& layout = join.layout();
  for (size_t i = 0; i < layout.size(); ++i) {
    if (!required.count(join.schema()->field(static_cast<int>(i))->name())) continue;
    const auto& column = layout[i];
    if (column.source == JoinOutputColumn::Source::kLeft) {
      left_required.insert(left->schema()->field(column.index)->name());
    } else if (column.source == JoinOutputColumn::Source::kRight) {
      right_required.insert(right->schema()->field(column.index)->name());
    }
  }
  // A side must keep one column so its row count survives (a cross join needs it).
  if (left_required.empty() && left->schema()->num_fields() > 0) {
    left_required.insert(left->schema()->field(0)->name());
  }
  if (right_required.empty() && right->schema()->num_fields() > 0) {
    right_required.insert(right->schema()->field(0)->name());
  }
  ARROW_ASSIGN_OR_RAISE(auto new_left, Prune(left, left_required));
  ARROW_ASSIGN_OR_RAISE(auto new_right, Prune(right, right_required));
  if (new_left == left && new_right == right) return RestrictOutputs(join, required);
  ARROW_ASSIGN_OR_RAISE(auto rebuilt, join.WithInputs(std::move(new_left), std::move(new_right)));
  return RestrictOutputs(static_cast<const LogicalJoin&>(*rebuilt), required);
}

// Every input keeps exactly the required columns, in the same order, so the inputs
// still line up after pruning.
arrow::Result<LogicalPlanPtr> PruneConcat(const LogicalPlan& concat, const Names& required) {
  std::vector<std::string> kept;
  for (const auto& field : concat.schema()->fields()) {
    if (required.count(field->name())) kept.push_back(field->name());
  }
  if (kept.empty() && concat.schema()->num_fields() > 0) kept.push_back(concat.schema()->field(0)->name());
  Names child_required(kept.begin(), kept.end());
  std::vector<LogicalPlanPtr> children;
  bool changed = false;
  for (const auto& child : concat.children()) {
    ARROW_ASSIGN_OR_RAISE(auto pruned, Prune(child, child_required));
    bool exact = pruned->schema()->num_fields() == static_cast<int>(kept.size());
    for (size_t i = 0; exact && i < kept.size(); ++i) {
      exact = pruned->schema()->field(static_cast<int>(i))->name() == kept[i];
    }
    if (!exact) {
      std::vector<ExprPtr> columns;
      for (const auto& name : kept) columns.push_back(Col(name));
      ARROW_ASSIGN_OR_RAISE(pruned, LogicalProject::Make(pruned, std::move(columns)));
    }
    changed = changed || pruned != child;
    children.push_back(std::move(pruned));
  }
  if (!changed) return concat.shared_from_this();
  return concat.WithChildren(std::move(children));
}

// Subplans that occur more than once (an aggregation joined with itself) are pruned to
// the union of what all their uses need, so they stay identical and the physical
// planner computes them once (see exec/shared_result.h). Apply finds the unions by
// pruning repeatedly in "collecting" mode until they stop growing.
struct SharedNeeds {
  std::map<std::string, int> occurrences;
  std::map<std::string, Names> needs;
  std::map<std::string, LogicalPlanPtr> built;
  bool collecting = true;
  bool grew = false;
};
thread_local SharedNeeds* shared_needs = nullptr;  // set by PruneColumns::Apply

arrow::Result<LogicalPlanPtr> PruneNode(const LogicalPlanPtr& plan, const Names& required);

arrow::Result<LogicalPlanPtr> Prune(const LogicalPlanPtr& plan, const Names& required) {
  if (!shared_needs || !ShareableSubplan(*plan)) return PruneNode(plan, required);
  const std::string key = PlanFingerprint(*plan);
  if (shared_needs->occurrences[key] < 2) return PruneNode(plan, required);
  Names& needs = shared_needs->needs[key];
  if (shared_needs->collecting) {
    for (const auto& name : required) shared_needs->grew |= needs.insert(name).second;
    return PruneNode(plan, needs);
  }
  auto built = shared_needs->built.find(key);
  if (built != shared_needs->built.end()) return built->second;
  ARROW_ASSIGN_OR_RAISE(auto pruned, PruneNode(plan, needs));
  shared_needs->built[key] = pruned;
  return pruned;
}

arrow::Result<LogicalPlanPtr> PruneNode(const LogicalPlanPtr& plan, const Names& required) {
  switch (plan->kind()) {
    case LogicalKind::kJoin:
      return PruneJoin(static_cast<const LogicalJoin&>(*plan), required);
    case LogicalKind::kWrite: {
      // Every input column is written.
      Names all;
      for (const auto& field : plan->children()[0]->schema()->fields()) all.insert(field->name());
      ARROW_ASSIGN_OR_RAISE(auto child, Prune(plan->children()[0], all));
      if (child == plan->children()[0]) return plan;
      return plan->WithChildren({child});
    }
    case LogicalKind::kAggregate:
      return PruneAggregate(static_cast<const LogicalAggregate&>(*plan), required);
    case LogicalKind::kProject:
      return PruneProject(static_cast<const LogicalProject&>(*plan), required);
    case LogicalKind::kSource:
      return PruneSource(static_cast<const LogicalSource&>(*plan), required);
    case LogicalKind::kFilter: {
      Names child_required = required;
      for (const auto& name :
           ReferencedColumns(static_cast<const LogicalFilter&>(*plan).predicate())) {
        child_required.insert(name);
      }
      ARROW_ASSIGN_OR_RAISE(auto child, Prune(plan->children()[0], child_required));
      if (child == plan->children()[0]) return plan;
      return plan->WithChildren({child});
    }
    case LogicalKind::kSort: {
      Names child_required = required;
      for (const auto& key : static_cast<const LogicalSort&>(*plan).keys()) {
        for (const auto& name : ReferencedColumns(key)) child_required.insert(name);
      }
      ARROW_ASSIGN_OR_RAISE(auto child, Prune(plan->children()[0], child_required));
      if (child == plan->children()[0]) return plan;
      return plan->WithChildren({child});
    }
    case LogicalKind::kConcat:
      return PruneConcat(*plan, required);
    case LogicalKind::kExplode: {
      const auto& explode = static_cast<const LogicalExplode&>(*plan);
      Names child_required = required;
      for (const auto& name : explode.columns()) child_required.insert(name);
      if (explode.index_column()) child_required.erase(*explode.index_column());
      ARROW_ASSIGN_OR_RAISE(auto child, Prune(plan->children()[0], child_required));
      if (child == plan->children()[0]) return plan;
      return plan->WithChildren({child});
    }
    case LogicalKind::kHammingJoin: {
      const auto& join = static_cast<const LogicalHammingJoin&>(*plan);
      std::vector<LogicalPlanPtr> children;
      bool changed = false;
      for (int side = 0; side < 2; ++side) {
        const auto& child = plan->children()[side];
        Names needed = {side == 0 ? join.left_key() : join.right_key()};
        for (const auto& name : required) {
          if (child->schema()->GetFieldIndex(name) >= 0) needed.insert(name);
        }
        ARROW_ASSIGN_OR_RAISE(auto pruned, Prune(child, needed));
        changed = changed || pruned != child;
        children.push_back(std::move(pruned));
      }
      if (!changed) return plan;
      return plan->WithChildren(std::move(children));
    }
    case LogicalKind::kUdfProject: {
      const auto& udf = static_cast<const LogicalUdfProject&>(*plan);
      Names child_required = required;
      child_required.erase(udf.output());
      for (const auto& name : ReferencedColumns(udf.udf())) child_required.insert(name);
      ARROW_ASSIGN_OR_RAISE(auto child, Prune(plan->children()[0], child_required));
      if (child == plan->children()[0]) return plan;
      return plan->WithChildren({child});
    }
    case LogicalKind::kRowNumber: {
      Names child_required = required;
      child_required.erase(static_cast<const LogicalRowNumber&>(*plan).column());
      ARROW_ASSIGN_OR_RAISE(auto child, Prune(plan->children()[0], child_required));
      if (child == plan->children()[0]) return plan;
      return plan->WithChildren({child});
    }
    case LogicalKind::kOffset:
    case LogicalKind::kSample:
    case LogicalKind::kLimit: {
      ARROW_ASSIGN_OR_RAISE(auto child, Prune(plan->children()[0], required));
      if (child == plan->children()[0]) return plan;
      return plan->WithChildren({child});
    }
  }
  return plan;
}

class PruneColumns final : public OptimizerRule {
 public:
  std::string name() const override { return "PruneColumns"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    Names all;
    for (const auto& field : plan->schema()->fields()) all.insert(field->name());
    SharedNeeds shared;
    shared.occurrences = CountShareableSubplans(*plan);
    bool repeated = false;
    for (const auto& [key, count] : shared.occurrences) repeated = repeated || count > 1;
    if (!repeated) return Prune(plan, all);
    shared_needs = &shared;
    struct Reset {
      ~Reset() { shared_needs = nullptr; }
    } reset;
    for (int pass = 0; pass < 8; ++pass) {
      shared.grew = false;
      ARROW_RETURN_NOT_OK(Prune(plan, all).status());
      if (!shared.grew) break;
    }
    shared.collecting = false;
    ARROW_ASSIGN_OR_RAISE(auto pruned, Prune(plan, all));
    // A shared subplan may carry columns one use does not need up to the root: keep
    // the root's columns as they were.
    if (pruned->schema()->Equals(*plan->schema(), /*check_metadata=*/false)) return pruned;
    std::vector<ExprPtr> columns;
    for (const auto& field : plan->schema()->fields()) columns.push_back(Col(field->name()));
    return LogicalProject::Make(pruned, std::move(columns));
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakePruneColumnsRule() { return std::make_unique<PruneColumns>(); }

}  // namespace skipjack
