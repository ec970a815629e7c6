#include "skipjack/exec/keep_rows.h"

#include <algorithm>
#include <cstring>

#include <arrow/array.h>
#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/util/bit_util.h>

namespace skipjack {

arrow::Result<std::shared_ptr<arrow::RecordBatch>> KeepRows(
    const std::shared_ptr<arrow::RecordBatch>& batch, const std::shared_ptr<arrow::Array>& mask,
    arrow::compute::ExecContext* exec) {
  if (mask->type_id() != arrow::Type::BOOL) {
    ARROW_ASSIGN_OR_RAISE(auto kept, arrow::compute::Filter(batch, mask,
                                                            arrow::compute::FilterOptions(), exec));
    return kept.record_batch();
  }
  const int64_t kept = static_cast<const arrow::BooleanArray&>(*mask).true_count();
  if (kept == batch->num_rows()) return batch;
  std::vector<std::shared_ptr<arrow::Array>> columns;
  columns.reserve(batch->num_columns());
  for (const auto& column : batch->columns()) {
    ARROW_ASSIGN_OR_RAISE(auto filtered, arrow::compute::Filter(column, mask,
                                                                arrow::compute::FilterOptions(),
                                                                exec));
    columns.push_back(filtered.make_array());
  }
  return arrow::RecordBatch::Make(batch->schema(), kept, std::move(columns));
}

arrow::Result<std::shared_ptr<arrow::Array>> KeepRows(const std::shared_ptr<arrow::Array>& column,
                                                      const std::shared_ptr<arrow::Array>& mask,
                                                      int64_t count,
                                                      arrow::compute::ExecContext* exec) {
  if (!mask) return column;
  if (column->type_id() == arrow::Type::NA) return std::make_shared<arrow::NullArray>(count);
  ARROW_ASSIGN_OR_RAISE(auto kept, arrow::compute::Filter(column, mask,
                                                          arrow::compute::FilterOptions(), exec));
  return kept.make_array();
}

std::vector<int64_t> KeptPositions(const arrow::Array* mask, int64_t num_rows) {
  std::vector<int64_t> rows;
  if (!mask) {
    rows.resize(static_cast<size_t>(num_rows));
    for (int64_t i = 0; i < num_rows; ++i) rows[i] = i;
    return rows;
  }
  if (mask->type_id() != arrow::Type::BOOL) return rows;
  const auto& flags = static_cast<const arrow::BooleanArray&>(*mask);
  rows.reserve(static_cast<size_t>(flags.true_count()));
  const uint8_t* values = flags.values()->data();
  const uint8_t* valid = flags.null_count() > 0 ? flags.null_bitmap_data() : nullptr;
  // 64 flags at a time; set bits found by counting trailing zeros.
  for (int64_t start = 0; start < flags.length(); start += 64) {
    const int64_t count = std::min<int64_t>(64, flags.length() - start);
    uint64_t word = 0;
    if (flags.offset() % 8 == 0) {
      const int64_t byte = flags.offset() / 8 + start / 8;
      const auto bytes = static_cast<size_t>((count + 7) / 8);
      std::memcpy(&word, values + byte, bytes);
      if (valid) {
        uint64_t defined = 0;
        std::memcpy(&defined, valid + byte, bytes);
        word &= defined;
      }
      if (count < 64) word &= (uint64_t{1} << count) - 1;
    } else {
      for (int64_t i = 0; i < count; ++i) {  // unaligned: gathered bit by bit
        const int64_t at = flags.offset() + start + i;
        const bool on = arrow::bit_util::GetBit(values, at) &&
                        (!valid || arrow::bit_util::GetBit(valid, at));
        word |= static_cast<uint64_t>(on) << i;
      }
    }
    while (word) {
      rows.push_back(start + __builtin_ctzll(word));
      word &= word - 1;
    }
  }
  return rows;
}

arrow::Result<std::shared_ptr<arrow::Array>> AndMasks(const std::shared_ptr<arrow::Array>& mask,
                                                      std::shared_ptr<arrow::Array> more,
                                                      arrow::compute::ExecContext* exec) {
  if (!mask) return more;
  ARROW_ASSIGN_OR_RAISE(auto both, arrow::compute::CallFunction("and_kleene", {mask, more}, exec));
  return both.make_array();
}

}  // namespace skipjack
