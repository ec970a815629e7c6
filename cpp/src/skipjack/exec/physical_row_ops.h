// File: physical_row_ops.h
//
// Physical operators for offset, concat, explode, sample and row numbering.

#pragma once

#include <optional>

#include "skipjack/exec/physical_operator.h"

namespace skipjack {

/// Skips the first rows, in input order.
class PhysicalOffset final : public StreamingSinkOperator {
 public:
  PhysicalOffset(PhysicalOperatorPtr input, int64_t offset);
  std::string name() const override { return "Offset"; }
  std::string Summary() const override { return std::to_string(offset_); }
  int MaxConcurrency(const ExecutionConfig&) const override { return 1; }
  arrow::Result<std::unique_ptr<OperatorState>> MakeState(const TaskContext&) const override;
  arrow::Result<Output> Sink(Morsel input, OperatorState* state,
                             const TaskContext& ctx) const override;

 private:
  int64_t offset_;
};

/// Passes the morsels of its inputs through, all of the first input, then the second,
/// and so on (the executor reads a node's inputs in turn).
class PhysicalConcat final : public IntermediateOperator {
 public:
  PhysicalConcat(std::vector<PhysicalOperatorPtr> inputs, std::shared_ptr<arrow::Schema> schema);
  std::string name() const override { return "Concat"; }
  arrow::Result<std::vector<Morsel>> Execute(Morsel input, OperatorState* state,
                                             const TaskContext& ctx) const override;
};

class PhysicalExplode final : public IntermediateOperator {
 public:
  PhysicalExplode(PhysicalOperatorPtr input, std::shared_ptr<arrow::Schema> schema,
                  std::vector<int> columns, bool with_index, bool ignore_empty_and_null);
  std::string name() const override { return "Explode"; }
  std::vector<std::string> Details() const override;
  arrow::Result<std::vector<Morsel>> Execute(Morsel input, OperatorState* state,
                                             const TaskContext& ctx) const override;

 private:
  std::vector<int> columns_;  ///< input columns of lists
  bool with_index_;
  bool ignore_empty_and_null_;
};

/// Keeps each row with probability `fraction` (with replacement: a Poisson number of
/// copies). Randomness comes from the seed and the morsel's position, so a run with
/// the same seed and configuration gives the same sample.
class PhysicalSampleFraction final : public IntermediateOperator {
 public:
  PhysicalSampleFraction(PhysicalOperatorPtr input, double fraction, bool with_replacement,
                         uint64_t seed);
  std::string name() const override { return "Sample"; }
  std::string Summary() const override;
  arrow::Result<std::vector<Morsel>> Execute(Morsel input, OperatorState* state,
                                             const TaskContext& ctx) const override;

 private:
  double fraction_;
  bool with_replacement_;
  uint64_t seed_;
};

/// Exactly `size` rows (or all, if fewer): every row gets a random key and the rows
/// with the `size` smallest keys are kept (a reservoir per worker, merged at the end).
/// With replacement, `size` rows are drawn uniformly from all rows.
class PhysicalSampleSize final : public BlockingSinkOperator {
 public:
  PhysicalSampleSize(PhysicalOperatorPtr input, int64_t size, bool with_replacement,
                     uint64_t seed);
  std::string name() const override { return "Sample"; }
  std::string Summary() const override;
  arrow::Result<std::unique_ptr<OperatorState>> MakeState(const TaskContext& ctx) const override;
  arrow::Status Sink(Morsel input, OperatorState* state, const TaskContext& ctx) const override;
  arrow::Result<std::unique_ptr<MorselReader>> Finalize(
      std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx,
      const MorselSize& morsel_size) const override;

 private:
  int64_t size_;
  bool with_replacement_;
  uint64_t seed_;
};

/// Appends offset, offset + 1, ... in input order.
class PhysicalRowNumber final : public StreamingSinkOperator {
 public:
  PhysicalRowNumber(PhysicalOperatorPtr input, std::shared_ptr<arrow::Schema> schema,
                    int64_t offset);
  std::string name() const override { return "Row Number"; }
  int MaxConcurrency(const ExecutionConfig&) const override { return 1; }
  arrow::Result<std::unique_ptr<OperatorState>> MakeState(const TaskContext&) const override;
  arrow::Result<Output> Sink(Morsel input, OperatorState* state,
                             const TaskContext& ctx) const override;

 private:
  int64_t offset_;
};

}  // namespace skipjack
