#include "skipjack/exec/morsel.h"

#include <algorithm>

#include <arrow/record_batch.h>
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

std::string InputRowsNote(const Morsel& morsel) {
  if (morsel.first_row < 0 || morsel.num_rows() == 0) return "";
  const std::string rows =
      std::to_string(morsel.first_row) + " to " + std::to_string(morsel.first_row + morsel.num_rows() - 1);
  if (morsel.source_file) return " (rows " + rows + " of " + *morsel.source_file + ")";
  return " (input rows " + rows + ")";
}

void KeepSourceRows(const Morsel& from, Morsel* to) {
  to->first_row = from.first_row;
  to->source_file = from.source_file;
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
    }
  }
  return pieces;
}

}  // namespace skipjack
