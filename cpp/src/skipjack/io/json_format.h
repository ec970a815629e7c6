// File: json_format.h

#pragma once

#include "skipjack/io/file_format.h"

namespace skipjack {

struct JsonOptions {
  std::shared_ptr<arrow::Schema> schema_hints;  ///< Daft's schema= (may be null)
  bool infer_schema = true;
};

/// Newline-delimited JSON files (optionally compressed, by extension). The schema is
/// inferred from the first file's first megabyte; fields missing in a line are null,
/// fields not in the schema are ignored.
arrow::Result<std::shared_ptr<FileFormat>> MakeJsonFormat(std::vector<ListedFile> files,
                                                         const JsonOptions& options);

}  // namespace skipjack
