// File: spread_booleans.h
//
// A predicate on a dictionary-encoded column is evaluated once per distinct value;
// each row then takes its value's result. Arrow's Take on booleans reads and writes
// bit by bit with bounds and validity checks per row; here a byte per value is looked
// up and eight rows are packed into a byte at a time.

#pragma once

#include <memory>
#include <optional>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

/// per_value[indices[i]] for every row i: `per_value` a boolean array (nulls give
/// null rows), `indices` int32 without nulls. Nothing when the arrays are not such.
/// Invalid on an index outside `per_value`.
std::optional<arrow::Result<std::shared_ptr<arrow::Array>>> SpreadBooleans(
    const arrow::Array& per_value, const arrow::Array& indices, arrow::MemoryPool* pool);

}  // namespace skipjack
