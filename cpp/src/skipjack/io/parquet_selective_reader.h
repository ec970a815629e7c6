// File: parquet_selective_reader.h
//
// Our own decoding of flat Parquet column chunks, straight from their pages.
//
// Late materialization for filtered scans: Arrow's reader decodes every row of a column;
// a scan whose filter keeps 2% of the rows then decodes, widens and copies 50 times
// more values than it returns. Read decodes one numeric or string column chunk at the
// rows a filter kept only, a page at a time: dictionary indices of kept rows far apart
// are read alone, of rows close together unpacked in stretches; plain values are read
// at their positions (pages are still decompressed whole; plain strings are stepped
// over by their lengths).
//
// Whole fixed-width columns: ReadNext decodes consecutive rows in bulk (indices
// unpacked eight at a time, looked up in the dictionary, decimals widened as they are
// written), without Arrow's per-batch record assembly and copies.
//
//   if (SelectiveColumnReader::CanRead(*descr, *chunk, *type)) {
//     SelectiveColumnReader reader(row_group->GetColumnPageReader(leaf), descr, type, pool);
//     ARROW_ASSIGN_OR_RAISE(auto values, reader.Read(rows.data(), rows.size()));
//   }

#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace parquet {
class ColumnChunkMetaData;
class ColumnDescriptor;
class DataPage;
class PageReader;
}  // namespace parquet

namespace skipjack {

class SelectiveColumnReader {
 public:
  /// Whether `chunk` of top-level column `column` can be read so as `type`: INT32/INT64
  /// (integers of that width, dates, decimals), FLOAT/DOUBLE or BYTE_ARRAY (strings and
  /// binaries, any offset width), required or optional, in plain or dictionary pages.
  static bool CanRead(const parquet::ColumnDescriptor& column,
                      const parquet::ColumnChunkMetaData& chunk, const arrow::DataType& type);

  SelectiveColumnReader(std::unique_ptr<parquet::PageReader> pages,
                        const parquet::ColumnDescriptor* column,
                        std::shared_ptr<arrow::DataType> type, arrow::MemoryPool* pool);
  ~SelectiveColumnReader();

  /// The values at `rows` (row numbers within the row group, ascending, and after the
  /// rows of any earlier call) as an array of the reader's type.
  arrow::Result<std::shared_ptr<arrow::Array>> Read(const int64_t* rows, int64_t count);

  /// The `count` rows after those ReadNext returned before (from the row group's first
  /// row on), decoded a run of pages at a time: a fixed-width column read whole, several
  /// times faster than Arrow's reader. A reader serves either Read or ReadNext.
  arrow::Result<std::shared_ptr<arrow::Array>> ReadNext(int64_t count);

 private:
  struct PageCursor;

  arrow::Status NextDataPage();
  /// Moves on to the page holding `row` (at or after the current one).
  arrow::Status MoveToPageOf(int64_t row);
  /// Counts the current page's rows with a value up to `offset` (ascending).
  void CountDefinedBefore(int64_t offset);
  arrow::Status LoadDictionary(const uint8_t* data, int64_t size, int64_t count);
  /// Where the values of a stretch of rows are among the current page's values: from
  /// `first` on, consecutive, or at `positions` (ascending) when that is set.
  struct ValueSpan {
    int64_t first;
    const int64_t* positions;
  };
  /// Call visit(done, rows, span, present, defined) for each stretch of rows inside
  /// one page: `rows` output rows from `done` on, holding the `present` values of
  /// `span`; `defined` says which rows have one (null when all do). WalkRows walks the
  /// given rows, WalkNext the `count` after those it walked before.
  template <typename Visit>
  arrow::Status WalkRows(const int64_t* rows, int64_t count, Visit&& visit);
  template <typename Visit>
  arrow::Status WalkNext(int64_t count, Visit&& visit);
  /// An array of `count` rows, filled by `walk` stretch by stretch.
  template <typename Walk>
  arrow::Result<std::shared_ptr<arrow::Array>> ReadFixedWidth(int64_t count, Walk&& walk);
  template <typename Walk>
  arrow::Result<std::shared_ptr<arrow::Array>> ReadByteArrays(int64_t count, Walk&& walk);
  /// The `count` values of `span` in the current page, in the output width.
  arrow::Status DecodeValues(ValueSpan span, int64_t count, uint8_t* out);
  /// The same for a byte array column: views into the page or the dictionary.
  arrow::Status ByteArrayViews(ValueSpan span, int64_t count, std::string_view* out);
  /// The current page's dictionary indices at `positions` (ascending).
  arrow::Status IndicesAt(const int64_t* positions, int64_t count, uint32_t* out);
  /// The dictionary's values at `indices`, in the output width.
  arrow::Status GatherDictionary(const uint32_t* indices, int64_t count, uint8_t* out) const;
  /// The plain byte array at `*at` (before `end`), moving `*at` past it.
  arrow::Status PlainByteArray(const uint8_t** at, const uint8_t* end, std::string_view* value) const;
  /// The array of `count` byte arrays from 64-bit `offsets`, narrowed unless the type
  /// is large.
  arrow::Result<std::shared_ptr<arrow::Array>> FinishByteArrays(
      std::shared_ptr<arrow::Buffer> offsets, std::shared_ptr<arrow::Buffer> bytes,
      std::shared_ptr<arrow::Buffer> validity, int64_t null_count, int64_t count);
  /// A validity bitmap of `count` rows, all set.
  arrow::Result<std::shared_ptr<arrow::Buffer>> AllValid(int64_t count) const;

  std::unique_ptr<parquet::PageReader> pages_;
  const parquet::ColumnDescriptor* column_;
  std::shared_ptr<arrow::DataType> type_;
  arrow::MemoryPool* pool_;
  int stored_width_;      // bytes per stored value: 4 or 8; 0 for byte arrays
  int output_width_;      // bytes per output value: 4, 8 or 16 (decimals)
  std::vector<uint8_t> dictionary_;  // stored values of the dictionary page
  int64_t dictionary_size_ = 0;
  std::vector<std::string_view> dictionary_strings_;  // byte arrays: into dictionary_
  std::unique_ptr<PageCursor> page_;
  int64_t page_first_row_ = 0;  // row group row of the current page's first row
  int64_t next_row_ = 0;        // ReadNext's next row
  std::vector<uint32_t> indices_;  // dictionary indices of a stretch
  std::vector<uint32_t> block_;    // IndicesAt's unpacked indices
  std::vector<uint8_t> scratch_;   // values of a stretch with nulls among its rows
  std::vector<std::string_view> views_;  // byte arrays of a stretch
  std::vector<int64_t> positions_;  // WalkRows's value positions of a stretch...
  std::vector<uint8_t> flags_;      // ...and which of its rows have a value
};

}  // namespace skipjack
