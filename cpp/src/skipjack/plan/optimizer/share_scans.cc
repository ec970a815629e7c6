// Scans of one file source that differ only in what the optimizer pushed into them
// become one scan. A DataFrame used twice, once filtered further (q22's customers, and
// their average balance over those with a positive one), is otherwise read twice: the
// pushdowns make the two uses' scans different, so nothing recognizes them as the same.
// When one use's pushed filter is part of every other's, all uses read one scan with
// that filter and the union of their columns, each with its own remaining conjuncts
// and columns above it; the physical planner then computes the scan once and keeps
// its rows in memory, which is why only small results are shared.

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/logical_source.h"
#include "skipjack/plan/optimizer/rules.h"
#include "skipjack/plan/plan_fingerprint.h"

namespace skipjack {
namespace {

using Conjuncts = std::map<std::string, ExprPtr>;  // by their text

Conjuncts ConjunctsOf(const LogicalSource& source) {
  Conjuncts out;
  if (!source.pushdowns().filter) return out;
  for (const auto& conjunct : SplitConjunction(source.pushdowns().filter)) {
    out.emplace(conjunct->ToString(), conjunct);
  }
  return out;
}

bool Contains(const Conjuncts& all, const Conjuncts& part) {
  return std::all_of(part.begin(), part.end(),
                     [&](const auto& entry) { return all.count(entry.first) > 0; });
}

std::vector<std::string> ColumnNames(const LogicalPlan& plan) {
  std::vector<std::string> names;
  for (const auto& field : plan.schema()->fields()) names.push_back(field->name());
  return names;
}

void CollectScans(const LogicalPlanPtr& plan,
                  std::map<const SourceInfo*, std::vector<const LogicalSource*>>* scans,
                  std::set<const LogicalPlan*>* seen) {
  if (!seen->insert(plan.get()).second) return;
  if (plan->kind() == LogicalKind::kSource) {
    const auto& source = static_cast<const LogicalSource&>(*plan);
    if (source.info()->kind() == SourceKind::kFile && !source.pushdowns().limit) {
      (*scans)[source.info().get()].push_back(&source);
    }
  }
  for (const auto& child : plan->children()) CollectScans(child, scans, seen);
}

// The replacement of each scan in `uses` reading one shared scan, or nothing when no
// use's filter is part of every other's or the shared scan would be large.
arrow::Result<std::map<const LogicalPlan*, LogicalPlanPtr>> ShareOneSource(
    const std::vector<const LogicalSource*>& uses) {
  std::vector<Conjuncts> conjuncts;
  for (const auto* use : uses) conjuncts.push_back(ConjunctsOf(*use));
  const LogicalSource* weakest = nullptr;
  for (size_t i = 0; i < uses.size() && !weakest; ++i) {
    bool in_all = true;
    for (size_t j = 0; j < uses.size(); ++j) in_all = in_all && Contains(conjuncts[j], conjuncts[i]);
    if (in_all) weakest = uses[i];
  }
  if (!weakest) return std::map<const LogicalPlan*, LogicalPlanPtr>{};
  // Every use's columns (and those its remaining conjuncts read), in source order.
  std::set<std::string> wanted;
  for (size_t i = 0; i < uses.size(); ++i) {
    for (const auto& name : ColumnNames(*uses[i])) wanted.insert(name);
    for (const auto& [text, conjunct] : conjuncts[i]) {
      for (const auto& name : ReferencedColumns(conjunct)) wanted.insert(name);
    }
  }
  Pushdowns pushdowns;
  pushdowns.columns.emplace();
  for (const auto& field : weakest->info()->schema()->fields()) {
    if (wanted.count(field->name())) pushdowns.columns->push_back(field->name());
  }
  pushdowns.filter = weakest->pushdowns().filter;
  ARROW_ASSIGN_OR_RAISE(auto shared, LogicalSource::Make(weakest->info(), std::move(pushdowns)));
  if (!SharedWhenRepeated(*shared)) return std::map<const LogicalPlan*, LogicalPlanPtr>{};

  const Conjuncts common = ConjunctsOf(static_cast<const LogicalSource&>(*shared));
  std::map<const LogicalPlan*, LogicalPlanPtr> replacements;
  for (size_t i = 0; i < uses.size(); ++i) {
    LogicalPlanPtr replacement = shared;
    std::vector<ExprPtr> remaining;
    for (const auto& [text, conjunct] : conjuncts[i]) {
      if (!common.count(text)) remaining.push_back(conjunct);
    }
    if (!remaining.empty()) {
      ARROW_ASSIGN_OR_RAISE(replacement, LogicalFilter::Make(replacement, JoinConjunction(remaining)));
    }
    const auto names = ColumnNames(*uses[i]);
    if (names != ColumnNames(*shared)) {
      std::vector<ExprPtr> columns;
      for (const auto& name : names) columns.push_back(Col(name));
      ARROW_ASSIGN_OR_RAISE(replacement, LogicalProject::Make(replacement, std::move(columns)));
    }
    replacements[uses[i]] = replacement;
  }
  return replacements;
}

class ShareScans final : public OptimizerRule {
 public:
  std::string name() const override { return "ShareScans"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    std::map<const SourceInfo*, std::vector<const LogicalSource*>> scans;
    std::set<const LogicalPlan*> seen;
    CollectScans(plan, &scans, &seen);
    std::map<const LogicalPlan*, LogicalPlanPtr> replacements;
    for (const auto& [info, uses] : scans) {
      std::set<std::string> distinct;
      for (const auto* use : uses) distinct.insert(PlanFingerprint(*use));
      if (distinct.size() < 2) continue;  // the same scan already, shared as it is
      ARROW_ASSIGN_OR_RAISE(auto shared, ShareOneSource(uses));
      replacements.merge(shared);
    }
    if (replacements.empty()) return plan;
    return TransformUp(plan, [&](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
      auto found = replacements.find(node.get());
      return found == replacements.end() ? node : found->second;
    });
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeShareScansRule() { return std::make_unique<ShareScans>(); }

}  // namespace skipjack
