// File: physical_aggregate.h

#pragma once

#include <arrow/type.h>

#include "skipjack/exec/physical_operator.h"
#include "skipjack/expr/bound_expr.h"
#include "skipjack/functions/aggregate/aggregate_function.h"

namespace skipjack {

/// Hash aggregation in two phases. Each worker groups its morsels into its own table of
/// groups (partial aggregation), starting a new table whenever one holds kFlushGroups
/// groups (tables that fit the caches). Finalize splits every table's groups by key hash into
/// partitions and merges each partition across workers in its own task, in parallel,
/// emitting one batch per partition; few groups merge in one task. Tables whose one
/// integer key arrives in order (data sorted or clustered by it) merge by key ranges
/// instead, without hashing. Without group keys
/// it is a global aggregation (one group) that always emits one row.
///
/// Partitions are what a memory budget will spill: a worker's groups of one partition
/// can be written out and merged later without changing the operator's phases.
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

  /// Partitions of the final merge: one without keys, else enough to merge in parallel.
  static int PartitionsFor(size_t num_keys, const ExecutionConfig& config);

  size_t num_aggregations() const { return aggregations_.size(); }
  /// A fresh accumulator for aggregation `index`.
  std::unique_ptr<GroupedAccumulator> NewAccumulator(size_t index, arrow::MemoryPool* pool) const {
    return aggregations_[index].function->MakeAccumulator(pool);
  }

  /// The key columns' types: partial tables and their merge group by these.
  std::vector<std::shared_ptr<arrow::DataType>> KeyTypes() const;

  /// Below this many groups in all, the final merge runs as one task. Low, because a
  /// merge of wide string keys is slow per group: q10's 55k customer groups took 43 ms
  /// on one core while the others waited.
  static constexpr int64_t kParallelMergeGroups = 1 << 13;
  /// A worker's table is set aside for the final merge at this many groups.
  static constexpr uint32_t kFlushGroups = 1 << 17;
  /// The final merge aims at partitions of about this many groups, at most this many.
  static constexpr int64_t kMergePartitionGroups = 1 << 18;
  static constexpr int64_t kMaxMergePartitions = 64;
  /// Tables whose single integer key ascends in stretches of this many groups or more
  /// (on average) merge in key order, without hashing (ordered_group_merge.h).
  static constexpr int64_t kMinOrderedStretch = 1 << 10;
  /// A worker whose full table has more groups per row than this stops grouping and
  /// passes rows through to the final merge.
  static constexpr double kPassThroughRatio = 0.5;

 private:
  std::vector<BoundExprPtr> keys_;
  std::vector<Aggregation> aggregations_;
  std::vector<std::string> display_;
  int num_partitions_;
};

}  // namespace skipjack
