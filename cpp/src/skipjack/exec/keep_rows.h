// File: keep_rows.h
//
// Filtering a batch by a boolean mask, as filters and filtered scans do.

#pragma once

#include <memory>

#include <arrow/compute/type_fwd.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

/// The rows of `batch` where `mask` is true (null counts as false). Column by column:
/// Arrow filters a whole batch through take indices, while filtering one array copies
/// runs of kept rows, which is several times faster when most rows are kept. A mask
/// that keeps every row returns the batch's own columns.
arrow::Result<std::shared_ptr<arrow::RecordBatch>> KeepRows(
    const std::shared_ptr<arrow::RecordBatch>& batch, const std::shared_ptr<arrow::Array>& mask,
    arrow::compute::ExecContext* exec);

}  // namespace skipjack
