// File: gather_strings.h
//
// Gathering strings by row number: decoding a dictionary-encoded column (the Parquet
// reader's low-cardinality strings) or taking a join's build-side strings for its
// output rows. Arrow's Take copies value by value with a length-dependent copy each;
// here values up to 16 bytes are copied as one word, and values of one length (flags,
// codes) need no per-value lengths at all.

#pragma once

#include <memory>
#include <optional>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

/// The strings of `values` (string or binary, without nulls) at `indices` (int32; a
/// null index gives a null row and may hold any number), as an array of `values`'
/// type; nothing when the arrays are not such (or the strings would not fit 32-bit
/// offsets). Invalid on an index outside `values`. Costs time in the number of indices,
/// not of values.
std::optional<arrow::Result<std::shared_ptr<arrow::Array>>> GatherStrings(
    const std::shared_ptr<arrow::Array>& values, const arrow::Array& indices,
    arrow::MemoryPool* pool);

}  // namespace skipjack
