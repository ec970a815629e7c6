// File: optimizer_rule.h
//
// A rule rewrites a logical plan into an equivalent, cheaper one. Rules are small and
// independent (one per file); the optimizer runs them in batches to a fixed point.
// A rule returns the same pointer when it has nothing to change.

#pragma once

#include <functional>
#include <string>

#include "skipjack/plan/logical_plan.h"

namespace skipjack {

class OptimizerRule {
 public:
  virtual ~OptimizerRule() = default;
  virtual std::string name() const = 0;
  virtual arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const = 0;
};

/// Rebuilds `plan` bottom-up, calling `rewrite` on every node after its children.
arrow::Result<LogicalPlanPtr> TransformUp(
    const LogicalPlanPtr& plan,
    const std::function<arrow::Result<LogicalPlanPtr>(const LogicalPlanPtr&)>& rewrite);

}  // namespace skipjack
