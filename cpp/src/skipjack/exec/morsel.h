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

#include <arrow/status.h>
#include <arrow/type_fwd.h>

namespace skipjack {

struct DerivedRows;

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
  /// Once rows do not map one to one (after a row filter or a join's probe), which rows
  /// of an earlier morsel they are: row i is row `derived_offset + i` of `derived`'s
  /// selection. Resolved only when an error names a row.
  std::shared_ptr<const DerivedRows> derived;
  int64_t derived_offset = 0;

  int64_t num_rows() const;
};

/// Rows selected from an input morsel (kept without its batch): by a boolean mask (a
/// filter keeps the true rows) or by row numbers (a join's probe side).
struct DerivedRows {
  std::shared_ptr<arrow::Array> selection;
  Morsel input;
};

/// Records that `out`'s rows are the rows of `input` that `selection` keeps (a boolean
/// mask) or names (integer row numbers; null: all rows in order).
void DeriveRows(const Morsel& input, std::shared_ptr<arrow::Array> selection, Morsel* out);

/// The source row of row `row` of `morsel` and its file (null for in-memory data), or
/// row -1 when it is not known.
struct SourceRow {
  int64_t row = -1;
  std::shared_ptr<const std::string> file;
};
SourceRow LocateSourceRow(const Morsel& morsel, int64_t row);

/// Marks `status` as about row `row` of the batch a kernel was given; the operator that
/// ran the kernel turns it into the source row (InputRowsNote).
arrow::Status AtBatchRow(const arrow::Status& status, int64_t row);

/// Wraps a batch, measuring it.
Morsel MakeMorsel(std::shared_ptr<arrow::RecordBatch> batch);

/// How big the morsels an operator wants are.
struct MorselSize {
  int64_t max_rows = 128 * 1024;
  int64_t target_bytes = 8 << 20;

  /// Rows per morsel for a batch of `num_rows` rows and `bytes` bytes.
  int64_t RowsFor(int64_t num_rows, int64_t bytes) const;
};

/// Where `morsel`'s rows come from: when `status` is about one row (AtBatchRow), " (input
/// row r)" / " (row r of <file>)", or " (row k of a batch of n rows)" where the source is
/// not known (after an aggregation, say); otherwise " (input rows a to b)" / " (rows a to b
/// of <file>)" while rows map onto the source, else "".
std::string InputRowsNote(const Morsel& morsel, const arrow::Status& status = arrow::Status::OK());

/// Gives `to` the source position of `from`, whose rows it keeps one to one.
void KeepSourceRows(const Morsel& from, Morsel* to);

/// Cuts `morsel` into zero-copy slices that fit `size`; returns it whole if it fits.
std::vector<Morsel> SplitMorsel(Morsel morsel, const MorselSize& size);

}  // namespace skipjack
