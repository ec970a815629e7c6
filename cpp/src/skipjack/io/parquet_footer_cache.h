// File: parquet_footer_cache.h
//
// Footers of local Parquet files this process has parsed, by the footer's bytes. A
// session that queries the same files again parses each footer once: lineitem's (53
// row groups of 16 columns, with statistics) takes about a millisecond of thrift
// decoding per read_parquet otherwise, while reading its bytes back to compare takes
// microseconds. Equal bytes parse to equal metadata, so a file rewritten in place (even
// within one tick of a coarse modification time) is never read with a stale footer.

#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace parquet {
class FileMetaData;
}  // namespace parquet

namespace skipjack {

/// The footer parsed from `footer_bytes` (the serialized metadata at the end of file
/// `path`) if those were the bytes last remembered for it; else null.
std::shared_ptr<parquet::FileMetaData> LookUpFooter(const std::string& path,
                                                    const std::string& footer_bytes);

/// Remembers `footer`, parsed from `footer_bytes`, for `path`; the least recently used
/// of kMaxCachedFooters footers is forgotten.
void RememberFooter(const std::string& path, std::string footer_bytes,
                    std::shared_ptr<parquet::FileMetaData> footer);

constexpr size_t kMaxCachedFooters = 256;

}  // namespace skipjack
