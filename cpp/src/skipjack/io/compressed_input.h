// File: compressed_input.h

#pragma once

#include <memory>

#include <arrow/io/type_fwd.h>
#include <arrow/result.h>

#include "skipjack/io/file_listing.h"

namespace skipjack {

/// Opens a file as a stream, decompressing it when its extension says so (.gz, .zst,
/// .bz2, .lz4).
arrow::Result<std::shared_ptr<arrow::io::InputStream>> OpenMaybeCompressed(const ListedFile& file);

}  // namespace skipjack
