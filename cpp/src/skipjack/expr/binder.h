// File: binder.h
//
// Type resolution: binds an Expr to an input schema. Every error names the expression
// and what was found, e.g.
//   TypeError: '+' expects numeric arguments, got (Int64, List[Int64]) in expression
//   col(a) + col(tags)
// Plans bind eagerly when they are built, so mistakes surface before anything runs.

#pragma once

#include <memory>
#include <string>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "skipjack/expr/bound_expr.h"
#include "skipjack/expr/expr.h"

namespace skipjack {

/// Binds `expr` against `schema`. KeyError (ColumnNotFound) for unknown columns, with
/// suggestions; TypeError for type mismatches.
arrow::Result<BoundExprPtr> Bind(const ExprPtr& expr, const arrow::Schema& schema);

/// The output field `expr` produces on `schema`: its name (OutputName) and type.
arrow::Result<std::shared_ptr<arrow::Field>> ResolveField(const ExprPtr& expr,
                                                          const arrow::Schema& schema);

/// The column name an expression produces: an alias, the column it reads, "literal",
/// or for a call the name of its naming argument (the first one, as Daft).
std::string OutputName(const Expr& expr);

/// Renders `expr` with column references as positions in `schema`: "col(0: a) + lit(1)",
/// as physical plans print them.
std::string ToIndexedString(const ExprPtr& expr, const arrow::Schema& schema);

}  // namespace skipjack
