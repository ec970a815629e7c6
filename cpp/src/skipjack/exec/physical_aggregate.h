// File: physical_aggregate.h

#pragma once

#include "skipjack/exec/physical_operator.h"
#include "skipjack/expr/bound_expr.h"
#include "skipjack/functions/aggregate/aggregate_function.h"

namespace skipjack {

/// Hash aggregation in two phases. Each worker groups its morsels into its own state,
/// split by key hash into partitions; Finalize merges the workers' states partition by
/// partition, in parallel, and emits one batch per partition. Without group keys it is
/// a global aggregation (one group, one partition) that always emits one row.
class PhysicalAggregate final : public BlockingSinkOperator {
 public:
  struct Aggregation {
    BoundExprPtr input;  ///< null for count(*)
    BoundAggregatePtr function;
  };

  PhysicalAggregate(PhysicalOperatorPtr input, std::shared_ptr<arrow::Schema> output_schema,
                    std::vector<BoundExprPtr> keys, std::vector<Aggregation> aggregations,
                    std::vector<std::string> display, int num_partitions);

  std::string name() const override { return keys_.empty() ? "Aggregate" : "Grouped Aggregate"; }
  std::string Summary() const override;
  std::vector<std::string> Details() const override;

  arrow::Result<std::unique_ptr<OperatorState>> MakeState(const TaskContext& ctx) const override;
  arrow::Status Sink(Morsel input, OperatorState* state, const TaskContext& ctx) const override;
  arrow::Result<std::unique_ptr<MorselReader>> Finalize(
      std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx,
      const MorselSize& morsel_size) const override;

  /// Partitions per worker state: one without keys, else enough to merge in parallel.
  static int PartitionsFor(size_t num_keys, const ExecutionConfig& config);

 private:
  std::vector<BoundExprPtr> keys_;
  std::vector<Aggregation> aggregations_;
  std::vector<std::string> display_;
  int num_partitions_;
};

}  // namespace skipjack
