// File: statistics_pruning.h
//
// Deciding from column statistics (Parquet row-group min/max/null counts, or the one
// value of a hive partition column) that no row of a file or row group can pass a
// pushed-down filter, so the scan skips it without reading it.

#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <arrow/type_fwd.h>

#include "skipjack/expr/expr.h"

namespace skipjack {

/// What is known about one column over some rows. A missing min/max means unknown.
struct ColumnStatistics {
  std::shared_ptr<arrow::Scalar> min;
  std::shared_ptr<arrow::Scalar> max;
  int64_t null_count = -1;  ///< -1: unknown
  int64_t num_rows = -1;
};

/// Statistics of a column by name, or nullopt when nothing is known about it.
using StatisticsLookup = std::function<std::optional<ColumnStatistics>(const std::string&)>;

/// False only when no row described by `lookup` can satisfy `predicate`. Understands
/// and/or, comparisons of a column with a literal, between, is_in, is_null and
/// not_null; anything else may match.
bool MayMatch(const ExprPtr& predicate, const StatisticsLookup& lookup);

}  // namespace skipjack
