// File: decimal_arithmetic.h
//
// + - * on decimals (and decimals with integers), with SQL's result types capped at 38
// digits: a + b keeps the larger scale and one more integer digit; a * b adds the
// scales. Values that do not fit the result are an error, never wrapped or nulled.

#pragma once

#include "skipjack/functions/function.h"

namespace skipjack {

/// True when `args` are two numbers at least one of which is a decimal (and neither a
/// float: those go to Float64 arithmetic).
bool IsDecimalArithmetic(const std::vector<ArgInfo>& args);

/// Binds "add", "subtract" or "multiply" on decimal arguments.
arrow::Result<BoundFunctionPtr> BindDecimalArithmetic(const std::string& op,
                                                      const std::vector<ArgInfo>& args);

}  // namespace skipjack
