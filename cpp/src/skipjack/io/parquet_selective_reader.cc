#include "skipjack/io/parquet_selective_reader.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include <arrow/array/data.h>
#include <arrow/array/util.h>
#include <arrow/buffer.h>
#include <arrow/buffer_builder.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>
#include <parquet/column_page.h>
#include <parquet/column_reader.h>
#include <parquet/metadata.h>
#include <parquet/schema.h>
#include <parquet/types.h>

#include "skipjack/io/hybrid_cursor.h"

namespace skipjack {
namespace {

constexpr size_t kWord = 32;  // short byte arrays are copied as one word of this size

arrow::Status Corrupt(const parquet::ColumnDescriptor& column, const std::string& what) {
  return arrow::Status::IOError("Parquet column '", column.path()->ToDotString(), "': ", what);
}

// The Arrow type a column is read as, and the widths involved; output 16 = a decimal
// widened to decimal128.
struct Layout {
  std::shared_ptr<arrow::DataType> type;
  int stored_width = 0;
  int output_width = 0;
};

Layout LayoutOf(const parquet::ColumnDescriptor& column) {
  const auto& logical = column.logical_type();
  const bool plain = !logical || logical->is_none();
  switch (column.physical_type()) {
    case parquet::Type::INT32:
      if (plain || (logical->is_int() && logical->Equals(*parquet::LogicalType::Int(32, true)))) {
        return {arrow::int32(), 4, 4};
      }
      if (logical->is_date()) return {arrow::date32(), 4, 4};
      break;
    case parquet::Type::INT64:
      if (plain || (logical->is_int() && logical->Equals(*parquet::LogicalType::Int(64, true)))) {
        return {arrow::int64(), 8, 8};
      }
      break;
    case parquet::Type::FLOAT:
      if (plain) return {arrow::float32(), 4, 4};
      break;
    case parquet::Type::DOUBLE:
      if (plain) return {arrow::float64(), 8, 8};
      break;
    case parquet::Type::BYTE_ARRAY:
      if (plain) return {arrow::binary(), 0, 0};
      if (logical->is_string() || logical->is_enum() || logical->is_JSON()) {
        return {arrow::utf8(), 0, 0};
      }
      return {};
    default:
      return {};
  }
  if (logical && logical->is_decimal()) {
    const auto& decimal = static_cast<const parquet::DecimalLogicalType&>(*logical);
    const int width = column.physical_type() == parquet::Type::INT32 ? 4 : 8;
    return {arrow::decimal128(decimal.precision(), decimal.scale()), width, 16};
  }
  return {};
}


// Stored values of `width` bytes as `output_width` bytes: copied, or a decimal
// sign-extended to 128 bits.
void WidenValues(const uint8_t* stored, int64_t count, int width, int output_width, uint8_t* out) {
  if (output_width == width) {
    std::memcpy(out, stored, static_cast<size_t>(count * width));
    return;
  }
  for (int64_t i = 0; i < count; ++i) {
    int64_t low;
    if (width == 4) {
      int32_t narrow;
      std::memcpy(&narrow, stored + i * 4, 4);
      low = narrow;
    } else {
      std::memcpy(&low, stored + i * 8, 8);
    }
    const int64_t high = low >> 63;
    std::memcpy(out + i * 16, &low, 8);
    std::memcpy(out + i * 16 + 8, &high, 8);
  }
}

template <typename T>
void GatherValues(const uint8_t* dictionary, const uint32_t* indices, int64_t count, uint8_t* out) {
  const auto* values = reinterpret_cast<const T*>(dictionary);
  auto* target = reinterpret_cast<T*>(out);
  for (int64_t i = 0; i < count; ++i) std::memcpy(target + i, values + indices[i], sizeof(T));
}

// GatherValues of integers stored narrower than the output's 16-byte decimals: each
// value sign-extended as it is copied.
template <typename Stored>
void GatherWidened(const uint8_t* dictionary, const uint32_t* indices, int64_t count, uint8_t* out) {
  const auto* values = reinterpret_cast<const Stored*>(dictionary);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t words[2] = {values[indices[i]], values[indices[i]] < 0 ? -1 : 0};
    std::memcpy(out + i * 16, words, 16);
  }
}

}  // namespace

struct SelectiveColumnReader::PageCursor {
  std::shared_ptr<parquet::Page> page;  // holds the page's buffer
  int64_t num_rows = 0;
  bool dictionary_encoded = false;
  HybridCursor indices;
  const uint8_t* plain = nullptr;
  int64_t plain_count = 0;       // fixed width: values in the page
  const uint8_t* plain_end = nullptr;   // byte arrays: the end of the values...
  int64_t plain_position = 0;           // ...and the value `plain` points at
  std::vector<uint8_t> defined;  // optional columns: 1 where the row has a value
  int64_t counted = 0;           // rows of `defined` counted so far...
  int64_t defined_before = 0;    // ...and how many of them have a value
};

bool SelectiveColumnReader::CanRead(const parquet::ColumnDescriptor& column,
                                    const parquet::ColumnChunkMetaData& chunk,
                                    const arrow::DataType& type) {
  if (column.max_repetition_level() != 0 || column.max_definition_level() > 1 ||
      column.path()->ToDotVector().size() != 1) {
    return false;
  }
  const Layout layout = LayoutOf(column);
  if (!layout.type) return false;
  if (layout.stored_width == 0) {  // byte arrays: strings read as strings, any as binary
    const auto id = type.id();
    const bool binary = id == arrow::Type::BINARY || id == arrow::Type::LARGE_BINARY;
    const bool string = id == arrow::Type::STRING || id == arrow::Type::LARGE_STRING;
    if (!binary && !(string && layout.type->id() == arrow::Type::STRING)) return false;
  } else if (!layout.type->Equals(type)) {
    return false;
  }
  for (auto encoding : chunk.encodings()) {
    if (encoding != parquet::Encoding::PLAIN && encoding != parquet::Encoding::RLE &&
        encoding != parquet::Encoding::PLAIN_DICTIONARY &&
        encoding != parquet::Encoding::RLE_DICTIONARY) {
      return false;
    }
  }
  return true;
}

SelectiveColumnReader::SelectiveColumnReader(std::unique_ptr<parquet::PageReader> pages,
                                             const parquet::ColumnDescriptor* column,
                                             std::shared_ptr<arrow::DataType> type,
                                             arrow::MemoryPool* pool)
    : pages_(std::move(pages)), column_(column), type_(std::move(type)), pool_(pool) {
  const Layout layout = LayoutOf(*column_);
  stored_width_ = layout.stored_width;
  output_width_ = layout.output_width;
}

SelectiveColumnReader::~SelectiveColumnReader() = default;

arrow::Status SelectiveColumnReader::LoadDictionary(const uint8_t* data, int64_t size,
                                                    int64_t count) {
  if (stored_width_ == 0) {  // byte arrays: each a 4-byte length and its bytes
    // A word of slack after the values, so that short ones can be copied as one word.
    dictionary_.assign(data, data + size);
    dictionary_.resize(static_cast<size_t>(size + kWord));
    dictionary_strings_.clear();
    const uint8_t* next = dictionary_.data();
    const uint8_t* end = next + size;
    for (int64_t i = 0; i < count; ++i) {
      uint32_t length = 0;
      if (end - next < 4) return Corrupt(*column_, "dictionary page shorter than its values");
      std::memcpy(&length, next, 4);
      next += 4;
      if (static_cast<uint64_t>(end - next) < length) {
        return Corrupt(*column_, "dictionary page shorter than its values");
      }
      dictionary_strings_.emplace_back(reinterpret_cast<const char*>(next), length);
      next += length;
    }
    dictionary_size_ = count;
    return arrow::Status::OK();
  }
  if (count < 0 || count * stored_width_ > size) {
    return Corrupt(*column_, "dictionary page shorter than its values");
  }
  dictionary_.assign(data, data + count * stored_width_);
  dictionary_size_ = count;
  return arrow::Status::OK();
}

arrow::Status SelectiveColumnReader::NextDataPage() {
  while (true) {
    std::shared_ptr<parquet::Page> page = pages_->NextPage();
    if (!page) return Corrupt(*column_, "column chunk ends before its last row");
    if (page->type() == parquet::PageType::DICTIONARY_PAGE) {
      const auto& dictionary = static_cast<const parquet::DictionaryPage&>(*page);
      ARROW_RETURN_NOT_OK(LoadDictionary(dictionary.data(), dictionary.size(), dictionary.num_values()));
      continue;
    }
    if (page->type() != parquet::PageType::DATA_PAGE &&
        page->type() != parquet::PageType::DATA_PAGE_V2) {
      continue;  // index pages
    }
    const auto& data_page = static_cast<const parquet::DataPage&>(*page);
    auto cursor = std::make_unique<PageCursor>();
    cursor->num_rows = data_page.num_values();  // flat column: one level per row
    const uint8_t* data = data_page.data();
    int64_t size = data_page.size();
    if (column_->max_definition_level() > 0) {
      int64_t levels_size = 0;
      if (page->type() == parquet::PageType::DATA_PAGE_V2) {
        const auto& v2 = static_cast<const parquet::DataPageV2&>(*page);
        data += v2.repetition_levels_byte_length();
        size -= v2.repetition_levels_byte_length();
        levels_size = v2.definition_levels_byte_length();
      } else {
        if (static_cast<const parquet::DataPageV1&>(*page).definition_level_encoding() !=
                parquet::Encoding::RLE ||
            size < 4) {
          return Corrupt(*column_, "unsupported definition levels");
        }
        int32_t length = 0;
        std::memcpy(&length, data, 4);
        data += 4;
        size -= 4;
        levels_size = length;
      }
      if (levels_size < 0 || levels_size > size) return Corrupt(*column_, "levels overrun the page");
      HybridCursor levels(data, levels_size, 1);
      cursor->defined.resize(static_cast<size_t>(cursor->num_rows));
      if (!levels.Decode(0, cursor->num_rows, cursor->defined.data())) {
        return Corrupt(*column_, "definition levels end early");
      }
      data += levels_size;
      size -= levels_size;
    }
    switch (data_page.encoding()) {
      case parquet::Encoding::PLAIN:
        cursor->plain = data;
        cursor->plain_end = data + size;
        cursor->plain_count = stored_width_ > 0 ? size / stored_width_ : 0;
        break;
      case parquet::Encoding::PLAIN_DICTIONARY:
      case parquet::Encoding::RLE_DICTIONARY: {
        if (size < 1 || data[0] > 32) return Corrupt(*column_, "bad dictionary index width");
        cursor->dictionary_encoded = true;
        cursor->indices = HybridCursor(data + 1, size - 1, data[0]);
        break;
      }
      default:
        return Corrupt(*column_, "unsupported page encoding");
    }
    cursor->page = std::move(page);
    page_ = std::move(cursor);
    return arrow::Status::OK();
  }
}

arrow::Status SelectiveColumnReader::MoveToPageOf(int64_t row) {
  while (!page_ || row >= page_first_row_ + page_->num_rows) {
    if (page_) page_first_row_ += page_->num_rows;
    page_.reset();
    ARROW_RETURN_NOT_OK(NextDataPage());
  }
  return arrow::Status::OK();
}

void SelectiveColumnReader::CountDefinedBefore(int64_t offset) {
  PageCursor& page = *page_;
  for (; page.counted < offset; ++page.counted) page.defined_before += page.defined[page.counted];
}

arrow::Status SelectiveColumnReader::PlainByteArray(const uint8_t** at, const uint8_t* end,
                                                    std::string_view* value) const {
  uint32_t length = 0;
  if (end - *at < 4) return Corrupt(*column_, "page has fewer values than rows");
  std::memcpy(&length, *at, 4);
  if (static_cast<uint64_t>(end - *at - 4) < length) return Corrupt(*column_, "value overruns its page");
  *value = std::string_view(reinterpret_cast<const char*>(*at + 4), length);
  *at += 4 + length;
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<arrow::Array>> SelectiveColumnReader::Read(const int64_t* rows,
                                                                         int64_t count) {
  auto walk = [&](auto&& visit) { return WalkRows(rows, count, visit); };
  if (stored_width_ == 0) return ReadByteArrays(count, walk);
  return ReadFixedWidth(count, walk);
}

arrow::Result<std::shared_ptr<arrow::Array>> SelectiveColumnReader::ReadNext(int64_t count) {
  auto walk = [&](auto&& visit) { return WalkNext(count, visit); };
  if (stored_width_ == 0) return ReadByteArrays(count, walk);
  return ReadFixedWidth(count, walk);
}

template <typename Visit>
arrow::Status SelectiveColumnReader::WalkRows(const int64_t* rows, int64_t count, Visit&& visit) {
  const bool optional = column_->max_definition_level() > 0;
  for (int64_t done = 0; done < count;) {
    ARROW_RETURN_NOT_OK(MoveToPageOf(rows[done]));
    PageCursor& page = *page_;
    const int64_t page_end = page_first_row_ + page.num_rows;
    positions_.clear();
    flags_.clear();
    int64_t n = 0;
    for (int64_t previous = -1; done + n < count && rows[done + n] < page_end; ++n) {
      const int64_t offset = rows[done + n] - page_first_row_;
      if (offset <= previous) return arrow::Status::Invalid("SelectiveColumnReader: rows not ascending");
      previous = offset;
      if (!optional) {
        positions_.push_back(offset);
        continue;
      }
      CountDefinedBefore(offset);
      flags_.push_back(page.defined[offset]);
      if (page.defined[offset]) positions_.push_back(page.defined_before);
    }
    const auto present = static_cast<int64_t>(positions_.size());
    ARROW_RETURN_NOT_OK(visit(done, n, ValueSpan{0, positions_.data()}, present,
                              present < n ? flags_.data() : nullptr));
    done += n;
  }
  return arrow::Status::OK();
}

template <typename Visit>
arrow::Status SelectiveColumnReader::WalkNext(int64_t count, Visit&& visit) {
  for (int64_t done = 0; done < count;) {
    ARROW_RETURN_NOT_OK(MoveToPageOf(next_row_));
    PageCursor& page = *page_;
    const int64_t offset = next_row_ - page_first_row_;
    const int64_t rows = std::min(count - done, page.num_rows - offset);
    if (column_->max_definition_level() == 0) {
      ARROW_RETURN_NOT_OK(visit(done, rows, ValueSpan{offset, nullptr}, rows, nullptr));
    } else {
      CountDefinedBefore(offset);
      const uint8_t* defined = page.defined.data() + offset;
      int64_t present = 0;
      for (int64_t i = 0; i < rows; ++i) present += defined[i];
      ARROW_RETURN_NOT_OK(visit(done, rows, ValueSpan{page.defined_before, nullptr}, present,
                                present < rows ? defined : nullptr));
      page.counted = offset + rows;
      page.defined_before += present;
    }
    next_row_ += rows;
    done += rows;
  }
  return arrow::Status::OK();
}

arrow::Status SelectiveColumnReader::IndicesAt(const int64_t* positions, int64_t count,
                                               uint32_t* out) {
  if (count == 0) return arrow::Status::OK();
  HybridCursor& indices = page_->indices;
  const int64_t first = positions[0];
  const int64_t last = positions[count - 1];
  // Far apart, each index is read alone at its bit offset; close together, unpacking the
  // whole stretch (eight at a time) and picking is cheaper.
  constexpr int64_t kSparseGap = 8;
  if (last - first >= kSparseGap * count) {
    for (int64_t i = 0; i < count; ++i) {
      if (!indices.At(positions[i], &out[i])) return Corrupt(*column_, "dictionary indices end early");
    }
    return arrow::Status::OK();
  }
  constexpr int64_t kBlock = 2048;  // unpacked indices stay in the first-level cache
  block_.resize(kBlock);
  for (int64_t start = first, i = 0; i < count; start += kBlock) {
    const int64_t n = std::min(kBlock, last + 1 - start);
    if (!indices.Decode(start, n, block_.data())) {
      return Corrupt(*column_, "dictionary indices end early");
    }
    for (; i < count && positions[i] < start + n; ++i) out[i] = block_[positions[i] - start];
  }
  return arrow::Status::OK();
}

arrow::Status SelectiveColumnReader::GatherDictionary(const uint32_t* indices, int64_t count,
                                                      uint8_t* out) const {
  uint32_t largest = 0;
  for (int64_t i = 0; i < count; ++i) largest = std::max(largest, indices[i]);
  if (count > 0 && largest >= dictionary_size_) return Corrupt(*column_, "dictionary index out of range");
  if (output_width_ == stored_width_) {
    if (output_width_ == 4) {
      GatherValues<uint32_t>(dictionary_.data(), indices, count, out);
    } else {
      GatherValues<uint64_t>(dictionary_.data(), indices, count, out);
    }
  } else if (stored_width_ == 4) {  // decimals stored as integers, read as 16 bytes
    GatherWidened<int32_t>(dictionary_.data(), indices, count, out);
  } else {
    GatherWidened<int64_t>(dictionary_.data(), indices, count, out);
  }
  return arrow::Status::OK();
}

arrow::Status SelectiveColumnReader::DecodeValues(ValueSpan span, int64_t count, uint8_t* out) {
  PageCursor& page = *page_;
  if (span.positions && !page.dictionary_encoded) {
    for (int64_t i = 0; i < count; ++i) {
      if (span.positions[i] >= page.plain_count) {
        return Corrupt(*column_, "page has fewer values than rows");
      }
      WidenValues(page.plain + span.positions[i] * stored_width_, 1, stored_width_,
                  output_width_, out + i * output_width_);
    }
    return arrow::Status::OK();
  }
  if (!page.dictionary_encoded) {
    if (span.first + count > page.plain_count) return Corrupt(*column_, "page has fewer values than rows");
    WidenValues(page.plain + span.first * stored_width_, count, stored_width_, output_width_, out);
    return arrow::Status::OK();
  }
  // A block of indices at a time, so that they stay in the first-level cache.
  constexpr int64_t kBlock = 2048;
  indices_.resize(kBlock);
  uint32_t* indices = indices_.data();
  for (int64_t done = 0; done < count; done += kBlock) {
    const int64_t n = std::min(kBlock, count - done);
    if (span.positions) {
      ARROW_RETURN_NOT_OK(IndicesAt(span.positions + done, n, indices));
    } else if (!page.indices.Decode(span.first + done, n, indices)) {
      return Corrupt(*column_, "dictionary indices end early");
    }
    ARROW_RETURN_NOT_OK(GatherDictionary(indices, n, out + done * output_width_));
  }
  return arrow::Status::OK();
}

template <typename Walk>
arrow::Result<std::shared_ptr<arrow::Array>> SelectiveColumnReader::ReadFixedWidth(int64_t count,
                                                                                   Walk&& walk) {
  const int width = output_width_;
  ARROW_ASSIGN_OR_RAISE(auto values, arrow::AllocateBuffer(count * width, pool_));
  uint8_t* out = values->mutable_data();
  std::shared_ptr<arrow::Buffer> validity;
  int64_t null_count = 0;
  ARROW_RETURN_NOT_OK(walk([&](int64_t done, int64_t rows, ValueSpan span, int64_t present,
                               const uint8_t* defined) -> arrow::Status {
    uint8_t* target = out + done * width;
    if (!defined) return DecodeValues(span, rows, target);
    // Nulls among the rows: the values go to their rows, nulls get zeros.
    scratch_.resize(static_cast<size_t>(present * width));
    ARROW_RETURN_NOT_OK(DecodeValues(span, present, scratch_.data()));
    if (!validity) {
      ARROW_ASSIGN_OR_RAISE(validity, AllValid(count));
    }
    for (int64_t i = 0, v = 0; i < rows; ++i) {
      if (defined[i]) {
        std::memcpy(target + i * width, scratch_.data() + v++ * width, static_cast<size_t>(width));
      } else {
        std::memset(target + i * width, 0, static_cast<size_t>(width));
        arrow::bit_util::ClearBit(validity->mutable_data(), done + i);
        ++null_count;
      }
    }
    return arrow::Status::OK();
  }));
  return arrow::MakeArray(
      arrow::ArrayData::Make(type_, count, {std::move(validity), std::move(values)}, null_count));
}

arrow::Status SelectiveColumnReader::ByteArrayViews(ValueSpan span, int64_t count,
                                                    std::string_view* out) {
  PageCursor& page = *page_;
  if (page.dictionary_encoded) {
    indices_.resize(static_cast<size_t>(count));
    if (span.positions) {
      ARROW_RETURN_NOT_OK(IndicesAt(span.positions, count, indices_.data()));
    } else if (!page.indices.Decode(span.first, count, indices_.data())) {
      return Corrupt(*column_, "dictionary indices end early");
    }
    for (int64_t i = 0; i < count; ++i) {
      if (indices_[i] >= dictionary_strings_.size()) {
        return Corrupt(*column_, "dictionary index out of range");
      }
      out[i] = dictionary_strings_[indices_[i]];
    }
    return arrow::Status::OK();
  }
  // Plain values have no index: the ones before a position are stepped over by their
  // lengths.
  std::string_view skipped;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t position = span.positions ? span.positions[i] : span.first + i;
    for (; page.plain_position < position; ++page.plain_position) {
      ARROW_RETURN_NOT_OK(PlainByteArray(&page.plain, page.plain_end, &skipped));
    }
    ARROW_RETURN_NOT_OK(PlainByteArray(&page.plain, page.plain_end, &out[i]));
    ++page.plain_position;
  }
  return arrow::Status::OK();
}

template <typename Walk>
arrow::Result<std::shared_ptr<arrow::Array>> SelectiveColumnReader::ReadByteArrays(int64_t count,
                                                                                   Walk&& walk) {
  // Bytes are copied stretch by stretch: a value points into its page, which goes when
  // the reader moves to the next one.
  arrow::TypedBufferBuilder<int64_t> offsets(pool_);
  arrow::BufferBuilder data(pool_);
  ARROW_RETURN_NOT_OK(offsets.Reserve(count + 1));
  offsets.UnsafeAppend(0);
  std::shared_ptr<arrow::Buffer> validity;
  int64_t null_count = 0;
  ARROW_RETURN_NOT_OK(walk([&](int64_t done, int64_t rows, ValueSpan span, int64_t present,
                               const uint8_t* defined) -> arrow::Status {
    views_.resize(static_cast<size_t>(present));
    ARROW_RETURN_NOT_OK(ByteArrayViews(span, present, views_.data()));
    int64_t bytes = 0;
    for (const auto& view : views_) bytes += static_cast<int64_t>(view.size());
    ARROW_RETURN_NOT_OK(data.Reserve(bytes + kWord));
    if (defined && !validity) {
      ARROW_ASSIGN_OR_RAISE(validity, AllValid(count));
    }
    // Values up to a word long are copied as one word where a word can be read from
    // them (the dictionary has slack; plain values up to the page's end).
    const char* readable_end = reinterpret_cast<const char*>(
        page_->dictionary_encoded ? dictionary_.data() + dictionary_.size() : page_->plain_end);
    uint8_t* out = data.mutable_data();
    int64_t length = data.length();
    int64_t* ends = offsets.mutable_data() + offsets.length();  // locals: no aliasing
    for (int64_t i = 0, v = 0; i < rows; ++i) {
      if (!defined || defined[i]) {
        const auto& view = views_[v++];
        if (view.size() <= kWord && view.data() + kWord <= readable_end) {
          std::memcpy(out + length, view.data(), kWord);
        } else {
          std::memcpy(out + length, view.data(), view.size());
        }
        length += static_cast<int64_t>(view.size());
      } else {
        arrow::bit_util::ClearBit(validity->mutable_data(), done + i);
        ++null_count;
      }
      ends[i] = length;
    }
    offsets.UnsafeAdvance(rows);
    data.UnsafeAdvance(length - data.length());
    return arrow::Status::OK();
  }));
  std::shared_ptr<arrow::Buffer> offset_buffer, bytes;
  ARROW_RETURN_NOT_OK(offsets.Finish(&offset_buffer));
  ARROW_RETURN_NOT_OK(data.Finish(&bytes));
  return FinishByteArrays(std::move(offset_buffer), std::move(bytes), std::move(validity),
                          null_count, count);
}

arrow::Result<std::shared_ptr<arrow::Array>> SelectiveColumnReader::FinishByteArrays(
    std::shared_ptr<arrow::Buffer> offsets, std::shared_ptr<arrow::Buffer> bytes,
    std::shared_ptr<arrow::Buffer> validity, int64_t null_count, int64_t count) {
  const bool large = type_->id() == arrow::Type::LARGE_STRING ||
                     type_->id() == arrow::Type::LARGE_BINARY;
  if (!large && bytes->size() > std::numeric_limits<int32_t>::max()) {
    return arrow::Status::CapacityError("Parquet column '", column_->path()->ToDotString(),
                                        "': more than 2 GiB of strings in one batch");
  }
  if (!large) {  // 32-bit offsets
    ARROW_ASSIGN_OR_RAISE(auto narrow, arrow::AllocateBuffer((count + 1) * 4, pool_));
    const auto* wide = reinterpret_cast<const int64_t*>(offsets->data());
    auto* out = reinterpret_cast<int32_t*>(narrow->mutable_data());
    for (int64_t i = 0; i <= count; ++i) out[i] = static_cast<int32_t>(wide[i]);
    offsets = std::move(narrow);
  }
  return arrow::MakeArray(arrow::ArrayData::Make(
      type_, count, {std::move(validity), std::move(offsets), std::move(bytes)}, null_count));
}


arrow::Result<std::shared_ptr<arrow::Buffer>> SelectiveColumnReader::AllValid(int64_t count) const {
  ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Buffer> validity, arrow::AllocateBitmap(count, pool_));
  std::memset(validity->mutable_data(), 0xFF, static_cast<size_t>(arrow::bit_util::BytesForBits(count)));
  return validity;
}

}  // namespace skipjack
