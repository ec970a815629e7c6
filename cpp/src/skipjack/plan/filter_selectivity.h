// File: filter_selectivity.h
//
// The share of rows a filter keeps, guessed from the predicate's shape alone, as
// optimizers do without histograms: an equality keeps few rows, a range a third, a
// conjunction the product of its parts. Join ordering needs only the order of
// magnitude: "p_type = 'ECONOMY ANODIZED STEEL'" must look far more selective than a
// two-year date range.

#pragma once

#include <functional>
#include <optional>
#include <string>

#include "skipjack/expr/expr.h"
#include "skipjack/plan/source_info.h"

namespace skipjack {

/// A column's value bounds where known (see SourceInfo::Bounds).
using BoundsOf = std::function<std::optional<ValueBounds>(const std::string& column)>;

/// Estimated fraction of rows for which `predicate` is true, in (0, 1]. With
/// `bounds_of`, comparisons of an integer or date column with a constant keep the
/// share of the column's [min, max] they select (the ranges of a conjunction on one
/// column intersected first), as if values were spread evenly: a quarter's dates out
/// of seven years are 4% of the rows, not a ninth.
double EstimateSelectivity(const ExprPtr& predicate, const BoundsOf& bounds_of = nullptr);

}  // namespace skipjack
