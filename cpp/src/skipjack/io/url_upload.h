// File: url_upload.h
//
// url_upload (Daft's `.upload()`): writes each row's bytes to a file and returns its path.
// The location is either one folder (each row gets a new unique file name in it) or a
// column of full paths. Local paths, file:// and s3:// (Arrow filesystems). Local files
// appear whole or not at all (written under a temporary name, then renamed).

#pragma once

#include <optional>
#include <string>

#include "skipjack/io/io_config.h"
#include "skipjack/udf/udf_function.h"

namespace skipjack {

struct UrlUploadOptions {
  /// The folder every row goes to; unset when the second argument holds full paths.
  std::optional<std::string> folder;
  bool null_on_error = false;
  IOConfig io;
};

UdfFunctionPtr MakeUrlUploadFunction(UrlUploadOptions options);

}  // namespace skipjack
