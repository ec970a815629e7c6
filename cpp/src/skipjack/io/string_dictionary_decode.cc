#include "skipjack/io/string_dictionary_decode.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/bitmap_ops.h>

namespace skipjack {
namespace {

constexpr int32_t kWord = 16;  // values up to this long are copied as one word

// The values of `n` in-range indices when every dictionary value is `length` (at most
// 8) bytes long, together under 2 GiB; `padded` holds the dictionary's bytes, `starts` where each value is.
arrow::Result<std::shared_ptr<arrow::Array>> DecodeOneLength(
    const std::shared_ptr<arrow::DataType>& type, const int32_t* index, int64_t n,
    const std::vector<int32_t>& starts, const std::vector<uint8_t>& padded, int32_t length,
    arrow::MemoryPool* pool) {
  const int64_t total = n * length;
  ARROW_ASSIGN_OR_RAISE(auto offsets, arrow::AllocateBuffer((n + 1) * sizeof(int32_t), pool));
  auto* out_offsets = reinterpret_cast<int32_t*>(offsets->mutable_data());
  for (int64_t i = 0; i <= n; ++i) out_offsets[i] = static_cast<int32_t>(i * length);
  ARROW_ASSIGN_OR_RAISE(auto data, arrow::AllocateBuffer(total + 8, pool));
  uint8_t* out = data->mutable_data();
  const uint8_t* bytes = padded.data();
  for (int64_t i = 0; i < n; ++i) std::memcpy(out + i * length, bytes + starts[index[i]], 8);
  return arrow::MakeArray(arrow::ArrayData::Make(
      type, n,
      {nullptr, std::shared_ptr<arrow::Buffer>(std::move(offsets)),
       arrow::SliceBuffer(std::shared_ptr<arrow::Buffer>(std::move(data)), 0, total)},
      0));
}

}  // namespace

std::optional<arrow::Result<std::shared_ptr<arrow::Array>>> DecodeStringDictionary(
    const arrow::DictionaryArray& column, arrow::MemoryPool* pool) {
  const auto& dictionary = *column.dictionary();
  const auto& indices = *column.indices();
  const auto value_type = dictionary.type_id();
  if (indices.type_id() != arrow::Type::INT32 || dictionary.null_count() > 0 ||
      (value_type != arrow::Type::STRING && value_type != arrow::Type::BINARY)) {
    return std::nullopt;
  }
  const auto& values = static_cast<const arrow::BinaryArray&>(dictionary);
  const int64_t n = indices.length();
  const int32_t* index = indices.data()->GetValues<int32_t>(1);
  const int64_t entries = values.length();
  const bool nullable = indices.null_count() > 0;
  const uint8_t* valid = nullable ? indices.null_bitmap_data() : nullptr;
  const int64_t valid_offset = indices.offset();

  // Each entry's start in a copy of the dictionary's bytes with a word of slack after
  // them, so that any value can be read as a whole word, and its length.
  std::vector<int32_t> starts(static_cast<size_t>(entries)), lengths(starts.size());
  int32_t longest = 0;
  for (int64_t e = 0; e < entries; ++e) {
    starts[e] = values.value_offset(e) - values.value_offset(0);
    lengths[e] = values.value_length(e);
    longest = std::max(longest, lengths[e]);
  }
  const int64_t dictionary_bytes = values.total_values_length();
  std::vector<uint8_t> padded(static_cast<size_t>(dictionary_bytes + kWord), 0);
  std::memcpy(padded.data(), values.value_data()->data() + values.value_offset(0), dictionary_bytes);

  // Every index in range first, so that the loops below need no checks. Without nulls
  // the largest index says (a loop the compiler vectorizes).
  uint32_t largest = 0;
  if (!nullable) {
    for (int64_t i = 0; i < n; ++i) largest = std::max(largest, static_cast<uint32_t>(index[i]));
  }
  if (nullable || largest >= static_cast<uint64_t>(entries)) {
    for (int64_t i = 0; i < n; ++i) {
      if (static_cast<uint32_t>(index[i]) >= static_cast<uint64_t>(entries) &&
          (!nullable || arrow::bit_util::GetBit(valid, valid_offset + i))) {
        return arrow::Status::Invalid("dictionary index ", index[i], " at row ", i,
                                      " is outside the dictionary of ", entries, " values");
      }
    }
  }
  // Values all of one short length (flags, codes): offsets are multiples of it and each
  // value is one 8-byte copy.
  const bool one_length =
      !nullable && entries > 0 && longest <= 8 &&
      n * longest <= std::numeric_limits<int32_t>::max() &&
      std::all_of(lengths.begin(), lengths.end(), [&](int32_t l) { return l == longest; });
  if (one_length) return DecodeOneLength(dictionary.type(), index, n, starts, padded, longest, pool);
  auto offsets = arrow::AllocateBuffer((n + 1) * sizeof(int32_t), pool);
  if (!offsets.ok()) return offsets.status();
  auto* out_offsets = reinterpret_cast<int32_t*>((*offsets)->mutable_data());
  int64_t total = 0;
  out_offsets[0] = 0;
  if (nullable) {
    for (int64_t i = 0; i < n; ++i) {
      if (arrow::bit_util::GetBit(valid, valid_offset + i)) total += lengths[index[i]];
      out_offsets[i + 1] = static_cast<int32_t>(total);
    }
  } else {
    for (int64_t i = 0; i < n; ++i) {
      total += lengths[index[i]];
      out_offsets[i + 1] = static_cast<int32_t>(total);
    }
  }
  if (total > std::numeric_limits<int32_t>::max()) return std::nullopt;

  auto data = arrow::AllocateBuffer(total + kWord, pool);
  if (!data.ok()) return data.status();
  uint8_t* out = (*data)->mutable_data();
  const uint8_t* bytes = padded.data();
  if (longest <= kWord) {
    // Each value as one word; the next value overwrites what it copied past its end.
    // A null row's index may be anything: out of range, it is skipped; in range, its
    // word is overwritten too.
    for (int64_t i = 0; i < n; ++i) {
      const auto at = static_cast<uint32_t>(index[i]);
      if (at < static_cast<uint64_t>(entries)) std::memcpy(out + out_offsets[i], bytes + starts[at], kWord);
    }
  } else {
    for (int64_t i = 0; i < n; ++i) {
      const int32_t length = out_offsets[i + 1] - out_offsets[i];
      if (length > 0) std::memcpy(out + out_offsets[i], bytes + starts[index[i]], length);
    }
  }

  std::shared_ptr<arrow::Buffer> validity;
  if (nullable) {
    auto copied = arrow::internal::CopyBitmap(pool, indices.null_bitmap_data(), indices.offset(), n);
    if (!copied.ok()) return copied.status();
    validity = std::move(*copied);
  }
  auto result = arrow::MakeArray(arrow::ArrayData::Make(
      dictionary.type(), n,
      {std::move(validity), std::shared_ptr<arrow::Buffer>(std::move(*offsets)),
       arrow::SliceBuffer(std::shared_ptr<arrow::Buffer>(std::move(*data)), 0, total)},
      indices.null_count()));
  return arrow::Result<std::shared_ptr<arrow::Array>>(std::move(result));
}

}  // namespace skipjack
