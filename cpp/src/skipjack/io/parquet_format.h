// File: parquet_format.h

#pragma once

#include "skipjack/io/file_format.h"

namespace skipjack {

struct ParquetOptions {
  std::shared_ptr<arrow::Schema> schema_hints;  ///< Daft's schema= (may be null)
  bool infer_schema = true;
  bool ignore_corrupt_files = false;
  /// Daft's row_groups=: the row groups to read, per file in listing order (all if empty).
  std::vector<std::vector<int>> row_groups;
};

/// Reads every file's footer up front (in parallel), for the schema, row counts and
/// row-group statistics. Units are runs of row groups (about 16 MB decoded each), so
/// a large file is read by several tasks; row groups whose statistics rule out a
/// pushed filter are never read.
arrow::Result<std::shared_ptr<FileFormat>> MakeParquetFormat(std::vector<ListedFile> files,
                                                            const ParquetOptions& options);

/// Rows in one Parquet file, from its footer.
arrow::Result<int64_t> ParquetFileRows(const ListedFile& file);

}  // namespace skipjack
