// File: filter_selectivity.h
//
// The share of rows a filter keeps, guessed from the predicate's shape alone, as
// optimizers do without histograms: an equality keeps few rows, a range a third, a
// conjunction the product of its parts. Join ordering needs only the order of
// magnitude: "p_type = 'ECONOMY ANODIZED STEEL'" must look far more selective than a
// two-year date range.

#pragma once

#include "skipjack/expr/expr.h"

namespace skipjack {

/// Estimated fraction of rows for which `predicate` is true, in (0, 1].
double EstimateSelectivity(const ExprPtr& predicate);

}  // namespace skipjack
