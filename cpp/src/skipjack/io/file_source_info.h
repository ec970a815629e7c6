// File: file_source_info.h

#pragma once

#include <optional>

#include <arrow/type.h>

#include "skipjack/io/file_format.h"
#include "skipjack/io/hive_partitioning.h"
#include "skipjack/plan/source_info.h"

namespace skipjack {

/// Files of one format read as a table: the format's data columns, then any hive
/// partition columns, then the optional file path column (Daft's file_path_column).
class FileSourceInfo final : public SourceInfo {
 public:
  struct Options {
    bool hive_partitioning = false;
    std::optional<std::string> file_path_column;
  };

  static arrow::Result<std::shared_ptr<FileSourceInfo>> Make(std::shared_ptr<FileFormat> format,
                                                             const Options& options);

  SourceKind kind() const override { return SourceKind::kFile; }
  const std::shared_ptr<arrow::Schema>& schema() const override { return schema_; }
  std::vector<std::string> DisplayLines() const override;
  int64_t num_rows() const override { return num_rows_; }
  std::optional<ValueBounds> Bounds(const std::string& column) const override {
    return format_->Bounds(column);
  }
  // max - min + 1 of an integer data column, from its bounds.
  double DistinctUpperBound(const std::string& column) const override {
    auto field = format_->schema()->GetFieldByName(column);
    if (!field || !arrow::is_integer(field->type()->id())) return -1;
    const auto bounds = format_->Bounds(column);
    return bounds ? bounds->high - bounds->low + 1 : -1;
  }

  double ColumnBytes(const std::string& column) const override {
    return format_->ColumnBytes(column);
  }

  const FileFormat& format() const { return *format_; }
  const HivePartitions& partitions() const { return partitions_; }
  const std::optional<std::string>& file_path_column() const { return file_path_column_; }
  /// Number of leading schema columns that come from the files themselves.
  int num_data_columns() const { return format_->schema()->num_fields(); }

  FileSourceInfo(std::shared_ptr<FileFormat> format, HivePartitions partitions,
                 std::optional<std::string> file_path_column, std::shared_ptr<arrow::Schema> schema);

 private:
  std::shared_ptr<FileFormat> format_;
  HivePartitions partitions_;
  std::optional<std::string> file_path_column_;
  std::shared_ptr<arrow::Schema> schema_;
  int64_t num_rows_ = 0;
};

}  // namespace skipjack
