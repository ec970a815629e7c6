#include "skipjack/plan/source_info.h"

#include <arrow/compute/cast.h>
#include <arrow/record_batch.h>
#include <arrow/util/byte_size.h>

#include "skipjack/types/display_name.h"
#include "skipjack/types/kernel_type.h"

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

ArrowStreamSourceInfo::ArrowStreamSourceInfo(std::shared_ptr<arrow::RecordBatchReader> reader)
    : reader_(std::move(reader)) {
  const auto source_schema = reader_->schema();  // keep it alive while iterating
  schema_ = KernelSchema(*source_schema);
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> ArrowStreamSourceInfo::Normalize(
    std::shared_ptr<arrow::RecordBatch> batch, arrow::compute::ExecContext* ctx) const {
  return ConformBatch(batch, schema_, ctx);
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
