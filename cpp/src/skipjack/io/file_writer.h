// File: file_writer.h
//
// Writing record batches to one file of a format (Parquet, CSV, newline-delimited
// JSON). The write operator (file_write.h) decides which files to write and when.

#pragma once

#include <memory>
#include <string>

#include <arrow/io/type_fwd.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

enum class FileFormatKind { kParquet, kCsv, kJson };

arrow::Result<FileFormatKind> ParseFileFormatKind(const std::string& name);
/// "parquet", "csv", "json": the extension of written files.
std::string FileExtension(FileFormatKind kind);

struct FileWriteOptions {
  FileFormatKind format = FileFormatKind::kParquet;
  std::string compression = "snappy";  ///< Parquet: snappy, zstd, gzip, lz4, brotli, none
  // CSV
  bool header = true;
  char delimiter = ',';
};

class FileWriter {
 public:
  virtual ~FileWriter() = default;
  virtual arrow::Status Write(const arrow::RecordBatch& batch) = 0;
  /// Finishes the file (footer, flush) and closes the stream.
  virtual arrow::Status Close() = 0;
  int64_t rows_written() const { return rows_written_; }

 protected:
  int64_t rows_written_ = 0;
};

arrow::Result<std::unique_ptr<FileWriter>> MakeFileWriter(
    std::shared_ptr<arrow::io::OutputStream> out, std::shared_ptr<arrow::Schema> schema,
    const FileWriteOptions& options);

}  // namespace skipjack
