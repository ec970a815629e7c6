// File: file_listing.h
//
// Expanding what users pass to readers (a file, a directory, a glob such as
// "data/**/*.parquet", or a list of these) into the files to read.

#pragma once

#include <string>
#include <vector>

#include <arrow/result.h>

#include "skipjack/io/filesystem.h"

namespace skipjack {

struct ListedFile {
  std::string path;  ///< as shown to users: a local path or an s3:// URI
  int64_t size = -1;
  FileLocation location;  ///< filesystem and in-filesystem path
  std::string root;       ///< the listed directory or glob base (for hive partitions)
};

/// True when `pattern` has glob characters (*, ?, [).
bool IsGlob(const std::string& pattern);

/// Matches `path` against a glob `pattern`, segment by segment: `*` and `?` stay inside
/// one segment, `[abc]`/`[!a-c]` match one character, `**` matches any number of
/// whole segments.
bool GlobMatch(const std::string& pattern, const std::string& path);

/// Files of each entry in order; a directory gives its files recursively, in path
/// order, skipping hidden entries (names starting with "." or "_", such as _SUCCESS).
/// A missing path is an IOError naming it; a glob without matches gives nothing when
/// `allow_empty`, else an IOError.
arrow::Result<std::vector<ListedFile>> ListFiles(const std::vector<std::string>& paths,
                                                 const IOConfig& config, bool allow_empty);

}  // namespace skipjack
