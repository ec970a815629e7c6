// File: file_write.h

#pragma once

#include "skipjack/exec/physical_operator.h"
#include "skipjack/io/file_writer.h"
#include "skipjack/io/filesystem.h"

namespace skipjack {

enum class WriteMode { kAppend, kOverwrite, kOverwritePartitions };

arrow::Result<WriteMode> ParseWriteMode(const std::string& name);

struct WriteSpec {
  FileWriteOptions file;
  std::string root;  ///< the directory written into (a local path or s3:// URI)
  IOConfig io;
  WriteMode mode = WriteMode::kAppend;
  std::vector<std::string> partition_cols;
  /// A file is closed and a new one started after this many rows.
  int64_t max_rows_per_file = 8 << 20;
};

/// Writes its input into files under a directory and outputs one row per file written:
/// its path, then the values of the partition columns (Daft's result of write_*).
///
/// Each worker writes its own files, so writing is parallel; rows go to the file of
/// their partition (root/col=value/...) without the partition columns. Files are
/// written under hidden temporary names and renamed only once every worker has
/// finished, so a failed or cancelled write leaves no file that looks complete. In
/// overwrite mode, the files that were there before (all of them, or those in the
/// partitions written) are deleted after the new ones are in place.
class PhysicalFileWrite final : public BlockingSinkOperator {
 public:
  static arrow::Result<std::shared_ptr<PhysicalFileWrite>> Make(PhysicalOperatorPtr input,
                                                                WriteSpec spec);

  std::string name() const override;
  std::vector<std::string> Details() const override;

  arrow::Result<std::unique_ptr<OperatorState>> MakeState(const TaskContext& ctx) const override;
  arrow::Status Sink(Morsel input, OperatorState* state, const TaskContext& ctx) const override;
  arrow::Result<std::unique_ptr<MorselReader>> Finalize(
      std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx,
      const MorselSize& morsel_size) const override;

  /// The schema of the result: path, then the partition columns.
  static arrow::Result<std::shared_ptr<arrow::Schema>> ResultSchema(const arrow::Schema& input,
                                                                    const WriteSpec& spec);

  PhysicalFileWrite(PhysicalOperatorPtr input, std::shared_ptr<arrow::Schema> output_schema,
                    WriteSpec spec, FileLocation root, std::vector<int> partition_indices,
                    std::vector<int> data_indices);

 private:
  WriteSpec spec_;
  FileLocation root_;
  std::vector<int> partition_indices_;  ///< input columns that name directories
  std::vector<int> data_indices_;       ///< input columns written into the files
  std::shared_ptr<arrow::Schema> data_schema_;
  std::string query_id_;  ///< shared by this write's file names
};

}  // namespace skipjack
