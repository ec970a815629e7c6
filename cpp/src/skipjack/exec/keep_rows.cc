#include "skipjack/exec/keep_rows.h"

#include <arrow/array.h>
#include <arrow/compute/api.h>
#include <arrow/record_batch.h>

namespace skipjack {

arrow::Result<std::shared_ptr<arrow::RecordBatch>> KeepRows(
    const std::shared_ptr<arrow::RecordBatch>& batch, const std::shared_ptr<arrow::Array>& mask,
    arrow::compute::ExecContext* exec) {
  if (mask->type_id() != arrow::Type::BOOL) {
    ARROW_ASSIGN_OR_RAISE(auto kept, arrow::compute::Filter(batch, mask,
                                                            arrow::compute::FilterOptions(), exec));
    return kept.record_batch();
  }
  const int64_t kept = static_cast<const arrow::BooleanArray&>(*mask).true_count();
  if (kept == batch->num_rows()) return batch;
  std::vector<std::shared_ptr<arrow::Array>> columns;
  columns.reserve(batch->num_columns());
  for (const auto& column : batch->columns()) {
    ARROW_ASSIGN_OR_RAISE(auto filtered, arrow::compute::Filter(column, mask,
                                                                arrow::compute::FilterOptions(),
                                                                exec));
    columns.push_back(filtered.make_array());
  }
  return arrow::RecordBatch::Make(batch->schema(), kept, std::move(columns));
}

}  // namespace skipjack
