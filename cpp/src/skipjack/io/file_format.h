// File: file_format.h
//
// What a file format (Parquet, CSV, JSON) provides to file scans. A format object is
// made for a list of files when a reader is called: it infers the schema and reads what
// metadata it needs up front. Scans then plan units of work over the files and read
// them piece by piece.
//
// Adding a format: subclass FileFormat (see parquet_format.cc for a full one,
// csv_format.cc for a streaming one) and add a reader in python/skipjack/io/.

#pragma once

#include <memory>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "skipjack/expr/expr.h"
#include "skipjack/io/file_listing.h"
#include "skipjack/plan/source_info.h"

namespace skipjack {

/// Part of one file: all of it, or some of its row groups.
struct UnitPiece {
  int file = 0;
  std::vector<int> row_groups;  ///< empty: the whole file
};

/// What one scan task reads, in order: a file, some row groups of one, or several
/// small files together.
struct ScanUnit {
  std::vector<UnitPiece> pieces;
  int64_t num_rows = -1;  ///< if known from metadata
};

/// Batches of one piece; Next gives nullptr at the end.
class BatchStream {
 public:
  virtual ~BatchStream() = default;
  virtual arrow::Result<std::shared_ptr<arrow::RecordBatch>> Next() = 0;
  /// The row number, within its file, of the first row of the batch Next returned last;
  /// -1 when the stream cannot tell (the scan then counts rows of whole-file pieces).
  virtual int64_t BatchStartRow() const { return -1; }
  /// Columns of the last batch that Next left out (null-typed placeholders) for
  /// ReadKept; only deferrable columns of a filtered piece may be left out.
  virtual std::vector<int> DeferredColumns() const { return {}; }
  /// Deferred `columns` of the last batch (some of DeferredColumns(), each read at most
  /// once per batch) at the rows `kept` (ascending positions in that batch), in order.
  virtual arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> ReadKept(
      const std::vector<int>& columns, const std::vector<int64_t>& kept) {
    return arrow::Status::Invalid("internal: this stream defers no columns");
  }
};

/// What a filtering scan lets a piece do differently (see OpenFilteredPiece).
struct FilteredPieceOptions {
  /// String columns that may come back dictionary-encoded where the file stores them
  /// so: the scan tests each distinct value once and decodes only the rows it keeps.
  std::set<std::string> dictionary_columns;
  /// Columns the filter does not read, which the stream may defer: the scan then asks
  /// for their values at the kept rows only (late materialization).
  std::set<std::string> deferrable_columns;
  /// Asked before each part of the piece (a Parquet row group): false when the filter
  /// has been keeping so many rows that reading deferred columns whole is cheaper.
  std::function<bool()> still_deferring;
  /// Asked before each part too: more columns that may be deferred from that part on
  /// (filter columns, once the scan has chosen the filter's lead column).
  std::function<std::set<std::string>()> deferrable_later;
};

class FileFormat {
 public:
  virtual ~FileFormat() = default;

  /// "Parquet", "CSV", "JSON": scans are named "<name> Scan".
  virtual std::string name() const = 0;
  const std::vector<ListedFile>& files() const { return files_; }
  /// The data columns of the files, in kernel types (see types/kernel_type.h).
  const std::shared_ptr<arrow::Schema>& schema() const { return schema_; }

  /// Rows of one file if its metadata says, else -1.
  virtual int64_t FileRows(int file) const { return -1; }
  /// min and max of an integer or date data column over all files, if the metadata
  /// gives them (see SourceInfo::Bounds).
  virtual std::optional<ValueBounds> Bounds(const std::string& column) const {
    return std::nullopt;
  }
  /// Uncompressed bytes of a data column over all files, if the metadata gives them
  /// (see SourceInfo::ColumnBytes).
  virtual double ColumnBytes(const std::string& column) const { return -1; }

  /// Units over the given files, leaving out parts that `filter` (over data columns,
  /// may be null) rules out by their statistics. By default one unit per file, small
  /// files grouped.
  virtual arrow::Result<std::vector<ScanUnit>> PlanUnits(const std::vector<int>& files,
                                                         const ExprPtr& filter) const;

  /// Opens one piece for reading the data columns `columns` (names in schema()); its
  /// batches have exactly those columns, in schema()'s types, at most `batch_rows` rows.
  virtual arrow::Result<std::unique_ptr<BatchStream>> OpenPiece(
      const UnitPiece& piece, const std::vector<std::string>& columns, int64_t batch_rows,
      arrow::MemoryPool* pool) const = 0;

  /// As OpenPiece, for a scan that filters the batches (see FilteredPieceOptions). By
  /// default: OpenPiece.
  virtual arrow::Result<std::unique_ptr<BatchStream>> OpenFilteredPiece(
      const UnitPiece& piece, const std::vector<std::string>& columns,
      const FilteredPieceOptions& options, int64_t batch_rows, arrow::MemoryPool* pool) const {
    return OpenPiece(piece, columns, batch_rows, pool);
  }

  /// True when some file is on remote storage (S3): reading it waits on the network.
  bool remote() const;
  /// How many pieces may be read at once; remote storage likes more.
  int PreferredConcurrency(int threads) const;

 protected:
  FileFormat(std::vector<ListedFile> files, std::shared_ptr<arrow::Schema> schema)
      : files_(std::move(files)), schema_(std::move(schema)) {}

  std::vector<ListedFile> files_;
  std::shared_ptr<arrow::Schema> schema_;
};

/// Applies Daft's schema= argument: with `infer`, the hinted columns take the hinted
/// types; without, the schema is exactly the hints.
arrow::Result<std::shared_ptr<arrow::Schema>> ApplySchemaHints(
    const std::shared_ptr<arrow::Schema>& inferred, const std::shared_ptr<arrow::Schema>& hints,
    bool infer);

/// Conforms a batch read from a file to `wanted` columns by name: casts types, fills
/// columns the file lacks with nulls. Errors name the file and the column.
/// Dictionary-encoded columns named in `keep_dictionary` stay so (their field in the
/// result says dictionary).
arrow::Result<std::shared_ptr<arrow::RecordBatch>> ConformToSchema(
    const std::shared_ptr<arrow::RecordBatch>& batch, const std::shared_ptr<arrow::Schema>& wanted,
    const std::string& file, arrow::MemoryPool* pool,
    const std::set<std::string>* keep_dictionary = nullptr);

}  // namespace skipjack
