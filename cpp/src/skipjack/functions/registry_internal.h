// Registration entry points of the function families, called once by registry.cc.
// A new family adds one declaration here and one call in registry.cc.

#pragma once

#include <arrow/util/logging.h>

#include "skipjack/functions/registry.h"

namespace skipjack::internal {

void RegisterArithmeticFunctions(FunctionRegistry* registry);
void RegisterComparisonFunctions(FunctionRegistry* registry);
void RegisterBooleanFunctions(FunctionRegistry* registry);
void RegisterNullFunctions(FunctionRegistry* registry);
void RegisterConditionalFunctions(FunctionRegistry* registry);
void RegisterStringFunctions(FunctionRegistry* registry);
void RegisterMathFunctions(FunctionRegistry* registry);
void RegisterSubstringFunctions(FunctionRegistry* registry);
void RegisterTemporalFunctions(FunctionRegistry* registry);
void RegisterStructFunctions(FunctionRegistry* registry);
void RegisterImageFunctions(FunctionRegistry* registry);
void RegisterImageHashFunctions(FunctionRegistry* registry);
void RegisterBinaryFunctions(FunctionRegistry* registry);
void RegisterFileFunctions(FunctionRegistry* registry);

}  // namespace skipjack::internal
