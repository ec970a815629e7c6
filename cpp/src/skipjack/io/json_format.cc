#include "skipjack/io/json_format.h"

#include <arrow/io/interfaces.h>
#include <arrow/json/api.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>

#include "skipjack/io/compressed_input.h"
#include "skipjack/types/kernel_type.h"

namespace skipjack {
namespace {

arrow::Status WithFile(const arrow::Status& status, const std::string& path) {
  if (status.ok()) return status;
  return status.WithMessage("Cannot read JSON file '", path, "': ", status.message());
}

// JSON reads structs, lists and timestamps as Arrow gives them; only the outer layout
// changes to kernel types (strings become large strings, null-typed become text).
std::shared_ptr<arrow::DataType> JsonColumnType(const std::shared_ptr<arrow::DataType>& type) {
  if (type->id() == arrow::Type::NA) return arrow::large_utf8();
  return KernelType(type);
}

class JsonPieceStream final : public BatchStream {
 public:
  JsonPieceStream(std::shared_ptr<arrow::json::StreamingReader> reader,
                  std::shared_ptr<arrow::Schema> wanted, std::string path, arrow::MemoryPool* pool)
      : reader_(std::move(reader)), wanted_(std::move(wanted)), path_(std::move(path)), pool_(pool) {}

  arrow::Result<std::shared_ptr<arrow::RecordBatch>> Next() override {
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(WithFile(reader_->ReadNext(&batch), path_));
    if (!batch) return batch;
    return ConformToSchema(batch, wanted_, path_, pool_);
  }

 private:
  std::shared_ptr<arrow::json::StreamingReader> reader_;
  std::shared_ptr<arrow::Schema> wanted_;
  std::string path_;
  arrow::MemoryPool* pool_;
};

class JsonFormat final : public FileFormat {
 public:
  JsonFormat(std::vector<ListedFile> files, std::shared_ptr<arrow::Schema> schema)
      : FileFormat(std::move(files), std::move(schema)) {}

  std::string name() const override { return "JSON"; }

  arrow::Result<std::unique_ptr<BatchStream>> OpenPiece(const UnitPiece& piece,
                                                        const std::vector<std::string>& columns,
                                                        int64_t,
                                                        arrow::MemoryPool* pool) const override {
    const ListedFile& file = files_[piece.file];
    arrow::FieldVector wanted_fields;
    for (const auto& name : columns) wanted_fields.push_back(schema_->GetFieldByName(name));
    auto wanted = arrow::schema(std::move(wanted_fields));
    auto read = arrow::json::ReadOptions::Defaults();
    read.use_threads = false;
    auto parse = arrow::json::ParseOptions::Defaults();
    parse.explicit_schema = wanted;
    parse.unexpected_field_behavior = arrow::json::UnexpectedFieldBehavior::Ignore;
    ARROW_ASSIGN_OR_RAISE(auto input, OpenMaybeCompressed(file));
    arrow::io::IOContext io_context(pool);
    auto reader = arrow::json::StreamingReader::Make(input, read, parse, io_context);
    ARROW_RETURN_NOT_OK(WithFile(reader.status(), file.path));
    return std::make_unique<JsonPieceStream>(std::move(*reader), std::move(wanted), file.path, pool);
  }
};

}  // namespace

arrow::Result<std::shared_ptr<FileFormat>> MakeJsonFormat(std::vector<ListedFile> files,
                                                         const JsonOptions& options) {
  std::shared_ptr<arrow::Schema> inferred = arrow::schema({});
  if (!files.empty() && (options.infer_schema || !options.schema_hints)) {
    auto read = arrow::json::ReadOptions::Defaults();
    read.use_threads = false;
    ARROW_ASSIGN_OR_RAISE(auto input, OpenMaybeCompressed(files[0]));
    auto reader = arrow::json::StreamingReader::Make(input, read,
                                                     arrow::json::ParseOptions::Defaults());
    ARROW_RETURN_NOT_OK(WithFile(reader.status(), files[0].path));
    arrow::FieldVector fields;
    for (const auto& field : (*reader)->schema()->fields()) {
      fields.push_back(arrow::field(field->name(), JsonColumnType(field->type())));
    }
    inferred = arrow::schema(std::move(fields));
  }
  ARROW_ASSIGN_OR_RAISE(auto schema,
                        ApplySchemaHints(inferred, options.schema_hints, options.infer_schema));
  return std::make_shared<JsonFormat>(std::move(files), std::move(schema));
}

}  // namespace skipjack
