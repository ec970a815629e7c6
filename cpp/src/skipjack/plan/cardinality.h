// File: cardinality.h
//
// Rough row-count estimates for logical plans, from source statistics and fixed
// selectivities. The planner uses them for choices that need only an order of
// magnitude, such as which side of a join to build a hash table on.

#pragma once

#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// Estimated rows `plan` produces, or -1 when nothing is known about its sources.
double EstimateRows(const LogicalPlan& plan);

}  // namespace skipjack
