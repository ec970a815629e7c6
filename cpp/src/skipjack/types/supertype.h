// File: supertype.h
//
// The common type two values are converted to when an operation mixes types
// (if_else branches, fill_null, comparisons, is_in). Follows Daft/Polars: ints widen,
// int with float gives a float, Null gives way to anything, strings of either offset
// width become the wider one. Decimals with integers stay decimal (with digits for
// both, at most 38); decimals with floats give Float64.

#pragma once

#include <memory>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

/// Returns the common supertype of `a` and `b`, or TypeError naming both.
arrow::Result<std::shared_ptr<arrow::DataType>> CommonSupertype(
    const std::shared_ptr<arrow::DataType>& a, const std::shared_ptr<arrow::DataType>& b);

bool IsNumericType(const arrow::DataType& type);   ///< ints and floats
bool IsIntegerType(const arrow::DataType& type);
bool IsFloatingType(const arrow::DataType& type);
bool IsDecimalType(const arrow::DataType& type);   ///< Decimal128
bool IsStringType(const arrow::DataType& type);    ///< utf8, large_utf8, string_view
bool IsBinaryType(const arrow::DataType& type);    ///< binary, large_binary, binary_view
bool IsTemporalType(const arrow::DataType& type);  ///< date, time, timestamp, duration

}  // namespace skipjack
