// File: physical_limit.h

#pragma once

#include "skipjack/exec/physical_operator.h"

namespace skipjack {

/// Passes the first `limit` rows in order, then reports itself finished so that all
/// upstream work stops.
class PhysicalLimit final : public StreamingSinkOperator {
 public:
  PhysicalLimit(PhysicalOperatorPtr input, int64_t limit);

  std::string name() const override { return "Limit"; }
  std::string Summary() const override { return std::to_string(limit_); }
  /// Counting rows in order needs a single worker.
  int MaxConcurrency(const ExecutionConfig&) const override { return 1; }
  arrow::Result<std::unique_ptr<OperatorState>> MakeState(const TaskContext&) const override;
  arrow::Result<Output> Sink(Morsel input, OperatorState* state,
                             const TaskContext& ctx) const override;

 private:
  int64_t limit_;
};

}  // namespace skipjack
