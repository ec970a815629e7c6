#include "skipjack/plan/source_info.h"

#include <arrow/compute/cast.h>
#include <arrow/record_batch.h>
#include <arrow/util/byte_size.h>

#include "skipjack/types/display_name.h"

namespace skipjack {

InMemorySourceInfo::InMemorySourceInfo(std::shared_ptr<arrow::Schema> schema,
                                       std::vector<std::shared_ptr<arrow::RecordBatch>> batches)
    : schema_(std::move(schema)), batches_(std::move(batches)) {
  for (const auto& batch : batches_) {
    num_rows_ += batch->num_rows();
    size_bytes_ += arrow::util::ReferencedBufferSize(*batch).ValueOr(0);
  }
}

std::vector<std::string> InMemorySourceInfo::DisplayLines() const {
  return {"Number of partitions = 1", "Output schema = " + SchemaToPlanString(*schema_),
          "Num rows = " + std::to_string(num_rows_),
          "Size bytes = " + std::to_string(size_bytes_)};
}

namespace {

// The type the kernels work on: views and dictionaries become ordinary arrays.
std::shared_ptr<arrow::DataType> KernelType(const std::shared_ptr<arrow::DataType>& type) {
  switch (type->id()) {
    case arrow::Type::STRING_VIEW:
      return arrow::large_utf8();
    case arrow::Type::BINARY_VIEW:
      return arrow::large_binary();
    case arrow::Type::DICTIONARY:
      return KernelType(static_cast<const arrow::DictionaryType&>(*type).value_type());
    case arrow::Type::LIST_VIEW:
    case arrow::Type::LARGE_LIST_VIEW:
      return arrow::large_list(KernelType(type->field(0)->type()));
    default:
      return type;
  }
}

}  // namespace

ArrowStreamSourceInfo::ArrowStreamSourceInfo(std::shared_ptr<arrow::RecordBatchReader> reader)
    : reader_(std::move(reader)) {
  const auto source_schema = reader_->schema();  // keep it alive while iterating
  arrow::FieldVector fields;
  for (const auto& field : source_schema->fields()) {
    fields.push_back(field->WithType(KernelType(field->type())));
  }
  schema_ = arrow::schema(std::move(fields), source_schema->metadata());
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> ArrowStreamSourceInfo::Normalize(
    std::shared_ptr<arrow::RecordBatch> batch, arrow::compute::ExecContext* ctx) const {
  if (batch->schema()->Equals(*schema_, /*check_metadata=*/false)) return batch;
  std::vector<std::shared_ptr<arrow::Array>> columns;
  for (int i = 0; i < batch->num_columns(); ++i) {
    const auto& type = schema_->field(i)->type();
    if (batch->column(i)->type()->Equals(*type)) {
      columns.push_back(batch->column(i));
    } else {
      ARROW_ASSIGN_OR_RAISE(auto cast, arrow::compute::Cast(*batch->column(i), type,
                                                            arrow::compute::CastOptions::Safe(), ctx));
      columns.push_back(std::move(cast));
    }
  }
  return arrow::RecordBatch::Make(schema_, batch->num_rows(), std::move(columns));
}

std::vector<std::string> ArrowStreamSourceInfo::DisplayLines() const {
  return {"Arrow stream (read once, lazily)",
          "Output schema = " + SchemaToPlanString(*schema_)};
}

arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> ArrowStreamSourceInfo::TakeReader()
    const {
  if (taken_.exchange(true)) {
    return arrow::Status::Invalid(
        "This DataFrame reads a one-shot Arrow stream that an earlier execution already "
        "consumed. Call .collect() on it once and reuse the result, or create the "
        "DataFrame again from a new stream.");
  }
  return std::move(reader_);
}

}  // namespace skipjack
