// File: pattern_loops.h
//
// Row loops for string functions whose pattern is a column rather than a literal
// (Daft allows `col("s").contains(col("p"))`). Literal patterns use Arrow's kernels.

#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <arrow/compute/type_fwd.h>
#include <arrow/datum.h>
#include <arrow/result.h>

namespace skipjack::internal {

/// Evaluates `predicate(text, pattern)` row by row; null in either gives null.
arrow::Result<arrow::Datum> StringPredicateLoop(
    const arrow::Datum& text, const arrow::Datum& pattern,
    const std::function<bool(std::string_view, std::string_view)>& predicate,
    arrow::compute::ExecContext* ctx);

/// Replaces every occurrence of `pattern` by `replacement`, all three per row.
arrow::Result<arrow::Datum> ReplaceLoop(const arrow::Datum& text, const arrow::Datum& pattern,
                                        const arrow::Datum& replacement,
                                        arrow::compute::ExecContext* ctx);

/// Splits each text on its row's pattern into a List[String].
arrow::Result<arrow::Datum> SplitLoop(const arrow::Datum& text, const arrow::Datum& pattern,
                                      arrow::compute::ExecContext* ctx);

}  // namespace skipjack::internal
