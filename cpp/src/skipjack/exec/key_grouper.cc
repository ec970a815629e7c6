#include "skipjack/exec/key_grouper.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/compute/exec.h>
#include <arrow/compute/row/grouper.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>

namespace skipjack {
namespace {

bool IsIntegerLike(const arrow::DataType& type) {
  switch (type.id()) {
    case arrow::Type::INT8:
    case arrow::Type::INT16:
    case arrow::Type::INT32:
    case arrow::Type::INT64:
    case arrow::Type::UINT8:
    case arrow::Type::UINT16:
    case arrow::Type::UINT32:
    case arrow::Type::UINT64:
    case arrow::Type::DATE32:
    case arrow::Type::DATE64:
    case arrow::Type::TIME32:
    case arrow::Type::TIME64:
    case arrow::Type::TIMESTAMP:
    case arrow::Type::DURATION:
      return true;
    default:
      return false;
  }
}

inline uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Reads element i of an integer-like array as int64 (unsigned 64-bit keeps its bits).
template <typename CType>
int64_t ReadAs64(const uint8_t* values, int64_t i) {
  return static_cast<int64_t>(reinterpret_cast<const CType*>(values)[i]);
}

using Reader = int64_t (*)(const uint8_t*, int64_t);

Reader ReaderFor(const arrow::DataType& type) {
  const bool is_unsigned = arrow::is_unsigned_integer(type.id());
  switch (type.byte_width()) {
    case 1:
      return is_unsigned ? &ReadAs64<uint8_t> : &ReadAs64<int8_t>;
    case 2:
      return is_unsigned ? &ReadAs64<uint16_t> : &ReadAs64<int16_t>;
    case 4:
      return is_unsigned ? &ReadAs64<uint32_t> : &ReadAs64<int32_t>;
    default:
      return &ReadAs64<int64_t>;
  }
}

// K integer-like key columns, each value widened to int64; a null is a separate flag
// per column, so (null) and (0) are different keys.
template <int K>
class IntegerGrouper final : public KeyGrouper {
 public:
  IntegerGrouper(std::vector<std::shared_ptr<arrow::DataType>> types, arrow::MemoryPool* pool)
      : types_(std::move(types)), pool_(pool) {
    Rehash(1024);
  }

  arrow::Result<std::shared_ptr<arrow::UInt32Array>> Consume(
      const std::vector<std::shared_ptr<arrow::Array>>& keys, int64_t length) override {
    ARROW_ASSIGN_OR_RAISE(auto buffer, arrow::AllocateBuffer(length * sizeof(uint32_t), pool_));
    auto* out = reinterpret_cast<uint32_t*>(buffer->mutable_data());
    std::array<const uint8_t*, K> values;
    std::array<const uint8_t*, K> validity;
    std::array<int64_t, K> offsets;
    std::array<Reader, K> readers;
    for (int k = 0; k < K; ++k) {
      const auto& data = *keys[k]->data();
      values[k] = data.buffers[1] ? data.buffers[1]->data() : nullptr;
      validity[k] = keys[k]->null_count() > 0 ? data.buffers[0]->data() : nullptr;
      offsets[k] = data.offset;
      readers[k] = ReaderFor(*keys[k]->type());
    }
    // Rows go in blocks: hash a block and prefetch its slots, then probe, so the cache
    // misses of a block overlap instead of following one another.
    constexpr int64_t kBlock = 32;
    std::array<Key, kBlock> block;
    std::array<uint64_t, kBlock> hashes;
    for (int64_t start = 0; start < length; start += kBlock) {
      const int64_t count = std::min(kBlock, length - start);
      for (int64_t j = 0; j < count; ++j) {
        Key& key = block[j];
        key.nulls = 0;
        for (int k = 0; k < K; ++k) {
          const int64_t row = offsets[k] + start + j;
          if (validity[k] && !arrow::bit_util::GetBit(validity[k], row)) {
            key.values[k] = 0;
            key.nulls |= 1u << k;
          } else {
            key.values[k] = readers[k](values[k], row);
          }
        }
        hashes[j] = HashOf(key);
        __builtin_prefetch(&slots_[hashes[j] & mask_]);
      }
      for (int64_t j = 0; j < count; ++j) out[start + j] = FindOrInsert(block[j], hashes[j]);
    }
    return std::make_shared<arrow::UInt32Array>(length, std::move(buffer));
  }

  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> Uniques() override {
    std::vector<std::shared_ptr<arrow::Array>> out;
    const int64_t n = static_cast<int64_t>(keys_.size());
    for (int k = 0; k < K; ++k) {
      const auto& type = types_[k];
      const int width = type->byte_width();
      ARROW_ASSIGN_OR_RAISE(auto data, arrow::AllocateBuffer(n * width, pool_));
      std::shared_ptr<arrow::Buffer> validity;
      int64_t null_count = 0;
      for (const auto& key : keys_) null_count += (key.nulls >> k) & 1;
      if (null_count > 0) {
        ARROW_ASSIGN_OR_RAISE(validity, arrow::AllocateBitmap(n, pool_));
        for (int64_t g = 0; g < n; ++g) {
          arrow::bit_util::SetBitTo(validity->mutable_data(), g, !((keys_[g].nulls >> k) & 1));
        }
      }
      uint8_t* raw = data->mutable_data();
      for (int64_t g = 0; g < n; ++g) {
        const int64_t value = keys_[g].values[k];
        std::memcpy(raw + g * width, &value, width);  // little-endian narrowing
      }
      out.push_back(arrow::MakeArray(arrow::ArrayData::Make(
          type, n, {std::move(validity), std::move(data)}, null_count)));
    }
    return out;
  }

  uint32_t num_groups() const override { return static_cast<uint32_t>(keys_.size()); }

 private:
  struct Key {
    std::array<int64_t, K> values;
    uint32_t nulls = 0;
  };

  static bool Equal(const Key& a, const Key& b) {
    if (a.nulls != b.nulls) return false;
    for (int k = 0; k < K; ++k) {
      if (a.values[k] != b.values[k]) return false;
    }
    return true;
  }

  static uint64_t HashOf(const Key& key) {
    uint64_t h = key.nulls;
    for (int k = 0; k < K; ++k) h = Mix(h * 31 + static_cast<uint64_t>(key.values[k]));
    return h;
  }

  // A slot holds a group id and the high half of its key's hash: most mismatching
  // slots are rejected without reading the key.
  struct Slot {
    uint32_t id;
    uint32_t tag;
  };

  uint32_t FindOrInsert(const Key& key, uint64_t hash) {
    const auto tag = static_cast<uint32_t>(hash >> 32);
    size_t slot = hash & mask_;
    while (true) {
      const Slot& entry = slots_[slot];
      if (entry.id == kEmpty) break;
      if (entry.tag == tag && Equal(keys_[entry.id], key)) return entry.id;
      slot = (slot + 1) & mask_;
    }
    const auto id = static_cast<uint32_t>(keys_.size());
    keys_.push_back(key);
    slots_[slot] = Slot{id, tag};
    if (keys_.size() * 2 > slots_.size()) Rehash(slots_.size() * 2);
    return id;
  }

  void Rehash(size_t capacity) {
    slots_.assign(capacity, Slot{kEmpty, 0});
    mask_ = capacity - 1;
    for (uint32_t id = 0; id < keys_.size(); ++id) {
      const uint64_t hash = HashOf(keys_[id]);
      size_t slot = hash & mask_;
      while (slots_[slot].id != kEmpty) slot = (slot + 1) & mask_;
      slots_[slot] = Slot{id, static_cast<uint32_t>(hash >> 32)};
    }
  }

  static constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  std::vector<std::shared_ptr<arrow::DataType>> types_;
  arrow::MemoryPool* pool_;
  std::vector<Key> keys_;   // by group id
  std::vector<Slot> slots_;  // open addressing, linear probing
  size_t mask_ = 0;
};

// Any other keys: Arrow's Grouper.
class ArrowGrouper final : public KeyGrouper {
 public:
  explicit ArrowGrouper(std::unique_ptr<arrow::compute::Grouper> grouper)
      : grouper_(std::move(grouper)) {}

  arrow::Result<std::shared_ptr<arrow::UInt32Array>> Consume(
      const std::vector<std::shared_ptr<arrow::Array>>& keys, int64_t length) override {
    std::vector<arrow::Datum> values(keys.begin(), keys.end());
    arrow::compute::ExecBatch batch(std::move(values), length);
    ARROW_ASSIGN_OR_RAISE(auto ids, grouper_->Consume(arrow::compute::ExecSpan(batch)));
    return std::static_pointer_cast<arrow::UInt32Array>(ids.make_array());
  }

  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> Uniques() override {
    ARROW_ASSIGN_OR_RAISE(auto uniques, grouper_->GetUniques());
    std::vector<std::shared_ptr<arrow::Array>> out;
    for (const auto& value : uniques.values) out.push_back(value.make_array());
    return out;
  }

  uint32_t num_groups() const override { return grouper_->num_groups(); }

 private:
  std::unique_ptr<arrow::compute::Grouper> grouper_;
};

}  // namespace

arrow::Result<std::unique_ptr<KeyGrouper>> KeyGrouper::Make(
    const std::vector<std::shared_ptr<arrow::DataType>>& key_types,
    arrow::compute::ExecContext* exec) {
  bool all_integer = !key_types.empty() && key_types.size() <= 4;
  for (const auto& type : key_types) all_integer = all_integer && IsIntegerLike(*type);
  auto* pool = exec->memory_pool();
  if (all_integer) {
    switch (key_types.size()) {
      case 1:
        return std::make_unique<IntegerGrouper<1>>(key_types, pool);
      case 2:
        return std::make_unique<IntegerGrouper<2>>(key_types, pool);
      case 3:
        return std::make_unique<IntegerGrouper<3>>(key_types, pool);
      default:
        return std::make_unique<IntegerGrouper<4>>(key_types, pool);
    }
  }
  std::vector<arrow::TypeHolder> holders(key_types.begin(), key_types.end());
  ARROW_ASSIGN_OR_RAISE(auto grouper, arrow::compute::Grouper::Make(holders, exec));
  return std::make_unique<ArrowGrouper>(std::move(grouper));
}

}  // namespace skipjack
