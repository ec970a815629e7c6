// File: url_download.h
//
// url_download (Daft's `.download()`): the bytes at each URL or path of a string column.
// http(s):// goes through libcurl (io/http_client.h), file://, local paths and s3://
// through the Arrow filesystems (io/filesystem.h). It is a UdfFunction written in C++,
// so the optimizer gives it its own UDFProject: small batches on the I/O pool, whatever
// the rest of the query does.

#pragma once

#include "skipjack/io/io_config.h"
#include "skipjack/udf/udf_function.h"

namespace skipjack {

struct UrlDownloadOptions {
  int max_connections = 32;
  bool null_on_error = false;
  IOConfig io;
};

UdfFunctionPtr MakeUrlDownloadFunction(UrlDownloadOptions options);

}  // namespace skipjack
