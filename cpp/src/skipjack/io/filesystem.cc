#include "skipjack/io/filesystem.h"

#include <filesystem>

#include <arrow/filesystem/localfs.h>
#include <arrow/filesystem/s3fs.h>

namespace skipjack {
namespace {

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

arrow::Result<std::shared_ptr<arrow::fs::FileSystem>> MakeS3(const S3Config& config) {
  ARROW_RETURN_NOT_OK(arrow::fs::EnsureS3Initialized());
  arrow::fs::S3Options options;
  if (config.anonymous) {
    options = arrow::fs::S3Options::Anonymous();
  } else if (config.key_id && config.access_key) {
    options = arrow::fs::S3Options::FromAccessKey(*config.key_id, *config.access_key,
                                                  config.session_token.value_or(""));
  } else {
    options = arrow::fs::S3Options::Defaults();
  }
  if (config.region) options.region = *config.region;
  if (config.endpoint_url) {
    std::string endpoint = *config.endpoint_url;
    if (StartsWith(endpoint, "http://")) {
      options.scheme = "http";
      endpoint = endpoint.substr(7);
    } else if (StartsWith(endpoint, "https://")) {
      endpoint = endpoint.substr(8);
    }
    options.endpoint_override = endpoint;
    options.force_virtual_addressing = false;
  }
  options.connect_timeout = config.connect_timeout_seconds;
  options.request_timeout = config.request_timeout_seconds;
  options.allow_bucket_creation = true;
  ARROW_ASSIGN_OR_RAISE(auto fs, arrow::fs::S3FileSystem::Make(options));
  return fs;
}

// Local files are memory-mapped: reads return views of the page cache instead of
// copying into new buffers, and Parquet decompresses straight from the mapping.
std::shared_ptr<arrow::fs::FileSystem> LocalFileSystem() {
  static const auto fs = [] {
    auto options = arrow::fs::LocalFileSystemOptions::Defaults();
    options.use_mmap = true;
    return std::make_shared<arrow::fs::LocalFileSystem>(options);
  }();
  return fs;
}

}  // namespace

arrow::Result<FileLocation> ResolvePath(const std::string& path_or_uri, const IOConfig& config) {
  if (StartsWith(path_or_uri, "s3://") || StartsWith(path_or_uri, "s3a://")) {
    const size_t start = path_or_uri.find("://") + 3;
    ARROW_ASSIGN_OR_RAISE(auto fs, MakeS3(config.s3));
    return FileLocation{fs, path_or_uri.substr(start), "s3"};
  }
  std::string local = path_or_uri;
  if (StartsWith(local, "file://")) local = local.substr(7);
  if (local.find("://") != std::string::npos) {
    return arrow::Status::NotImplemented("Unsupported storage scheme in '", path_or_uri,
                                         "'; supported: local paths, file://, s3://");
  }
  std::error_code error;
  auto absolute = std::filesystem::absolute(local, error);
  if (error) return arrow::Status::IOError("Cannot resolve path '", local, "': ", error.message());
  return FileLocation{LocalFileSystem(), absolute.lexically_normal().string(), "file"};
}

std::string DisplayPath(const FileLocation& location, const std::string& path) {
  return location.scheme == "s3" ? "s3://" + path : path;
}

}  // namespace skipjack
