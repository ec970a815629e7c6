// File: file_scan.h

#pragma once

#include <optional>

#include "skipjack/exec/physical_operator.h"
#include "skipjack/exec/runtime_key_filter.h"
#include "skipjack/io/file_source_info.h"
#include "skipjack/io/scan_filter.h"
#include "skipjack/plan/logical_source.h"

namespace skipjack {

/// Reads files with the pushdowns applied: only the needed columns are read; files
/// whose partition values and row groups whose statistics rule out the filter are
/// skipped; the filter runs on every batch read; reading stops once the limit is met.
/// Units (see FileFormat) are read by several I/O tasks at once, each unit as a stream
/// of batches, and output keeps file order.
class FileScan final : public SourceOperator {
 public:
  static arrow::Result<std::shared_ptr<FileScan>> Make(
      std::shared_ptr<const FileSourceInfo> source, const Pushdowns& pushdowns,
      std::shared_ptr<arrow::Schema> output_schema);

  std::string name() const override { return source_->format().name() + " Scan"; }
  std::vector<std::string> Details() const override;
  int MaxConcurrency(const ExecutionConfig& config) const override;
  arrow::Result<std::unique_ptr<MorselReader>> Open(const TaskContext& ctx,
                                                    const MorselSize& morsel_size) const override;
  int64_t EstimatedRows() const override { return estimated_rows_; }

  /// Drops rows whose `column` the filter rules out once a join publishes it; only while
  /// planning (see runtime_key_filter.h).
  void AddRuntimeFilter(const std::string& column, std::shared_ptr<const RuntimeKeyFilter> filter);

  /// What the scan reads: `columns` of the files, then the partition and path columns
  /// among `extra`, as one batch layout; set by Make.
  struct Layout {
    std::vector<std::string> data_columns;  ///< read from the files
    std::vector<int> partition_columns;     ///< indices into the source's partitions
    bool path_column = false;
    std::shared_ptr<arrow::Schema> schema;  ///< the assembled batch
  };

  FileScan(std::shared_ptr<const FileSourceInfo> source, std::shared_ptr<arrow::Schema> output_schema,
           Layout layout, std::vector<ScanUnit> units, std::shared_ptr<const ScanFilter> filter,
           std::string filter_text,
           std::vector<int> output_columns, std::optional<int64_t> limit, int files_kept,
           int64_t estimated_rows);

 private:
  std::shared_ptr<const FileSourceInfo> source_;
  Layout layout_;
  std::vector<ScanUnit> units_;
  std::shared_ptr<const ScanFilter> filter_;  ///< over layout_.schema
  std::string filter_text_;
  std::vector<int> output_columns_;  ///< indices into layout_.schema
  std::optional<int64_t> limit_;
  std::vector<std::pair<int, std::shared_ptr<const RuntimeKeyFilter>>> runtime_filters_;  ///< by layout column
  int files_kept_;
  int64_t estimated_rows_;
};

}  // namespace skipjack
