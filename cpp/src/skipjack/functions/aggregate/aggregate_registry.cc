#include "skipjack/functions/aggregate/aggregate_function.h"

#include "skipjack/common/did_you_mean.h"
#include "skipjack/functions/aggregate/aggregate_internal.h"

namespace skipjack {

arrow::Status AggregateRegistry::Add(AggregateFunctionPtr function) {
  const std::string name = function->name();
  if (!functions_.emplace(name, std::move(function)).second) {
    return arrow::Status::Invalid("Aggregation '", name, "' is registered twice");
  }
  return arrow::Status::OK();
}

arrow::Result<AggregateFunctionPtr> AggregateRegistry::Find(const std::string& name) const {
  auto it = functions_.find(name);
  if (it != functions_.end()) return it->second;
  return arrow::Status::KeyError("Unknown aggregation '", name, "'.", DidYouMean(name, Names()));
}

std::vector<std::string> AggregateRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, function] : functions_) names.push_back(name);
  return names;
}

const AggregateRegistry* GetAggregateRegistry() {
  static const AggregateRegistry* registry = [] {
    auto* built = new AggregateRegistry();
    internal::RegisterSumAggregates(built);
    internal::RegisterCountAggregates(built);
    internal::RegisterMinMaxAggregates(built);
    internal::RegisterMomentAggregates(built);
    internal::RegisterCollectAggregates(built);
    return built;
  }();
  return registry;
}

}  // namespace skipjack
