// File: keep_rows.h
//
// Filtering a batch by a boolean mask, as filters and filtered scans do.

#pragma once

#include <cstdint>
#include <memory>
#include <vector>

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

/// `column` at the rows `mask` keeps (all of them when `mask` is null), `count` of
/// them; a null-typed placeholder column stays one, `count` long.
arrow::Result<std::shared_ptr<arrow::Array>> KeepRows(const std::shared_ptr<arrow::Array>& column,
                                                      const std::shared_ptr<arrow::Array>& mask,
                                                      int64_t count,
                                                      arrow::compute::ExecContext* exec);

/// `mask` and `more` (Kleene logic); `more` alone when `mask` is null.
arrow::Result<std::shared_ptr<arrow::Array>> AndMasks(const std::shared_ptr<arrow::Array>& mask,
                                                      std::shared_ptr<arrow::Array> more,
                                                      arrow::compute::ExecContext* exec);

/// The positions where `mask` is true, ascending: all of 0..num_rows-1 when `mask` is
/// null, none when it is not boolean (an all-null mask).
std::vector<int64_t> KeptPositions(const arrow::Array* mask, int64_t num_rows);

}  // namespace skipjack
