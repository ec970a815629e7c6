// File: source_info.h
//
// Where a plan's rows come from. A logical Source node holds a SourceInfo plus the
// pushdowns the optimizer gave it; the physical planner turns it into a scan operator.
// File formats (Parquet, CSV, ...) add kinds here.

#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/compute/type_fwd.h>
#include <arrow/type_fwd.h>

namespace skipjack {

enum class SourceKind { kInMemory, kArrowStream, kFile, kExternal };

/// A column's smallest and largest value, as numbers (dates in days since the epoch).
struct ValueBounds {
  double low;
  double high;
};

class SourceInfo {
 public:
  virtual ~SourceInfo() = default;
  virtual SourceKind kind() const = 0;
  /// Schema of the rows as the source produces them, before pushdowns.
  virtual const std::shared_ptr<arrow::Schema>& schema() const = 0;
  /// Lines shown under the Source node in plan trees.
  virtual std::vector<std::string> DisplayLines() const = 0;
  /// Row count if known without reading, else -1.
  virtual int64_t num_rows() const { return -1; }
  /// Number of distinct values an integer-like column can have, from its value range
  /// (max - min + 1) when the source knows it without reading the data; -1 otherwise.
  /// The optimizer uses it to estimate join sizes.
  virtual double DistinctUpperBound(const std::string& column) const { return -1; }
  /// The smallest and largest value of an integer or date column (dates in days) when
  /// the source knows them without reading the data; the optimizer estimates range
  /// filters with them.
  virtual std::optional<ValueBounds> Bounds(const std::string& column) const {
    return std::nullopt;
  }
  /// Bytes a column's values take uncompressed in the source, over all rows, when the
  /// metadata says (Parquet's column chunk sizes); -1 otherwise. The planner estimates
  /// what a scan's result would hold in memory from it.
  virtual double ColumnBytes(const std::string& column) const { return -1; }
};

/// Record batches already in memory (from_pydict, from_arrow(table), collect()).
class InMemorySourceInfo final : public SourceInfo {
 public:
  InMemorySourceInfo(std::shared_ptr<arrow::Schema> schema,
                     std::vector<std::shared_ptr<arrow::RecordBatch>> batches);

  SourceKind kind() const override { return SourceKind::kInMemory; }
  const std::shared_ptr<arrow::Schema>& schema() const override { return schema_; }
  std::vector<std::string> DisplayLines() const override;
  int64_t num_rows() const override { return num_rows_; }

  const std::vector<std::shared_ptr<arrow::RecordBatch>>& batches() const { return batches_; }
  int64_t size_bytes() const { return size_bytes_; }

 private:
  std::shared_ptr<arrow::Schema> schema_;
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches_;
  int64_t num_rows_ = 0;
  int64_t size_bytes_ = 0;
};

/// A one-shot Arrow stream (a RecordBatchReader or any __arrow_c_stream__ object) that
/// is read lazily, batch by batch, so it may be far larger than memory. It can be
/// executed once; a second run is an error that says so. View and dictionary columns
/// are read as plain arrays (the kernels' types), so the schema is the normalized one.
class ArrowStreamSourceInfo final : public SourceInfo {
 public:
  explicit ArrowStreamSourceInfo(std::shared_ptr<arrow::RecordBatchReader> reader);

  /// Casts a batch of the stream to schema() (a no-op for most streams).
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> Normalize(
      std::shared_ptr<arrow::RecordBatch> batch, arrow::compute::ExecContext* ctx) const;

  SourceKind kind() const override { return SourceKind::kArrowStream; }
  const std::shared_ptr<arrow::Schema>& schema() const override { return schema_; }
  std::vector<std::string> DisplayLines() const override;

  /// Hands the reader to one execution; Invalid if it was already taken.
  arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> TakeReader() const;

 private:
  std::shared_ptr<arrow::Schema> schema_;
  mutable std::shared_ptr<arrow::RecordBatchReader> reader_;
  mutable std::atomic<bool> taken_{false};
};

}  // namespace skipjack
