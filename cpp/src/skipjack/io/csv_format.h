// File: csv_format.h

#pragma once

#include "skipjack/io/file_format.h"

namespace skipjack {

struct CsvOptions {
  std::shared_ptr<arrow::Schema> schema_hints;  ///< Daft's schema= (may be null)
  bool infer_schema = true;
  bool has_headers = true;
  char delimiter = ',';
  bool double_quote = true;
  char quote = '"';
  std::optional<char> escape_char;
  bool allow_variable_columns = false;  ///< short rows padded with nulls, extra fields dropped
};

/// CSV files (optionally gzip/zstd/bz2-compressed, by extension). The schema is
/// inferred from the first file's first megabyte; every file is then read with those
/// types, streaming, one unit per file (small files grouped).
arrow::Result<std::shared_ptr<FileFormat>> MakeCsvFormat(std::vector<ListedFile> files,
                                                        const CsvOptions& options);

}  // namespace skipjack
