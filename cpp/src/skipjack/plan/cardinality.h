// File: cardinality.h
//
// Rough row-count estimates for logical plans, from source statistics and fixed
// selectivities. The planner uses them for choices that need only an order of
// magnitude, such as which side of a join to build a hash table on. Filters keep the
// share filter_selectivity.h guesses from their shape.

#pragma once

#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// Estimated rows `plan` produces, or -1 when nothing is known about its sources.
double EstimateRows(const LogicalPlan& plan);

/// Estimated distinct values of output column `column` of `plan`: what the source
/// knows of its range (see SourceInfo::DistinctUpperBound), at most the estimated
/// rows; the estimated rows when nothing else is known; -1 if those are unknown.
double EstimateDistinct(const LogicalPlan& plan, const std::string& column);

/// Estimated rows of an equi-join of inputs with `left_rows` and `right_rows` rows,
/// whose most selective key pair has `left_distinct` and `right_distinct` values:
/// left * right / max(distinct), the textbook formula.
double EstimateJoinRows(double left_rows, double right_rows, double left_distinct,
                        double right_distinct);

}  // namespace skipjack
