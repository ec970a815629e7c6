// File: parquet_footer_cache.h
//
// Footers of local Parquet files this process has read, kept while the file's size and
// modification time stay the same. A session that queries the same files again parses
// each footer once: lineitem's (53 row groups of 16 columns, with statistics) takes
// about a millisecond of thrift decoding per read_parquet otherwise. Remote files are
// not cached (their listing gives no modification time to check against).

#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace parquet {
class FileMetaData;
}  // namespace parquet

namespace skipjack {

/// The footer last remembered for local file `path`, if it was read when the file had
/// `size` bytes and modification time `modified_ns`; else null.
std::shared_ptr<parquet::FileMetaData> LookUpFooter(const std::string& path, int64_t size,
                                                    int64_t modified_ns);

/// Remembers `footer` for `path` at that size and time; the least recently used of
/// kMaxCachedFooters footers is forgotten.
void RememberFooter(const std::string& path, int64_t size, int64_t modified_ns,
                    std::shared_ptr<parquet::FileMetaData> footer);

constexpr size_t kMaxCachedFooters = 256;

}  // namespace skipjack
