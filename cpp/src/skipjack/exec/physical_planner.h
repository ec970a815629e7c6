// File: physical_planner.h
//
// Turns an (optimized) logical plan into physical operators: one `case` per logical
// node kind, binding every expression to its input schema.

#pragma once

#include "skipjack/common/execution_config.h"
#include "skipjack/exec/physical_operator.h"
#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// `config` shapes choices such as the number of aggregation partitions.
arrow::Result<PhysicalOperatorPtr> PlanPhysical(const LogicalPlanPtr& plan,
                                                const ExecutionConfig& config = {});

}  // namespace skipjack
