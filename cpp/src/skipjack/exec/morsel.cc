#include "skipjack/exec/morsel.h"

#include <algorithm>
#include <optional>

#include <arrow/array.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <arrow/util/byte_size.h>

namespace skipjack {

int64_t Morsel::num_rows() const { return batch ? batch->num_rows() : 0; }

Morsel MakeMorsel(std::shared_ptr<arrow::RecordBatch> batch) {
  const int64_t bytes = arrow::util::ReferencedBufferSize(*batch).ValueOr(0);
  return Morsel{std::move(batch), bytes};
}

int64_t MorselSize::RowsFor(int64_t num_rows, int64_t bytes) const {
  int64_t rows = max_rows;
  if (num_rows > 0 && bytes > target_bytes) {
    const double bytes_per_row = static_cast<double>(bytes) / static_cast<double>(num_rows);
    rows = std::min<int64_t>(rows, static_cast<int64_t>(target_bytes / bytes_per_row));
  }
  return std::max<int64_t>(rows, 1);
}

namespace {

// The batch row an error is about (AtBatchRow).
class BatchRowDetail final : public arrow::StatusDetail {
 public:
  explicit BatchRowDetail(int64_t row) : row_(row) {}
  const char* type_id() const override { return "skipjack::BatchRowDetail"; }
  std::string ToString() const override { return "batch row " + std::to_string(row_); }
  int64_t row() const { return row_; }

 private:
  int64_t row_;
};

std::optional<int64_t> BatchRowOf(const arrow::Status& status) {
  const auto* detail = dynamic_cast<const BatchRowDetail*>(status.detail().get());
  if (!detail) return std::nullopt;
  return detail->row();
}

// Position of the `n`-th (0-based) selected row: the n-th true of a mask (nulls drop
// rows, as in a filter) or the n-th row number.
int64_t SelectedRow(const arrow::Array& selection, int64_t n) {
  if (selection.type_id() == arrow::Type::BOOL) {
    const auto& mask = static_cast<const arrow::BooleanArray&>(selection);
    for (int64_t i = 0; i < mask.length(); ++i) {
      if (mask.IsValid(i) && mask.Value(i) && n-- == 0) return i;
    }
    return -1;
  }
  if (n >= selection.length() || selection.IsNull(n)) return -1;
  auto scalar = selection.GetScalar(n);
  if (!scalar.ok()) return -1;
  auto cast = (*scalar)->CastTo(arrow::int64());
  return cast.ok() ? static_cast<const arrow::Int64Scalar&>(**cast).value : -1;
}

}  // namespace

arrow::Status AtBatchRow(const arrow::Status& status, int64_t row) {
  return status.WithDetail(std::make_shared<BatchRowDetail>(row));
}

void DeriveRows(const Morsel& input, std::shared_ptr<arrow::Array> selection, Morsel* out) {
  if (input.first_row < 0 && !input.derived) return;  // nothing to trace back to
  auto derived = std::make_shared<DerivedRows>();
  derived->input = input;
  derived->input.batch = nullptr;  // only where the rows came from is kept
  derived->selection = std::move(selection);
  out->derived = std::move(derived);
  out->derived_offset = 0;
  out->first_row = -1;
  out->source_file = nullptr;
}

SourceRow LocateSourceRow(const Morsel& morsel, int64_t row) {
  if (morsel.first_row >= 0) return {morsel.first_row + row, morsel.source_file};
  if (!morsel.derived) return {};
  const int64_t n = morsel.derived_offset + row;
  const auto& selection = morsel.derived->selection;
  const int64_t input_row = selection ? SelectedRow(*selection, n) : n;
  if (input_row < 0) return {};
  return LocateSourceRow(morsel.derived->input, input_row);
}

std::string InputRowsNote(const Morsel& morsel, const arrow::Status& status) {
  if (const auto batch_row = BatchRowOf(status)) {
    const SourceRow source = LocateSourceRow(morsel, *batch_row);
    if (source.row >= 0) {
      const std::string row = std::to_string(source.row);
      return source.file ? " (row " + row + " of " + *source.file + ")" : " (input row " + row + ")";
    }
    return " (row " + std::to_string(*batch_row) + " of a batch of " + std::to_string(morsel.num_rows()) +
           " rows)";
  }
  if (morsel.first_row < 0 || morsel.num_rows() == 0) return "";
  const std::string rows =
      std::to_string(morsel.first_row) + " to " + std::to_string(morsel.first_row + morsel.num_rows() - 1);
  if (morsel.source_file) return " (rows " + rows + " of " + *morsel.source_file + ")";
  return " (input rows " + rows + ")";
}

void KeepSourceRows(const Morsel& from, Morsel* to) {
  to->first_row = from.first_row;
  to->source_file = from.source_file;
  to->derived = from.derived;
  to->derived_offset = from.derived_offset;
}

std::vector<Morsel> SplitMorsel(Morsel morsel, const MorselSize& size) {
  const int64_t num_rows = morsel.num_rows();
  const int64_t rows = size.RowsFor(num_rows, morsel.bytes);
  if (num_rows <= rows) return {std::move(morsel)};
  std::vector<Morsel> pieces;
  for (int64_t offset = 0; offset < num_rows; offset += rows) {
    pieces.push_back(MakeMorsel(morsel.batch->Slice(offset, std::min(rows, num_rows - offset))));
    if (morsel.first_row >= 0) {
      pieces.back().first_row = morsel.first_row + offset;
      pieces.back().source_file = morsel.source_file;
    } else if (morsel.derived) {
      pieces.back().derived = morsel.derived;
      pieces.back().derived_offset = morsel.derived_offset + offset;
    }
  }
  return pieces;
}

}  // namespace skipjack
