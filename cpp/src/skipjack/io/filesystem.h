// File: filesystem.h
//
// Resolving a user's path or URI to an Arrow filesystem and a path inside it: plain and
// relative local paths, file://, and s3:// (Arrow's S3 filesystem, configured from
// IOConfig, falling back to the usual AWS environment variables).

#pragma once

#include <memory>
#include <string>

#include <arrow/filesystem/type_fwd.h>
#include <arrow/result.h>

#include "skipjack/io/io_config.h"

namespace skipjack {

struct FileLocation {
  std::shared_ptr<arrow::fs::FileSystem> filesystem;
  std::string path;    ///< inside the filesystem (absolute for local files)
  std::string scheme;  ///< "file" or "s3": how to print paths back to the user
};

arrow::Result<FileLocation> ResolvePath(const std::string& path_or_uri, const IOConfig& config);

/// The path as the user would write it: "s3://bucket/key" or the local path.
std::string DisplayPath(const FileLocation& location, const std::string& path);

}  // namespace skipjack
