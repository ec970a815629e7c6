#include "skipjack/io/file_writer.h"

#include <arrow/csv/writer.h>
#include <arrow/io/interfaces.h>
#include <arrow/ipc/writer.h>
#include <arrow/record_batch.h>
#include <arrow/util/compression.h>
#include <parquet/arrow/writer.h>
#include <parquet/properties.h>

#include "skipjack/io/json_lines.h"

namespace skipjack {
namespace {

class ParquetFileWriter final : public FileWriter {
 public:
  explicit ParquetFileWriter(std::unique_ptr<parquet::arrow::FileWriter> writer)
      : writer_(std::move(writer)) {}
  arrow::Status Write(const arrow::RecordBatch& batch) override {
    rows_written_ += batch.num_rows();
    return writer_->WriteRecordBatch(batch);
  }
  arrow::Status Close() override { return writer_->Close(); }

 private:
  std::unique_ptr<parquet::arrow::FileWriter> writer_;
};

class CsvFileWriter final : public FileWriter {
 public:
  CsvFileWriter(std::shared_ptr<arrow::ipc::RecordBatchWriter> writer,
                std::shared_ptr<arrow::io::OutputStream> out)
      : writer_(std::move(writer)), out_(std::move(out)) {}
  arrow::Status Write(const arrow::RecordBatch& batch) override {
    rows_written_ += batch.num_rows();
    return writer_->WriteRecordBatch(batch);
  }
  arrow::Status Close() override {
    ARROW_RETURN_NOT_OK(writer_->Close());
    return out_->Close();
  }

 private:
  std::shared_ptr<arrow::ipc::RecordBatchWriter> writer_;
  std::shared_ptr<arrow::io::OutputStream> out_;
};

class JsonFileWriter final : public FileWriter {
 public:
  explicit JsonFileWriter(std::shared_ptr<arrow::io::OutputStream> out) : out_(std::move(out)) {}
  arrow::Status Write(const arrow::RecordBatch& batch) override {
    buffer_.clear();
    ARROW_RETURN_NOT_OK(AppendJsonLines(batch, &buffer_));
    rows_written_ += batch.num_rows();
    return out_->Write(buffer_.data(), static_cast<int64_t>(buffer_.size()));
  }
  arrow::Status Close() override { return out_->Close(); }

 private:
  std::shared_ptr<arrow::io::OutputStream> out_;
  std::string buffer_;
};

arrow::Result<arrow::Compression::type> ParquetCompression(const std::string& name) {
  if (name.empty() || name == "none" || name == "uncompressed") {
    return arrow::Compression::UNCOMPRESSED;
  }
  auto parsed = arrow::util::Codec::GetCompressionType(name);
  if (!parsed.ok()) {
    return arrow::Status::Invalid("Unknown Parquet compression '", name,
                                  "'; expected snappy, zstd, gzip, lz4, brotli or none");
  }
  return *parsed;
}

}  // namespace

arrow::Result<FileFormatKind> ParseFileFormatKind(const std::string& name) {
  if (name == "parquet") return FileFormatKind::kParquet;
  if (name == "csv") return FileFormatKind::kCsv;
  if (name == "json") return FileFormatKind::kJson;
  return arrow::Status::Invalid("Unknown file format '", name, "'");
}

std::string FileExtension(FileFormatKind kind) {
  switch (kind) {
    case FileFormatKind::kParquet:
      return "parquet";
    case FileFormatKind::kCsv:
      return "csv";
    case FileFormatKind::kJson:
      return "json";
  }
  return "dat";
}

arrow::Result<std::unique_ptr<FileWriter>> MakeFileWriter(
    std::shared_ptr<arrow::io::OutputStream> out, std::shared_ptr<arrow::Schema> schema,
    const FileWriteOptions& options) {
  switch (options.format) {
    case FileFormatKind::kParquet: {
      ARROW_ASSIGN_OR_RAISE(auto compression, ParquetCompression(options.compression));
      auto properties = parquet::WriterProperties::Builder().compression(compression)->build();
      auto arrow_properties = parquet::ArrowWriterProperties::Builder().store_schema()->build();
      ARROW_ASSIGN_OR_RAISE(auto writer,
                            parquet::arrow::FileWriter::Open(*schema, arrow::default_memory_pool(),
                                                             out, properties, arrow_properties));
      return std::make_unique<ParquetFileWriter>(std::move(writer));
    }
    case FileFormatKind::kCsv: {
      auto write_options = arrow::csv::WriteOptions::Defaults();
      write_options.include_header = options.header;
      write_options.delimiter = options.delimiter;
      ARROW_ASSIGN_OR_RAISE(auto writer, arrow::csv::MakeCSVWriter(out, schema, write_options));
      return std::make_unique<CsvFileWriter>(std::move(writer), std::move(out));
    }
    case FileFormatKind::kJson:
      return std::make_unique<JsonFileWriter>(std::move(out));
  }
  return arrow::Status::Invalid("unknown file format");
}

}  // namespace skipjack
