#include "skipjack/io/csv_format.h"

#include <arrow/csv/api.h>
#include <arrow/io/interfaces.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>

#include "skipjack/io/compressed_input.h"
#include "skipjack/types/kernel_type.h"

namespace skipjack {
namespace {

arrow::Status WithFile(const arrow::Status& status, const std::string& path) {
  if (status.ok()) return status;
  return status.WithMessage("Cannot read CSV file '", path, "': ", status.message());
}

struct CsvArrowOptions {
  // Defaults(), not default construction: it fills in the null spellings ("", NULL, ...).
  arrow::csv::ReadOptions read = arrow::csv::ReadOptions::Defaults();
  arrow::csv::ParseOptions parse = arrow::csv::ParseOptions::Defaults();
  arrow::csv::ConvertOptions convert = arrow::csv::ConvertOptions::Defaults();
};

CsvArrowOptions ArrowOptions(const CsvOptions& options) {
  CsvArrowOptions out;
  out.read.use_threads = false;  // scan tasks are the parallelism
  out.read.autogenerate_column_names = !options.has_headers;
  out.parse.delimiter = options.delimiter;
  out.parse.quote_char = options.quote;
  out.parse.double_quote = options.double_quote;
  if (options.escape_char) {
    out.parse.escaping = true;
    out.parse.escape_char = *options.escape_char;
  }
  out.parse.newlines_in_values = true;
  out.parse.pad_short_rows = options.allow_variable_columns;
  out.parse.ignore_extra_columns = options.allow_variable_columns;
  out.convert.strings_can_be_null = true;
  return out;
}

// Arrow names headerless columns f0, f1, ...; Daft names them column_1, column_2, ...
std::vector<std::string> HeaderlessNames(int count) {
  std::vector<std::string> names;
  for (int i = 1; i <= count; ++i) names.push_back("column_" + std::to_string(i));
  return names;
}

class CsvPieceStream final : public BatchStream {
 public:
  CsvPieceStream(std::shared_ptr<arrow::csv::StreamingReader> reader,
                 std::shared_ptr<arrow::Schema> wanted, std::string path, arrow::MemoryPool* pool)
      : reader_(std::move(reader)), wanted_(std::move(wanted)), path_(std::move(path)), pool_(pool) {}

  arrow::Result<std::shared_ptr<arrow::RecordBatch>> Next() override {
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(WithFile(reader_->ReadNext(&batch), path_));
    if (!batch) return batch;
    return ConformToSchema(batch, wanted_, path_, pool_);
  }

 private:
  std::shared_ptr<arrow::csv::StreamingReader> reader_;
  std::shared_ptr<arrow::Schema> wanted_;
  std::string path_;
  arrow::MemoryPool* pool_;
};

class CsvFormat final : public FileFormat {
 public:
  CsvFormat(std::vector<ListedFile> files, std::shared_ptr<arrow::Schema> schema,
            CsvOptions options, std::vector<std::string> file_columns)
      : FileFormat(std::move(files), std::move(schema)),
        options_(std::move(options)),
        file_columns_(std::move(file_columns)) {}

  std::string name() const override { return "CSV"; }

  arrow::Result<std::unique_ptr<BatchStream>> OpenPiece(const UnitPiece& piece,
                                                        const std::vector<std::string>& columns,
                                                        int64_t batch_rows,
                                                        arrow::MemoryPool* pool) const override {
    const ListedFile& file = files_[piece.file];
    auto arrow_options = ArrowOptions(options_);
    if (!options_.has_headers) {
      arrow_options.read.autogenerate_column_names = false;
      arrow_options.read.column_names = file_columns_;
    }
    // Only the wanted columns are converted; types are fixed to the inferred schema.
    arrow::FieldVector wanted_fields;
    for (const auto& name : columns) {
      auto field = schema_->GetFieldByName(name);
      wanted_fields.push_back(field);
      arrow_options.convert.column_types[name] = field->type();
    }
    arrow_options.convert.include_columns = columns;
    arrow_options.convert.include_missing_columns = true;
    ARROW_ASSIGN_OR_RAISE(auto input, OpenMaybeCompressed(file));
    arrow::io::IOContext io_context(pool);
    auto reader = arrow::csv::StreamingReader::Make(io_context, input, arrow_options.read,
                                                    arrow_options.parse, arrow_options.convert);
    ARROW_RETURN_NOT_OK(WithFile(reader.status(), file.path));
    (void)batch_rows;  // the CSV reader cuts batches by its block size
    return std::make_unique<CsvPieceStream>(std::move(*reader),
                                            arrow::schema(std::move(wanted_fields)), file.path,
                                            pool);
  }

 private:
  CsvOptions options_;
  std::vector<std::string> file_columns_;  ///< names given to headerless files
};

}  // namespace

arrow::Result<std::shared_ptr<FileFormat>> MakeCsvFormat(std::vector<ListedFile> files,
                                                        const CsvOptions& options) {
  std::shared_ptr<arrow::Schema> inferred = arrow::schema({});
  std::vector<std::string> file_columns;
  if (!files.empty() && (options.infer_schema || !options.schema_hints)) {
    auto arrow_options = ArrowOptions(options);
    ARROW_ASSIGN_OR_RAISE(auto input, OpenMaybeCompressed(files[0]));
    auto reader = arrow::csv::StreamingReader::Make(arrow::io::IOContext(), input,
                                                    arrow_options.read, arrow_options.parse,
                                                    arrow_options.convert);
    ARROW_RETURN_NOT_OK(WithFile(reader.status(), files[0].path));
    arrow::FieldVector fields;
    const auto& schema = *(*reader)->schema();
    if (!options.has_headers) file_columns = HeaderlessNames(schema.num_fields());
    for (int i = 0; i < schema.num_fields(); ++i) {
      auto type = schema.field(i)->type();
      // A column empty in the first block may hold text later.
      if (type->id() == arrow::Type::NA) type = arrow::large_utf8();
      const std::string name = options.has_headers ? schema.field(i)->name() : file_columns[i];
      fields.push_back(arrow::field(name, KernelType(type)));
    }
    inferred = arrow::schema(std::move(fields));
  } else if (options.schema_hints && !options.has_headers) {
    for (const auto& field : options.schema_hints->fields()) file_columns.push_back(field->name());
  }
  ARROW_ASSIGN_OR_RAISE(auto schema,
                        ApplySchemaHints(inferred, options.schema_hints, options.infer_schema));
  return std::make_shared<CsvFormat>(std::move(files), std::move(schema), options,
                                     std::move(file_columns));
}

}  // namespace skipjack
