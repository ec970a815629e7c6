// File: optimizer.h
//
// Rule-based logical optimization: the rules of rules.h, run as one batch until the
// plan stops changing.

#pragma once

#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// Returns an equivalent plan that reads, computes and moves less.
arrow::Result<LogicalPlanPtr> Optimize(const LogicalPlanPtr& plan);

}  // namespace skipjack
