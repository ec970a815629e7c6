// File: parquet_snappy_file.h
//
// A Parquet file reader whose snappy-compressed column chunks are decompressed by
// skipjack's decoder (snappy_decompress.h), for Arrow's column readers and ours alike:
// each chunk's pages are read as if uncompressed and decompressed here. Other codecs,
// encrypted chunks and files from writers with the old chunk-length bug (PARQUET-816)
// read through Arrow's page reader unchanged.
//
// Not for pre-buffered reads: Arrow's ParquetFileReader::PreBuffer assumes its own
// file contents class. Scans pre-buffer remote files only, so only local files use it.
//
//   auto file = OpenParquetWithOwnSnappy(input, properties, footer);
//   ARROW_ASSIGN_OR_RAISE(auto reader, parquet::arrow::FileReader::Make(pool, std::move(file), ...));

#pragma once

#include <memory>

#include <arrow/io/type_fwd.h>

namespace parquet {
class FileMetaData;
class ParquetFileReader;
class ReaderProperties;
}  // namespace parquet

namespace skipjack {

/// Throws parquet::ParquetException like parquet::ParquetFileReader::Open.
std::unique_ptr<parquet::ParquetFileReader> OpenParquetWithOwnSnappy(
    std::shared_ptr<arrow::io::RandomAccessFile> input, const parquet::ReaderProperties& properties,
    std::shared_ptr<parquet::FileMetaData> metadata);

}  // namespace skipjack
