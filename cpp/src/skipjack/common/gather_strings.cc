#include "skipjack/common/gather_strings.h"

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

constexpr int64_t kWord = 16;  // values up to this long are copied as one word, up to
                               // twice this long as two

// The strings of in-range, non-null `index` when every value is `length` (at most 8)
// bytes long.
arrow::Result<std::shared_ptr<arrow::Array>> GatherOneLength(const arrow::BinaryArray& values,
                                                            const int32_t* index, int64_t n,
                                                            int32_t length,
                                                            arrow::MemoryPool* pool) {
  const int64_t total = n * length;
  ARROW_ASSIGN_OR_RAISE(auto offsets, arrow::AllocateBuffer((n + 1) * sizeof(int32_t), pool));
  auto* out_offsets = reinterpret_cast<int32_t*>(offsets->mutable_data());
  for (int64_t i = 0; i <= n; ++i) out_offsets[i] = static_cast<int32_t>(i * length);
  ARROW_ASSIGN_OR_RAISE(auto data, arrow::AllocateBuffer(total + 8, pool));
  uint8_t* out = data->mutable_data();
  // The first `values.length()` values, copied to a buffer with 8 bytes of slack.
  std::vector<uint8_t> packed(static_cast<size_t>(values.length() * length + 8), 0);
  for (int64_t e = 0; e < values.length(); ++e) {
    std::memcpy(packed.data() + e * length, values.GetView(e).data(), static_cast<size_t>(length));
  }
  for (int64_t i = 0; i < n; ++i) {
    std::memcpy(out + i * length, packed.data() + static_cast<int64_t>(index[i]) * length, 8);
  }
  return arrow::MakeArray(arrow::ArrayData::Make(
      values.type(), n,
      {nullptr, std::shared_ptr<arrow::Buffer>(std::move(offsets)),
       arrow::SliceBuffer(std::shared_ptr<arrow::Buffer>(std::move(data)), 0, total)},
      0));
}

// Copies value index[i] to out + out_offsets[i] as `words` words for every row; the
// next values overwrite the excess.
template <int words>
void CopyWords(const uint8_t* bytes, const int32_t* starts, const int32_t* index,
               const int32_t* out_offsets, int64_t n, uint8_t* out) {
  for (int64_t i = 0; i < n; ++i) {
    std::memcpy(out + out_offsets[i], bytes + starts[index[i]], words * kWord);
  }
}

}  // namespace

std::optional<arrow::Result<std::shared_ptr<arrow::Array>>> GatherStrings(
    const std::shared_ptr<arrow::Array>& values_array, const arrow::Array& indices,
    arrow::MemoryPool* pool) {
  const auto value_type = values_array->type_id();
  if (indices.type_id() != arrow::Type::INT32 || values_array->null_count() > 0 ||
      (value_type != arrow::Type::STRING && value_type != arrow::Type::BINARY)) {
    return std::nullopt;
  }
  const auto& values = static_cast<const arrow::BinaryArray&>(*values_array);
  const int64_t n = indices.length();
  const int32_t* index = indices.data()->GetValues<int32_t>(1);
  const int64_t entries = values.length();
  const bool nullable = indices.null_count() > 0;
  const uint8_t* valid = nullable ? indices.null_bitmap_data() : nullptr;
  const int64_t valid_offset = indices.offset();
  const int32_t* starts = values.raw_value_offsets();  // entry e: starts[e]..starts[e + 1]
  const uint8_t* bytes = values.value_data()->data();
  int64_t bytes_size = values.value_data()->size();
  // A small dictionary's last values would each be copied by a call (a word read from
  // them passes the buffer's end): its bytes are copied once to a buffer with slack.
  std::vector<uint8_t> padded;
  int32_t longest = std::numeric_limits<int32_t>::max();  // known for padded values only
  if (bytes_size <= n) {
    padded.resize(static_cast<size_t>(bytes_size + 2 * kWord));
    std::memcpy(padded.data(), bytes, static_cast<size_t>(bytes_size));
    bytes = padded.data();
    bytes_size = static_cast<int64_t>(padded.size());
    longest = 0;
    for (int64_t e = 0; e < entries; ++e) longest = std::max(longest, starts[e + 1] - starts[e]);
  }

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
        return arrow::Status::Invalid("index ", index[i], " at row ", i, " is outside the ",
                                      entries, " values");
      }
    }
  }
  // Few values (checking them all costs no more than the gather), all of one short
  // length: no per-value lengths.
  if (!nullable && entries > 0 && entries <= n) {
    const int32_t length = values.value_length(0);
    bool one_length = length <= 8 && n * length <= std::numeric_limits<int32_t>::max();
    for (int64_t e = 1; one_length && e < entries; ++e) one_length = values.value_length(e) == length;
    if (one_length) return GatherOneLength(values, index, n, length, pool);
  }

  auto offsets = arrow::AllocateBuffer((n + 1) * sizeof(int32_t), pool);
  if (!offsets.ok()) return offsets.status();
  auto* out_offsets = reinterpret_cast<int32_t*>((*offsets)->mutable_data());
  int64_t total = 0;
  out_offsets[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (!nullable || arrow::bit_util::GetBit(valid, valid_offset + i)) {
      total += starts[index[i] + 1] - starts[index[i]];
    }
    out_offsets[i + 1] = static_cast<int32_t>(total);
  }
  if (total > std::numeric_limits<int32_t>::max()) return std::nullopt;

  auto data = arrow::AllocateBuffer(total + 2 * kWord, pool);
  if (!data.ok()) return data.status();
  uint8_t* out = (*data)->mutable_data();
  int64_t n_copied = 0;
  if (!nullable && longest <= 2 * kWord) {
    // Every value fits two words: copied without branching on its length, which
    // mispredicts when lengths mix (l_shipinstruct).
    if (longest <= kWord) {
      CopyWords<1>(bytes, starts, index, out_offsets, n, out);
    } else {
      CopyWords<2>(bytes, starts, index, out_offsets, n, out);
    }
    n_copied = n;
  }
  // A null row's index may be anything: it is skipped (its length is 0 and it may be
  // out of range).
  for (int64_t i = n_copied; i < n; ++i) {
    const int32_t length = out_offsets[i + 1] - out_offsets[i];
    if (length == 0) continue;
    const int64_t start = starts[index[i]];
    // The next values overwrite the excess.
    if (length <= kWord && start + kWord <= bytes_size) {
      std::memcpy(out + out_offsets[i], bytes + start, kWord);
    } else if (length <= 2 * kWord && start + 2 * kWord <= bytes_size) {
      std::memcpy(out + out_offsets[i], bytes + start, 2 * kWord);
    } else {
      std::memcpy(out + out_offsets[i], bytes + start, static_cast<size_t>(length));
    }
  }

  std::shared_ptr<arrow::Buffer> validity;
  if (nullable) {
    auto copied = arrow::internal::CopyBitmap(pool, indices.null_bitmap_data(), indices.offset(), n);
    if (!copied.ok()) return copied.status();
    validity = std::move(*copied);
  }
  auto result = arrow::MakeArray(arrow::ArrayData::Make(
      values.type(), n,
      {std::move(validity), std::shared_ptr<arrow::Buffer>(std::move(*offsets)),
       arrow::SliceBuffer(std::shared_ptr<arrow::Buffer>(std::move(*data)), 0, total)},
      indices.null_count()));
  return arrow::Result<std::shared_ptr<arrow::Array>>(std::move(result));
}

}  // namespace skipjack
