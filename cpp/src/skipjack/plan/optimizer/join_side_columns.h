// File: join_side_columns.h
//
// Which of a join's output columns a predicate may read below the join, on each side.

#pragma once

#include <map>
#include <string>

#include "skipjack/expr/expr.h"
#include "skipjack/plan/logical_join.h"

namespace skipjack {

/// Output column name -> the same values as a column of one input, for each side whose
/// rows the join keeps as they are (the preserved side of an outer join, both sides of
/// an inner or cross join; the left side of semi and anti joins). A merged key counts
/// for both sides when its keys have one type.
struct JoinSideColumns {
  std::map<std::string, ExprPtr> left, right;

  static arrow::Result<JoinSideColumns> Of(const LogicalJoin& join);

  /// Whether `predicate` reads only columns of `side`.
  static bool ReadsOnly(const ExprPtr& predicate, const std::map<std::string, ExprPtr>& side);
};

}  // namespace skipjack
