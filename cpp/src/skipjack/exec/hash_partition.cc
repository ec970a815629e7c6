#include "skipjack/exec/hash_partition.h"

#include <cmath>
#include <cstring>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/scalar.h>
#include <arrow/util/decimal.h>

#include "skipjack/exec/hash_mix.h"

namespace skipjack {
namespace {

constexpr uint64_t kNullHash = 0x5bd1e9955bd1e995ULL;

template <typename CType>
void HashFixed(const arrow::ArrayData& data, std::vector<uint64_t>* out) {
  const CType* values = data.GetValues<CType>(1);
  for (int64_t i = 0; i < data.length; ++i) {
    uint64_t bits = 0;
    if constexpr (std::is_floating_point_v<CType>) {
      CType v = values[i];
      if (v == 0) v = 0;  // -0.0 and 0.0 are one key
      if (std::isnan(v)) v = std::numeric_limits<CType>::quiet_NaN();
      std::memcpy(&bits, &v, sizeof(CType));
    } else {
      bits = static_cast<uint64_t>(values[i]);
    }
    (*out)[i] = Mix64((*out)[i] * 31 + Mix64(bits));
  }
}

template <typename Offset>
void HashBinary(const arrow::ArrayData& data, std::vector<uint64_t>* out) {
  const Offset* offsets = data.GetValues<Offset>(1);
  const uint8_t* bytes = data.buffers[2] ? data.buffers[2]->data() : nullptr;
  for (int64_t i = 0; i < data.length; ++i) {
    const uint64_t h = HashBytes(bytes + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]));
    (*out)[i] = Mix64((*out)[i] * 31 + h);
  }
}

arrow::Status HashColumn(const arrow::Array& column, std::vector<uint64_t>* out) {
  const auto& data = *column.data();
  // Null slots may hold any bytes: their hash must come from the rows' hash so far.
  std::vector<uint64_t> before;
  if (column.null_count() > 0) before = *out;
  switch (column.type_id()) {
    case arrow::Type::BOOL: {
      const auto& bools = static_cast<const arrow::BooleanArray&>(column);
      for (int64_t i = 0; i < column.length(); ++i) (*out)[i] = Mix64((*out)[i] * 31 + bools.Value(i));
      break;
    }
    case arrow::Type::INT8:
      HashFixed<int8_t>(data, out);
      break;
    case arrow::Type::UINT8:
      HashFixed<uint8_t>(data, out);
      break;
    case arrow::Type::INT16:
      HashFixed<int16_t>(data, out);
      break;
    case arrow::Type::UINT16:
      HashFixed<uint16_t>(data, out);
      break;
    case arrow::Type::INT32:
    case arrow::Type::DATE32:
    case arrow::Type::TIME32:
      HashFixed<int32_t>(data, out);
      break;
    case arrow::Type::UINT32:
      HashFixed<uint32_t>(data, out);
      break;
    case arrow::Type::INT64:
    case arrow::Type::DATE64:
    case arrow::Type::TIME64:
    case arrow::Type::TIMESTAMP:
    case arrow::Type::DURATION:
      HashFixed<int64_t>(data, out);
      break;
    case arrow::Type::UINT64:
      HashFixed<uint64_t>(data, out);
      break;
    case arrow::Type::FLOAT:
      HashFixed<float>(data, out);
      break;
    case arrow::Type::DOUBLE:
      HashFixed<double>(data, out);
      break;
    case arrow::Type::STRING:
    case arrow::Type::BINARY:
      HashBinary<int32_t>(data, out);
      break;
    case arrow::Type::LARGE_STRING:
    case arrow::Type::LARGE_BINARY:
      HashBinary<int64_t>(data, out);
      break;
    case arrow::Type::DECIMAL128:
    case arrow::Type::FIXED_SIZE_BINARY: {
      const auto& fixed = static_cast<const arrow::FixedSizeBinaryArray&>(column);
      for (int64_t i = 0; i < column.length(); ++i) {
        (*out)[i] = Mix64((*out)[i] * 31 + HashBytes(fixed.GetValue(i), fixed.byte_width()));
      }
      break;
    }
    case arrow::Type::NA:
      break;
    default: {
      // Nested and other types: slower, through scalars, but still consistent.
      for (int64_t i = 0; i < column.length(); ++i) {
        ARROW_ASSIGN_OR_RAISE(auto scalar, column.GetScalar(i));
        (*out)[i] = Mix64((*out)[i] * 31 + scalar->hash());
      }
      break;
    }
  }
  if (column.null_count() > 0) {
    for (int64_t i = 0; i < column.length(); ++i) {
      if (column.IsNull(i)) (*out)[i] = Mix64(before[i] * 31 + kNullHash);
    }
  }
  return arrow::Status::OK();
}

}  // namespace

arrow::Result<std::vector<uint64_t>> HashRows(
    const std::vector<std::shared_ptr<arrow::Array>>& keys) {
  const int64_t length = keys.empty() ? 0 : keys[0]->length();
  std::vector<uint64_t> hashes(length, 0);
  for (const auto& key : keys) ARROW_RETURN_NOT_OK(HashColumn(*key, &hashes));
  return hashes;
}

arrow::Result<RowPartitions> PartitionRows(const std::vector<uint64_t>& hashes,
                                           int num_partitions, arrow::MemoryPool* pool) {
  RowPartitions out;
  out.offsets.assign(num_partitions + 1, 0);
  std::vector<uint32_t> partition(hashes.size());
  for (size_t i = 0; i < hashes.size(); ++i) {
    // High bits: the low ones also drive hash tables built on the same keys.
    partition[i] = static_cast<uint32_t>((hashes[i] >> 32) % num_partitions);
    ++out.offsets[partition[i] + 1];
  }
  for (int p = 0; p < num_partitions; ++p) out.offsets[p + 1] += out.offsets[p];
  ARROW_ASSIGN_OR_RAISE(auto order, arrow::AllocateBuffer(hashes.size() * sizeof(int64_t), pool));
  auto* rows = reinterpret_cast<int64_t*>(order->mutable_data());
  std::vector<int64_t> cursor(out.offsets.begin(), out.offsets.end() - 1);
  for (size_t i = 0; i < hashes.size(); ++i) rows[cursor[partition[i]]++] = static_cast<int64_t>(i);
  out.order = std::make_shared<arrow::Int64Array>(static_cast<int64_t>(hashes.size()), std::move(order));
  return out;
}

}  // namespace skipjack
