#include "skipjack/common/spread_booleans.h"

#include <algorithm>
#include <vector>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/type.h>
#include <arrow/util/bitmap_ops.h>

namespace skipjack {
namespace {

// Bit i of `out` = bytes[index[i]], eight rows to an output byte.
void PackLookups(const uint8_t* bytes, const int32_t* index, int64_t n, uint8_t* out) {
  const int64_t whole = n / 8;
  for (int64_t b = 0; b < whole; ++b) {
    const int32_t* row = index + b * 8;
    out[b] = static_cast<uint8_t>(bytes[row[0]] | bytes[row[1]] << 1 | bytes[row[2]] << 2 |
                                  bytes[row[3]] << 3 | bytes[row[4]] << 4 | bytes[row[5]] << 5 |
                                  bytes[row[6]] << 6 | bytes[row[7]] << 7);
  }
  if (whole * 8 < n) {
    uint8_t last = 0;
    for (int64_t i = whole * 8; i < n; ++i) last |= static_cast<uint8_t>(bytes[index[i]] << (i % 8));
    out[whole] = last;
  }
}

}  // namespace

std::optional<arrow::Result<std::shared_ptr<arrow::Array>>> SpreadBooleans(
    const arrow::Array& per_value, const arrow::Array& indices, arrow::MemoryPool* pool) {
  if (per_value.type_id() != arrow::Type::BOOL || indices.type_id() != arrow::Type::INT32 ||
      indices.null_count() > 0) {
    return std::nullopt;
  }
  const auto& values = static_cast<const arrow::BooleanArray&>(per_value);
  const int64_t entries = values.length();
  const int64_t n = indices.length();
  const int32_t* index = indices.data()->GetValues<int32_t>(1);
  uint32_t largest = 0;
  for (int64_t i = 0; i < n; ++i) largest = std::max(largest, static_cast<uint32_t>(index[i]));
  if (n > 0 && largest >= static_cast<uint64_t>(entries)) {
    return arrow::Result<std::shared_ptr<arrow::Array>>(arrow::Status::Invalid(
        "dictionary index ", largest, " is outside the ", entries, " values"));
  }
  // A byte per value: true and not null; and whether it is valid.
  std::vector<uint8_t> truth(static_cast<size_t>(entries)), valid(static_cast<size_t>(entries));
  for (int64_t e = 0; e < entries; ++e) {
    valid[e] = values.IsValid(e) ? 1 : 0;
    truth[e] = valid[e] && values.Value(e) ? 1 : 0;
  }
  auto bits = arrow::AllocateBitmap(n, pool);
  if (!bits.ok()) return bits.status();
  PackLookups(truth.data(), index, n, (*bits)->mutable_data());
  std::shared_ptr<arrow::Buffer> validity;
  int64_t null_count = 0;
  if (values.null_count() > 0) {
    auto valid_bits = arrow::AllocateBitmap(n, pool);
    if (!valid_bits.ok()) return valid_bits.status();
    PackLookups(valid.data(), index, n, (*valid_bits)->mutable_data());
    null_count = n - arrow::internal::CountSetBits((*valid_bits)->data(), 0, n);
    validity = std::move(*valid_bits);
  }
  std::shared_ptr<arrow::Array> out = std::make_shared<arrow::BooleanArray>(
      n, std::shared_ptr<arrow::Buffer>(std::move(*bits)), std::move(validity), null_count);
  return arrow::Result<std::shared_ptr<arrow::Array>>(std::move(out));
}

}  // namespace skipjack
