#include "skipjack/functions/registry.h"

#include "skipjack/common/did_you_mean.h"
#include "skipjack/functions/registry_internal.h"

namespace skipjack {

arrow::Status FunctionRegistry::Add(ScalarFunctionPtr function) {
  const std::string name = function->name();
  if (!functions_.emplace(name, std::move(function)).second) {
    return arrow::Status::Invalid("Function '", name, "' is registered twice");
  }
  return arrow::Status::OK();
}

arrow::Result<ScalarFunctionPtr> FunctionRegistry::Find(const std::string& name) const {
  auto it = functions_.find(name);
  if (it != functions_.end()) return it->second;
  return arrow::Status::KeyError("Unknown function '", name, "'.",
                                 DidYouMean(name, Names()));
}

std::vector<std::string> FunctionRegistry::Names() const {
  std::vector<std::string> names;
  names.reserve(functions_.size());
  for (const auto& [name, function] : functions_) names.push_back(name);
  return names;
}

const FunctionRegistry* GetFunctionRegistry() {
  static const FunctionRegistry* registry = [] {
    auto* built = new FunctionRegistry();
    internal::RegisterArithmeticFunctions(built);
    internal::RegisterComparisonFunctions(built);
    internal::RegisterBooleanFunctions(built);
    internal::RegisterNullFunctions(built);
    internal::RegisterConditionalFunctions(built);
    internal::RegisterStringFunctions(built);
    internal::RegisterMathFunctions(built);
    internal::RegisterSubstringFunctions(built);
    internal::RegisterTemporalFunctions(built);
    internal::RegisterStructFunctions(built);
    internal::RegisterImageFunctions(built);
    internal::RegisterImageHashFunctions(built);
    internal::RegisterBinaryFunctions(built);
    internal::RegisterFileFunctions(built);
    return built;
  }();
  return registry;
}

}  // namespace skipjack
