// File: morsel.h
//
// The unit of work of the executor: a record batch with its size in bytes. Morsels are
// cut by bytes with a row cap (MorselSize), so a morsel of decoded images is small in
// rows and a morsel of integers is large, and memory stays bounded either way.

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <arrow/type_fwd.h>

namespace skipjack {

struct Morsel {
  std::shared_ptr<arrow::RecordBatch> batch;
  /// Bytes the batch references (slices count only their own range).
  int64_t bytes = 0;
  /// Position of the first row in the source's row order, while rows still map one to
  /// one onto the source (scans of in-memory data or of files without a row filter,
  /// projections); -1 once they do not. Only error messages use it ("input rows 200 to
  /// 299", "rows 200 to 299 of /data/part-1.parquet").
  int64_t first_row = -1;
  /// The file whose rows first_row counts, for morsels read from files; null otherwise.
  std::shared_ptr<const std::string> source_file;

  int64_t num_rows() const;
};

/// Wraps a batch, measuring it.
Morsel MakeMorsel(std::shared_ptr<arrow::RecordBatch> batch);

/// How big the morsels an operator wants are.
struct MorselSize {
  int64_t max_rows = 128 * 1024;
  int64_t target_bytes = 8 << 20;

  /// Rows per morsel for a batch of `num_rows` rows and `bytes` bytes.
  int64_t RowsFor(int64_t num_rows, int64_t bytes) const;
};

/// " (input rows a to b)" or " (rows a to b of <file>)" for a morsel whose rows map onto
/// the source, else "".
std::string InputRowsNote(const Morsel& morsel);

/// Gives `to` the source position of `from`, whose rows it keeps one to one.
void KeepSourceRows(const Morsel& from, Morsel* to);

/// Cuts `morsel` into zero-copy slices that fit `size`; returns it whole if it fits.
std::vector<Morsel> SplitMorsel(Morsel morsel, const MorselSize& size);

}  // namespace skipjack
