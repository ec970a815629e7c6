// File: physical_sort.h

#pragma once

#include <optional>
#include <vector>

#include <arrow/compute/ordering.h>

#include "skipjack/exec/physical_operator.h"
#include "skipjack/exec/row_comparator.h"
#include "skipjack/expr/bound_expr.h"

namespace skipjack {

/// Sorts in parallel runs plus a merge: every worker sorts what it received into sorted
/// runs (a run whenever its buffer grows past a threshold), and Finalize k-way merges
/// all runs. Ties keep their input order (stable). With a limit it is a top-N: each
/// worker keeps only its best `limit` rows, so memory is bounded by the limit.
class PhysicalSort final : public BlockingSinkOperator {
 public:
  PhysicalSort(PhysicalOperatorPtr input, std::vector<BoundExprPtr> keys,
               std::vector<SortKeyOrder> orders, std::vector<std::string> display,
               std::optional<int64_t> limit);

  std::string name() const override { return limit_ ? "TopN" : "Sort"; }
  std::string Summary() const override;
  std::vector<std::string> Details() const override;

  arrow::Result<std::unique_ptr<OperatorState>> MakeState(const TaskContext& ctx) const override;
  arrow::Status Sink(Morsel input, OperatorState* state, const TaskContext& ctx) const override;
  arrow::Result<std::unique_ptr<MorselReader>> Finalize(
      std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx,
      const MorselSize& morsel_size) const override;

  /// Sorts `batches` (data columns, then keys, then the position column) into one run,
  /// keeping only the first `limit` rows if set.
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> SortRun(
      const std::vector<std::shared_ptr<arrow::RecordBatch>>& batches,
      arrow::compute::ExecContext* exec) const;

  int num_data_columns() const { return output_schema()->num_fields(); }
  size_t num_keys() const { return keys_.size(); }
  const std::vector<SortKeyOrder>& orders() const { return orders_; }
  const std::optional<int64_t>& limit() const { return limit_; }

 private:
  /// The sort keys of an extended batch: the key columns, then the position column.
  std::vector<arrow::compute::SortKey> SortKeys() const;
  /// A top-N's best `limit` rows of an extended batch, in no particular order.
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> BestRows(
      const std::shared_ptr<arrow::RecordBatch>& batch, arrow::compute::ExecContext* exec) const;

  std::vector<BoundExprPtr> keys_;
  std::vector<SortKeyOrder> orders_;
  std::vector<std::string> display_;
  std::optional<int64_t> limit_;
};

}  // namespace skipjack
