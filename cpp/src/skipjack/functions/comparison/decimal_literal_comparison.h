// File: decimal_literal_comparison.h
//
// Comparisons of a Decimal128 column of precision <= 18 with a number literal, the
// common filter of analytical queries (`price < 24`, `discount >= 0.05`). At bind time
// the literal becomes a range of the column's unscaled integers, which every value is
// then checked against as an int64: no cast of the column, no 128-bit arithmetic.
// The range is found by binary search over the same comparison the generic path
// makes (Arrow's decimal-to-double conversion against a float literal, exact rational
// comparison against integers and decimals), so both paths agree on every value.

#pragma once

#include <string>

#include "skipjack/functions/function.h"

namespace skipjack::internal {

/// The fast form of `column <op> literal` (or `literal <op> column` when
/// `literal_first`), op one of equal, not_equal, less, less_equal, greater,
/// greater_equal; null when it does not apply (other types, a literal out of range).
/// `generic` runs any call the fast form cannot take (a scalar column at run time).
BoundFunctionPtr BindDecimalLiteralComparison(const std::string& op, const ArgInfo& column,
                                              const ArgInfo& literal, bool literal_first,
                                              BoundFunctionPtr generic);

/// The fast form of `between(column, low, high)` with literal bounds, or null.
BoundFunctionPtr BindDecimalLiteralBetween(const ArgInfo& column, const ArgInfo& low,
                                           const ArgInfo& high, BoundFunctionPtr generic);

}  // namespace skipjack::internal
