// File: join_output.h
//
// Assembling a join's output rows from the rows of its two sides, shared by the hash
// and cross joins.

#pragma once

#include <memory>
#include <vector>

#include <arrow/compute/type_fwd.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "skipjack/exec/join_hash_table.h"
#include "skipjack/exec/physical_operator.h"

namespace skipjack {

/// The data of one side: its input columns and its key columns (in the key types).
struct JoinSide {
  ArrayVector columns;
  ArrayVector keys;
};

/// Where one output column comes from.
struct JoinColumnSource {
  bool from_probe;  ///< probe side, else build side
  bool is_key;      ///< one of the side's keys, else one of its columns
  int index;
};

/// A build state that keeps its input batches (cross and Hamming joins).
struct CollectedBatches final : OperatorState {
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
};

/// The columns of every batch the states collected, concatenated (empty arrays of the
/// schema's types when there were none).
arrow::Result<ArrayVector> ConcatenateCollected(
    const std::vector<std::unique_ptr<OperatorState>>& states, const arrow::Schema& schema,
    arrow::MemoryPool* pool);

/// Which rows of one side line up with the output rows.
struct RowSelection {
  enum class Kind { kAll, kMissing, kTake };
  Kind kind = Kind::kAll;
  std::shared_ptr<arrow::Array> indices;  ///< kTake: row numbers, a null gives a null row

  static RowSelection All() { return {Kind::kAll, nullptr}; }          ///< rows 0..n-1
  static RowSelection Missing() { return {Kind::kMissing, nullptr}; }  ///< nulls only
  static RowSelection Take(std::shared_ptr<arrow::Array> indices) {
    return {Kind::kTake, std::move(indices)};
  }
};

/// Output row r is row r of the probe selection next to row r of the build selection.
arrow::Result<std::shared_ptr<arrow::RecordBatch>> GatherJoinRows(
    const std::shared_ptr<arrow::Schema>& schema, const std::vector<JoinColumnSource>& sources,
    const JoinSide& probe, const RowSelection& probe_rows, const JoinSide& build,
    const RowSelection& build_rows, int64_t num_rows, arrow::compute::ExecContext* ctx);

/// Probe row numbers as a selection: All when they are exactly 0, 1, ..., n-1.
arrow::Result<RowSelection> SelectProbeRows(const std::vector<int32_t>& rows,
                                            int64_t num_probe_rows, arrow::MemoryPool* pool);

/// Build row numbers as a selection, where -1 stands for a missing row.
arrow::Result<RowSelection> SelectBuildRows(const std::vector<int64_t>& rows,
                                            arrow::MemoryPool* pool);

}  // namespace skipjack
