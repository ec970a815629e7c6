#include "skipjack/exec/distinct_value_ranks.h"

#include <vector>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/compute/api_vector.h>
#include <arrow/compute/exec.h>
#include <arrow/type.h>
#include <arrow/util/bitmap_ops.h>

namespace skipjack {

arrow::Result<std::shared_ptr<arrow::Array>> DistinctValueRanks(
    const std::shared_ptr<arrow::Array>& column, arrow::compute::ExecContext* exec) {
  switch (column->type_id()) {
    case arrow::Type::STRING:
    case arrow::Type::LARGE_STRING:
    case arrow::Type::BINARY:
    case arrow::Type::LARGE_BINARY:
      break;
    default:
      return nullptr;
  }
  ARROW_ASSIGN_OR_RAISE(auto encoded, arrow::compute::DictionaryEncode(
                                          column, arrow::compute::DictionaryEncodeOptions(), exec));
  const std::shared_ptr<arrow::Array> encoded_array = encoded.make_array();
  const auto& dictionary_array = static_cast<const arrow::DictionaryArray&>(*encoded_array);
  const auto& dictionary = dictionary_array.dictionary();
  if (dictionary->length() * 2 > column->length()) return nullptr;
  ARROW_ASSIGN_OR_RAISE(auto order, arrow::compute::SortIndices(*dictionary, arrow::compute::SortOrder::Ascending, exec));
  const auto* sorted = static_cast<const arrow::UInt64Array&>(*order).raw_values();
  std::vector<uint32_t> rank_of_code(static_cast<size_t>(dictionary->length()));
  for (int64_t r = 0; r < dictionary->length(); ++r) rank_of_code[sorted[r]] = static_cast<uint32_t>(r);

  const auto& codes = static_cast<const arrow::Int32Array&>(*dictionary_array.indices());
  const int64_t n = codes.length();
  ARROW_ASSIGN_OR_RAISE(auto values, arrow::AllocateBuffer(n * sizeof(uint32_t), exec->memory_pool()));
  auto* ranks = reinterpret_cast<uint32_t*>(values->mutable_data());
  const int32_t* raw = codes.raw_values();
  // Null rows hold code 0 or garbage: read through the validity, so any code is in range.
  const bool nulls = codes.null_count() > 0;
  for (int64_t i = 0; i < n; ++i) {
    ranks[i] = nulls && codes.IsNull(i) ? 0 : rank_of_code[static_cast<size_t>(raw[i])];
  }
  std::shared_ptr<arrow::Buffer> validity;
  if (nulls) {
    ARROW_ASSIGN_OR_RAISE(validity, arrow::internal::CopyBitmap(exec->memory_pool(),
                                                                codes.null_bitmap_data(),
                                                                codes.offset(), n));
  }
  return std::make_shared<arrow::UInt32Array>(n, std::move(values), std::move(validity),
                                              codes.null_count());
}

}  // namespace skipjack
