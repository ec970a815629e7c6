// File: expr_rewrite.h
//
// Tree walks the optimizer needs: which columns an expression reads, and rewriting the
// column references of an expression (substitution through projections).

#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "skipjack/expr/expr.h"

namespace skipjack {

/// Column names `expr` reads, in first-use order, without duplicates.
std::vector<std::string> ReferencedColumns(const ExprPtr& expr);

/// Rebuilds `expr`, replacing each column reference by `replace(column)`.
ExprPtr TransformColumns(const ExprPtr& expr,
                         const std::function<ExprPtr(const ColumnExpr&)>& replace);

/// Replaces column references found in `definitions` by their (alias-stripped)
/// definition. Columns not in the map stay as they are.
ExprPtr SubstituteColumns(const ExprPtr& expr, const std::map<std::string, ExprPtr>& definitions);

/// `expr` without a top-level alias.
ExprPtr StripAlias(const ExprPtr& expr);

/// The name `expr` refers to if it is a bare column reference, else null.
const std::string* ColumnNameOf(const ExprPtr& expr);

/// Splits a conjunction `a & b & c` into {a, b, c}.
std::vector<ExprPtr> SplitConjunction(const ExprPtr& predicate);

/// Splits a disjunction `a | b | c` into {a, b, c}.
std::vector<ExprPtr> SplitDisjunction(const ExprPtr& predicate);

/// Joins predicates with `&` (left-deep); the input must not be empty.
ExprPtr JoinConjunction(const std::vector<ExprPtr>& predicates);

}  // namespace skipjack
