// File: parquet_snappy_file.cc

#include "skipjack/io/parquet_snappy_file.h"

#include <cstring>
#include <string>

#include <arrow/buffer.h>
#include <arrow/io/interfaces.h>
#include <parquet/column_page.h>
#include <parquet/column_reader.h>
#include <parquet/exception.h>
#include <parquet/file_reader.h>
#include <parquet/metadata.h>
#include <parquet/properties.h>

#include "skipjack/io/snappy_decompress.h"

namespace skipjack {
namespace {

class SnappyPageReader final : public parquet::PageReader {
 public:
  SnappyPageReader(std::unique_ptr<parquet::PageReader> raw, arrow::MemoryPool* pool,
                   std::string column)
      : raw_(std::move(raw)), pool_(pool), column_(std::move(column)) {}

  std::shared_ptr<parquet::Page> NextPage() override {
    std::shared_ptr<parquet::Page> page = raw_->NextPage();
    if (!page) return page;
    switch (page->type()) {
      case parquet::PageType::DICTIONARY_PAGE: {
        const auto& dictionary = static_cast<const parquet::DictionaryPage&>(*page);
        const int64_t length = SnappyDeclaredLength(page->data(), page->size());
        return std::make_shared<parquet::DictionaryPage>(
            Decompressed(*page, 0, length), dictionary.num_values(), dictionary.encoding(),
            dictionary.is_sorted());
      }
      case parquet::PageType::DATA_PAGE: {
        const auto& data = static_cast<const parquet::DataPageV1&>(*page);
        return std::make_shared<parquet::DataPageV1>(
            Decompressed(*page, 0, data.uncompressed_size()), data.num_values(), data.encoding(),
            data.definition_level_encoding(), data.repetition_level_encoding(),
            data.uncompressed_size(), data.statistics(), data.first_row_index(),
            data.size_statistics());
      }
      case parquet::PageType::DATA_PAGE_V2: {
        const auto& data = static_cast<const parquet::DataPageV2&>(*page);
        if (!data.is_compressed()) return page;
        // Levels are stored uncompressed before the compressed values.
        const int64_t levels = static_cast<int64_t>(data.definition_levels_byte_length()) +
                               data.repetition_levels_byte_length();
        return std::make_shared<parquet::DataPageV2>(
            Decompressed(*page, levels, data.uncompressed_size()), data.num_values(),
            data.num_nulls(), data.num_rows(), data.encoding(),
            data.definition_levels_byte_length(), data.repetition_levels_byte_length(),
            data.uncompressed_size(), /*is_compressed=*/false, data.statistics(),
            data.first_row_index(), data.size_statistics());
      }
      default:
        return page;
    }
  }

  void set_max_page_header_size(uint32_t size) override { raw_->set_max_page_header_size(size); }

 private:
  // The page's first `prefix` bytes as they are, then its snappy block decompressed:
  // `length` bytes in all. The buffer is reused once the previous page is released.
  std::shared_ptr<arrow::Buffer> Decompressed(const parquet::Page& page, int64_t prefix,
                                              int64_t length) {
    const int64_t compressed = page.size() - prefix;
    if (prefix < 0 || compressed < 0 || length < prefix) Corrupt();
    if (!buffer_ || buffer_.use_count() > 1) {
      PARQUET_ASSIGN_OR_THROW(buffer_, arrow::AllocateResizableBuffer(length, pool_));
    }
    PARQUET_THROW_NOT_OK(buffer_->Resize(length, /*shrink_to_fit=*/false));
    uint8_t* out = buffer_->mutable_data();
    std::memcpy(out, page.data(), static_cast<size_t>(prefix));
    if (!SnappyDecompress(page.data() + prefix, static_cast<size_t>(compressed), out + prefix,
                          static_cast<size_t>(length - prefix))) {
      Corrupt();
    }
    return buffer_;
  }

  [[noreturn]] void Corrupt() const {
    throw parquet::ParquetException("corrupt snappy-compressed page in column '" + column_ + "'");
  }

  std::unique_ptr<parquet::PageReader> raw_;
  arrow::MemoryPool* pool_;
  std::string column_;
  std::shared_ptr<arrow::ResizableBuffer> buffer_;
};

// Column pages of one row group: ours for plain snappy chunks, else Arrow's.
class SnappyRowGroup final : public parquet::RowGroupReader::Contents {
 public:
  SnappyRowGroup(std::shared_ptr<parquet::RowGroupReader> arrow_row_group,
                 std::shared_ptr<parquet::FileMetaData> file_metadata,
                 std::shared_ptr<arrow::io::RandomAccessFile> input,
                 parquet::ReaderProperties properties)
      : arrow_row_group_(std::move(arrow_row_group)),
        file_metadata_(std::move(file_metadata)),
        input_(std::move(input)),
        properties_(std::move(properties)) {}

  std::unique_ptr<parquet::PageReader> GetColumnPageReader(int leaf) override {
    const auto chunk = arrow_row_group_->metadata()->ColumnChunk(leaf);
    int64_t start = chunk->data_page_offset();
    if (chunk->has_dictionary_page() && chunk->dictionary_page_offset() > 0 &&
        chunk->dictionary_page_offset() < start) {
      start = chunk->dictionary_page_offset();
    }
    const int64_t length = chunk->total_compressed_size();
    const auto file_size = input_->GetSize();
    // Arrow pads the range of files whose writer left the dictionary page header out of
    // the chunk's length (PARQUET-816); those, and anything unusual, stay with Arrow.
    if (chunk->compression() != parquet::Compression::SNAPPY || chunk->crypto_metadata() ||
        file_metadata_->writer_version().VersionLt(
            parquet::ApplicationVersion::PARQUET_816_FIXED_VERSION()) ||
        !file_size.ok() || start < 0 || length < 0 || start > *file_size - length) {
      return arrow_row_group_->GetColumnPageReader(leaf);
    }
    const parquet::ColumnDescriptor* column = file_metadata_->schema()->Column(leaf);
    auto raw = parquet::PageReader::Open(properties_.GetStream(input_, start, length),
                                         chunk->num_values(), parquet::Compression::UNCOMPRESSED,
                                         properties_, *column);
    return std::make_unique<SnappyPageReader>(std::move(raw), properties_.memory_pool(),
                                              column->path()->ToDotString());
  }

  const parquet::RowGroupMetaData* metadata() const override {
    return arrow_row_group_->metadata();
  }
  const parquet::ReaderProperties* properties() const override { return &properties_; }

 private:
  std::shared_ptr<parquet::RowGroupReader> arrow_row_group_;
  std::shared_ptr<parquet::FileMetaData> file_metadata_;
  std::shared_ptr<arrow::io::RandomAccessFile> input_;
  parquet::ReaderProperties properties_;
};

// Arrow's file contents with our row groups.
class SnappyFile final : public parquet::ParquetFileReader::Contents {
 public:
  SnappyFile(std::unique_ptr<parquet::ParquetFileReader::Contents> arrow_file,
             std::shared_ptr<arrow::io::RandomAccessFile> input, parquet::ReaderProperties properties)
      : arrow_file_(std::move(arrow_file)),
        input_(std::move(input)),
        properties_(std::move(properties)) {}

  void Close() override { arrow_file_->Close(); }
  std::shared_ptr<parquet::RowGroupReader> GetRowGroup(int i) override {
    return std::make_shared<parquet::RowGroupReader>(std::make_unique<SnappyRowGroup>(
        arrow_file_->GetRowGroup(i), arrow_file_->metadata(), input_, properties_));
  }
  std::shared_ptr<parquet::FileMetaData> metadata() const override {
    return arrow_file_->metadata();
  }
  std::shared_ptr<parquet::PageIndexReader> GetPageIndexReader() override {
    return arrow_file_->GetPageIndexReader();
  }
  parquet::BloomFilterReader& GetBloomFilterReader() override {
    return arrow_file_->GetBloomFilterReader();
  }

 private:
  std::unique_ptr<parquet::ParquetFileReader::Contents> arrow_file_;
  std::shared_ptr<arrow::io::RandomAccessFile> input_;
  parquet::ReaderProperties properties_;
};

}  // namespace

std::unique_ptr<parquet::ParquetFileReader> OpenParquetWithOwnSnappy(
    std::shared_ptr<arrow::io::RandomAccessFile> input, const parquet::ReaderProperties& properties,
    std::shared_ptr<parquet::FileMetaData> metadata) {
  auto arrow_file = parquet::ParquetFileReader::Contents::Open(input, properties, std::move(metadata));
  auto reader = std::make_unique<parquet::ParquetFileReader>();
  reader->Open(std::make_unique<SnappyFile>(std::move(arrow_file), std::move(input), properties));
  return reader;
}

}  // namespace skipjack
