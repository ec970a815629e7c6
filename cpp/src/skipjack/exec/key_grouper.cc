#include "skipjack/exec/key_grouper.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <arrow/array.h>
#include <arrow/array/concatenate.h>
#include <arrow/array/builder_base.h>
#include <arrow/builder.h>
#include <arrow/buffer.h>
#include <arrow/compute/api_vector.h>
#include <arrow/compute/exec.h>
#include <arrow/compute/row/grouper.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>

#include "skipjack/exec/hash_mix.h"
#include "skipjack/exec/key_runs.h"
#include "skipjack/exec/packed_string_grouper.h"

namespace skipjack {

bool IsIntegerLikeKey(const arrow::DataType& type) {
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

namespace {

// Slots of an open-addressing table for `groups` groups at most half full.
size_t SlotsFor(int64_t groups) {
  size_t capacity = 1024;
  while (static_cast<int64_t>(capacity) < 2 * groups) capacity *= 2;
  return capacity;
}

// Widens `count` values of an integer-like array from `row` on into keys' column k.
template <typename CType, typename Key>
void WidenInto(const uint8_t* values, int64_t row, int64_t count, int k, Key* keys) {
  const auto* typed = reinterpret_cast<const CType*>(values) + row;
  for (int64_t j = 0; j < count; ++j) keys[j].values[k] = static_cast<int64_t>(typed[j]);
}

template <typename Key>
void WidenInto(const arrow::DataType& type, const uint8_t* values, int64_t row, int64_t count,
               int k, Key* keys) {
  const bool is_unsigned = arrow::is_unsigned_integer(type.id());
  switch (type.byte_width()) {
    case 1:
      return is_unsigned ? WidenInto<uint8_t>(values, row, count, k, keys)
                         : WidenInto<int8_t>(values, row, count, k, keys);
    case 2:
      return is_unsigned ? WidenInto<uint16_t>(values, row, count, k, keys)
                         : WidenInto<int16_t>(values, row, count, k, keys);
    case 4:
      return is_unsigned ? WidenInto<uint32_t>(values, row, count, k, keys)
                         : WidenInto<int32_t>(values, row, count, k, keys);
    default:
      return WidenInto<int64_t>(values, row, count, k, keys);
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
    for (int k = 0; k < K; ++k) {
      const auto& data = *keys[k]->data();
      values[k] = data.buffers[1] ? data.buffers[1]->data() : nullptr;
      validity[k] = keys[k]->null_count() > 0 ? data.buffers[0]->data() : nullptr;
      offsets[k] = data.offset;
    }
    // Rows go in blocks: read a block column by column, hash it and prefetch its slots,
    // then probe, so the cache misses of a block overlap instead of following one another.
    constexpr int64_t kBlock = 32;
    std::array<Key, kBlock> block;
    std::array<uint64_t, kBlock> hashes;
    for (int64_t start = 0; start < length; start += kBlock) {
      const int64_t count = std::min(kBlock, length - start);
      for (int64_t j = 0; j < count; ++j) block[j].nulls = 0;
      for (int k = 0; k < K; ++k) {
        WidenInto(*keys[k]->type(), values[k], offsets[k] + start, count, k, block.data());
        if (!validity[k]) continue;
        for (int64_t j = 0; j < count; ++j) {
          if (!arrow::bit_util::GetBit(validity[k], offsets[k] + start + j)) {
            block[j].values[k] = 0;
            block[j].nulls |= 1u << k;
          }
        }
      }
      for (int64_t j = 0; j < count; ++j) {
        hashes[j] = HashOf(block[j]);
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

  void Reserve(int64_t groups) override {
    keys_.reserve(static_cast<size_t>(groups));
    const size_t capacity = SlotsFor(groups);
    if (capacity > slots_.size()) Rehash(capacity);
  }

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
    if (K == 1) return Mix64(key.nulls * 31 + static_cast<uint64_t>(key.values[0]));
    // Columns combine by a multiply each; one full mix at the end.
    uint64_t h = key.nulls;
    for (int k = 0; k < K; ++k) h = (h + static_cast<uint64_t>(key.values[k])) * 0x9E3779B97F4A7C15ULL;
    return Mix64(h);
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
    // In blocks, prefetching each block's slots first: on tables of millions of groups
    // the slot writes are cache misses, and this lets them overlap.
    constexpr uint32_t kBlock = 32;
    std::array<uint64_t, kBlock> hashes;
    const auto n = static_cast<uint32_t>(keys_.size());
    for (uint32_t start = 0; start < n; start += kBlock) {
      const uint32_t count = std::min(kBlock, n - start);
      for (uint32_t j = 0; j < count; ++j) {
        hashes[j] = HashOf(keys_[start + j]);
        __builtin_prefetch(&slots_[hashes[j] & mask_], 1);
      }
      for (uint32_t j = 0; j < count; ++j) {
        size_t slot = hashes[j] & mask_;
        while (slots_[slot].id != kEmpty) slot = (slot + 1) & mask_;
        slots_[slot] = Slot{start + j, static_cast<uint32_t>(hashes[j] >> 32)};
      }
    }
  }

  static constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  std::vector<std::shared_ptr<arrow::DataType>> types_;
  arrow::MemoryPool* pool_;
  std::vector<Key> keys_;   // by group id
  std::vector<Slot> slots_;  // open addressing, linear probing
  size_t mask_ = 0;
};


// Keys of fixed-width columns (numbers, dates, decimals, bools) and strings, in any mix:
// each row's key is encoded into bytes (per column a validity byte, then the value's
// bytes; strings with their length first), hashed, and looked up in an open-addressing
// table whose keys live in one arena. No per-row allocation.
class EncodedGrouper final : public KeyGrouper {
 public:
  enum class Kind { kFixed, kBool, kString, kLargeString };

  static bool Supports(const arrow::DataType& type) {
    return IsIntegerLikeKey(type) || arrow::is_floating(type.id()) ||
           type.id() == arrow::Type::DECIMAL128 || type.id() == arrow::Type::BOOL ||
           type.id() == arrow::Type::STRING || type.id() == arrow::Type::LARGE_STRING ||
           type.id() == arrow::Type::BINARY || type.id() == arrow::Type::LARGE_BINARY;
  }

  EncodedGrouper(std::vector<std::shared_ptr<arrow::DataType>> types, arrow::MemoryPool* pool)
      : types_(std::move(types)), pool_(pool) {
    for (const auto& type : types_) {
      switch (type->id()) {
        case arrow::Type::BOOL:
          kinds_.push_back(Kind::kBool);
          break;
        case arrow::Type::STRING:
        case arrow::Type::BINARY:
          kinds_.push_back(Kind::kString);
          break;
        case arrow::Type::LARGE_STRING:
        case arrow::Type::LARGE_BINARY:
          kinds_.push_back(Kind::kLargeString);
          break;
        default:
          kinds_.push_back(Kind::kFixed);
      }
    }
    Rehash(1024);
  }

  arrow::Result<std::shared_ptr<arrow::UInt32Array>> Consume(
      const std::vector<std::shared_ptr<arrow::Array>>& keys, int64_t length) override {
    ARROW_ASSIGN_OR_RAISE(auto buffer, arrow::AllocateBuffer(length * sizeof(uint32_t), pool_));
    auto* out = reinterpret_cast<uint32_t*>(buffer->mutable_data());
    std::vector<Column> columns;
    for (size_t c = 0; c < keys.size(); ++c) columns.push_back(Column::Of(*keys[c], kinds_[c]));
    // Rows go in blocks: encode and hash a block and prefetch its slots, then probe,
    // so the cache misses of a block overlap.
    constexpr int64_t kBlock = 32;
    std::string block;  // the block's encoded keys, back to back
    std::array<size_t, kBlock + 1> ends;
    std::array<uint64_t, kBlock> hashes;
    for (int64_t start = 0; start < length; start += kBlock) {
      const int64_t count = std::min(kBlock, length - start);
      block.clear();
      ends[0] = 0;
      for (int64_t j = 0; j < count; ++j) {
        for (const auto& column : columns) column.Encode(start + j, &block);
        ends[j + 1] = block.size();
      }
      for (int64_t j = 0; j < count; ++j) {
        hashes[j] = HashOf(std::string_view(block.data() + ends[j], ends[j + 1] - ends[j]));
        __builtin_prefetch(&slots_[hashes[j] & mask_]);
      }
      ARROW_RETURN_NOT_OK(MakeRoom(block.size()));
      for (int64_t j = 0; j < count; ++j) {
        out[start + j] = FindOrInsert(
            std::string_view(block.data() + ends[j], ends[j + 1] - ends[j]), hashes[j]);
      }
    }
    return std::make_shared<arrow::UInt32Array>(length, std::move(buffer));
  }

  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> Uniques() override {
    // Column by column, a cursor per group walking its encoded key.
    const auto n = static_cast<int64_t>(keys_.size());
    std::vector<const char*> cursors(static_cast<size_t>(n));
    for (int64_t g = 0; g < n; ++g) cursors[g] = keys_[g].data();
    std::vector<std::shared_ptr<arrow::Array>> out;
    for (size_t c = 0; c < types_.size(); ++c) {
      if (IsRawFixed(c)) {
        ARROW_ASSIGN_OR_RAISE(auto column, DecodeRawFixed(c, &cursors));
        out.push_back(std::move(column));
        continue;
      }
      std::unique_ptr<arrow::ArrayBuilder> builder;
      ARROW_RETURN_NOT_OK(arrow::MakeBuilder(pool_, types_[c], &builder));
      ARROW_RETURN_NOT_OK(builder->Reserve(n));
      for (int64_t g = 0; g < n; ++g) ARROW_RETURN_NOT_OK(Decode(c, &cursors[g], builder.get()));
      ARROW_ASSIGN_OR_RAISE(auto array, builder->Finish());
      out.push_back(std::move(array));
    }
    return out;
  }

  uint32_t num_groups() const override { return static_cast<uint32_t>(keys_.size()); }

  const uint64_t* GroupHashes() const override { return hashes_.data(); }

  bool MergesFrom(const KeyGrouper& other) const override {
    const auto* encoded = dynamic_cast<const EncodedGrouper*>(&other);
    return encoded != nullptr && encoded->kinds_ == kinds_;
  }

  arrow::Result<std::shared_ptr<arrow::UInt32Array>> ConsumeGroups(
      const KeyGrouper& other, const int64_t* groups, int64_t count) override {
    const auto& from = static_cast<const EncodedGrouper&>(other);
    ARROW_ASSIGN_OR_RAISE(auto buffer, arrow::AllocateBuffer(count * sizeof(uint32_t), pool_));
    auto* out = reinterpret_cast<uint32_t*>(buffer->mutable_data());
    constexpr int64_t kBlock = 32;  // prefetch a block's slots, then probe
    for (int64_t start = 0; start < count; start += kBlock) {
      const int64_t end = std::min(count, start + kBlock);
      size_t bytes = 0;
      for (int64_t j = start; j < end; ++j) {
        __builtin_prefetch(&slots_[from.hashes_[groups[j]] & mask_]);
        bytes += from.keys_[groups[j]].size();
      }
      ARROW_RETURN_NOT_OK(MakeRoom(bytes));
      for (int64_t j = start; j < end; ++j) {
        const auto group = static_cast<uint32_t>(groups[j]);
        out[j] = FindOrInsert(from.KeyOf(group), from.hashes_[group]);
      }
    }
    return std::make_shared<arrow::UInt32Array>(count, std::move(buffer));
  }

  void Reserve(int64_t groups) override {
    keys_.reserve(static_cast<size_t>(groups));
    hashes_.reserve(static_cast<size_t>(groups));
    const size_t capacity = SlotsFor(groups);
    if (capacity > slots_.size()) Rehash(capacity);
  }

 private:
  struct Slot {
    uint32_t id;
    uint32_t tag;
  };

  // One key column's buffers, read once per batch.
  struct Column {
    Kind kind;
    const uint8_t* validity = nullptr;  // null when the batch has no nulls
    int64_t offset = 0;
    const uint8_t* values = nullptr;    // fixed width: values; strings: characters
    const void* offsets = nullptr;      // strings: int32 or int64 offsets
    int width = 0;
    bool floating = false;
    bool is_double = false;

    static Column Of(const arrow::Array& array, Kind kind) {
      const auto& data = *array.data();
      Column column;
      column.kind = kind;
      column.offset = data.offset;
      if (array.null_count() > 0) column.validity = data.buffers[0]->data();
      switch (kind) {
        case Kind::kBool:
          column.values = data.buffers[1]->data();
          break;
        case Kind::kString:
        case Kind::kLargeString:
          column.offsets = data.buffers[1]->data();
          column.values = data.buffers[2] ? data.buffers[2]->data() : nullptr;
          break;
        case Kind::kFixed:
          column.values = data.buffers[1]->data();
          column.width = array.type()->byte_width();
          column.floating = arrow::is_floating(array.type_id());
          column.is_double = array.type_id() == arrow::Type::DOUBLE;
          break;
      }
      return column;
    }

    void Encode(int64_t i, std::string* key) const {
      const int64_t row = offset + i;
      if (validity && !arrow::bit_util::GetBit(validity, row)) {
        key->push_back('\0');
        return;
      }
      key->push_back('\1');
      switch (kind) {
        case Kind::kBool:
          key->push_back(arrow::bit_util::GetBit(values, row) ? '\1' : '\0');
          return;
        case Kind::kString: {
          const auto* offs = static_cast<const int32_t*>(offsets);
          const uint32_t size = static_cast<uint32_t>(offs[row + 1] - offs[row]);
          key->append(reinterpret_cast<const char*>(&size), sizeof(size));
          key->append(reinterpret_cast<const char*>(values) + offs[row], size);
          return;
        }
        case Kind::kLargeString: {
          const auto* offs = static_cast<const int64_t*>(offsets);
          const uint64_t size = static_cast<uint64_t>(offs[row + 1] - offs[row]);
          key->append(reinterpret_cast<const char*>(&size), sizeof(size));
          key->append(reinterpret_cast<const char*>(values) + offs[row], size);
          return;
        }
        case Kind::kFixed: {
          const uint8_t* value = values + row * width;
          if (floating) {
            // -0.0 groups with 0.0, and every NaN with every other NaN.
            double v = is_double ? *reinterpret_cast<const double*>(value)
                                 : *reinterpret_cast<const float*>(value);
            if (v == 0) v = 0;
            if (v != v) v = std::numeric_limits<double>::quiet_NaN();
            key->append(reinterpret_cast<const char*>(&v), sizeof(v));
            return;
          }
          key->append(reinterpret_cast<const char*>(value), width);
          return;
        }
      }
    }
  };

  arrow::Status Decode(size_t column, const char** p, arrow::ArrayBuilder* builder) const {
    const bool valid = *(*p)++ != 0;
    if (!valid) return builder->AppendNull();
    const auto& type = *types_[column];
    switch (kinds_[column]) {
      case Kind::kBool: {
        const bool value = *(*p)++ != 0;
        return static_cast<arrow::BooleanBuilder*>(builder)->Append(value);
      }
      case Kind::kString:
      case Kind::kLargeString: {
        uint64_t size = 0;
        if (kinds_[column] == Kind::kString) {
          uint32_t size32;
          std::memcpy(&size32, *p, sizeof(size32));
          size = size32;
          *p += sizeof(size32);
        } else {
          std::memcpy(&size, *p, sizeof(size));
          *p += sizeof(size);
        }
        const std::string_view value(*p, size);
        *p += size;
        if (kinds_[column] == Kind::kString) {
          return static_cast<arrow::BinaryBuilder*>(builder)->Append(value);
        }
        return static_cast<arrow::LargeBinaryBuilder*>(builder)->Append(value);
      }
      case Kind::kFixed: {
        if (type.id() == arrow::Type::DOUBLE || type.id() == arrow::Type::FLOAT) {
          double v;
          std::memcpy(&v, *p, sizeof(v));
          *p += sizeof(v);
          if (type.id() == arrow::Type::DOUBLE) {
            return static_cast<arrow::DoubleBuilder*>(builder)->Append(v);
          }
          return static_cast<arrow::FloatBuilder*>(builder)->Append(static_cast<float>(v));
        }
        return arrow::Status::Invalid("internal: fixed-width key decoded by DecodeRawFixed");
      }
    }
    return arrow::Status::OK();
  }

  // Numbers other than floats, dates, decimals: their key bytes are the value's bytes.
  bool IsRawFixed(size_t column) const {
    return kinds_[column] == Kind::kFixed && !arrow::is_floating(types_[column]->id());
  }

  arrow::Result<std::shared_ptr<arrow::Array>> DecodeRawFixed(size_t column,
                                                             std::vector<const char*>* cursors) const {
    const auto& type = types_[column];
    const int width = type->byte_width();
    const auto n = static_cast<int64_t>(cursors->size());
    ARROW_ASSIGN_OR_RAISE(auto data, arrow::AllocateBuffer(n * width, pool_));
    ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::Buffer> validity, arrow::AllocateBitmap(n, pool_));
    uint8_t* raw = data->mutable_data();
    int64_t null_count = 0;
    for (int64_t g = 0; g < n; ++g) {
      const char*& p = (*cursors)[g];
      const bool valid = *p++ != 0;
      arrow::bit_util::SetBitTo(validity->mutable_data(), g, valid);
      if (valid) {
        std::memcpy(raw + g * width, p, width);
        p += width;
      } else {
        std::memset(raw + g * width, 0, width);
        ++null_count;
      }
    }
    if (null_count == 0) validity.reset();
    return arrow::MakeArray(arrow::ArrayData::Make(type, n, {std::move(validity), std::move(data)},
                                                   null_count));
  }

  static uint64_t HashOf(std::string_view key) { return HashBytes(key.data(), key.size()); }

  std::string_view KeyOf(uint32_t id) const {
    return keys_[id];
  }

  // Room for `bytes` more bytes of keys in the last chunk: FindOrInsert copies a new
  // key there without checking.
  arrow::Status MakeRoom(size_t bytes) {
    if (static_cast<size_t>(chunk_end_ - chunk_free_) >= bytes) return arrow::Status::OK();
    // Chunks grow from 64 KiB to 4 MiB, so that small tables stay small.
    const size_t size = std::max<size_t>(bytes, size_t{64 << 10} << std::min<size_t>(chunks_.size(), 6));
    ARROW_ASSIGN_OR_RAISE(auto chunk, arrow::AllocateBuffer(static_cast<int64_t>(size), pool_));
    chunk_free_ = reinterpret_cast<char*>(chunk->mutable_data());
    chunk_end_ = chunk_free_ + size;
    chunks_.push_back(std::move(chunk));
    return arrow::Status::OK();
  }

  uint32_t FindOrInsert(std::string_view key, uint64_t hash) {
    const auto tag = static_cast<uint32_t>(hash >> 32);
    size_t slot = hash & mask_;
    while (true) {
      const Slot& entry = slots_[slot];
      if (entry.id == kEmpty) break;
      if (entry.tag == tag && KeyOf(entry.id) == key) return entry.id;
      slot = (slot + 1) & mask_;
    }
    const auto id = static_cast<uint32_t>(keys_.size());
    std::memcpy(chunk_free_, key.data(), key.size());
    keys_.emplace_back(chunk_free_, key.size());
    chunk_free_ += key.size();
    hashes_.push_back(hash);
    slots_[slot] = Slot{id, tag};
    if (keys_.size() * 2 > slots_.size()) Rehash(slots_.size() * 2);
    return id;
  }

  // From the kept hashes: the keys themselves are not read again.
  void Rehash(size_t capacity) {
    slots_.assign(capacity, Slot{kEmpty, 0});
    mask_ = capacity - 1;
    for (uint32_t id = 0; id < hashes_.size(); ++id) {
      const uint64_t hash = hashes_[id];
      size_t slot = hash & mask_;
      while (slots_[slot].id != kEmpty) slot = (slot + 1) & mask_;
      slots_[slot] = Slot{id, static_cast<uint32_t>(hash >> 32)};
    }
  }

  static constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  std::vector<std::shared_ptr<arrow::DataType>> types_;
  std::vector<Kind> kinds_;
  arrow::MemoryPool* pool_;
  // Encoded keys live in chunks that never move: growing one buffer instead would
  // copy every key so far, and fault in fresh pages, at each doubling.
  std::vector<std::unique_ptr<arrow::Buffer>> chunks_;
  char* chunk_free_ = nullptr;  // the first unused byte of the last chunk
  char* chunk_end_ = nullptr;
  std::vector<std::string_view> keys_;  // by group id, in chunks_
  std::vector<uint64_t> hashes_;   // of each group's key
  std::vector<Slot> slots_;
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

// Every row its own group, or with `by_runs` every run of consecutive rows with equal
// keys: keeps the key arrays (of each run's first row), hashes nothing.
class PassThroughGrouper final : public KeyGrouper {
 public:
  PassThroughGrouper(arrow::MemoryPool* pool, bool by_runs) : pool_(pool), by_runs_(by_runs) {}

  arrow::Result<std::shared_ptr<arrow::UInt32Array>> Consume(
      const std::vector<std::shared_ptr<arrow::Array>>& keys, int64_t length) override {
    ARROW_ASSIGN_OR_RAISE(auto buffer, arrow::AllocateBuffer(length * sizeof(uint32_t), pool_));
    auto* out = reinterpret_cast<uint32_t*>(buffer->mutable_data());
    if (chunks_.empty()) chunks_.resize(keys.size());
    std::optional<std::vector<int64_t>> starts;
    if (by_runs_) starts = KeyRunStarts(keys, length);
    if (!starts || starts->size() == static_cast<size_t>(length)) {
      for (int64_t i = 0; i < length; ++i) out[i] = num_groups_ + static_cast<uint32_t>(i);
      num_groups_ += static_cast<uint32_t>(length);
      for (size_t k = 0; k < keys.size(); ++k) chunks_[k].push_back(keys[k]);
      return std::make_shared<arrow::UInt32Array>(length, std::move(buffer));
    }
    size_t run = 0;
    for (int64_t i = 0; i < length; ++i) {
      if (run + 1 < starts->size() && (*starts)[run + 1] == i) ++run;
      out[i] = num_groups_ + static_cast<uint32_t>(run);
    }
    num_groups_ += static_cast<uint32_t>(starts->size());
    arrow::Int64Array positions(static_cast<int64_t>(starts->size()),
                                arrow::Buffer::Wrap(*starts));
    arrow::compute::ExecContext exec(pool_);
    for (size_t k = 0; k < keys.size(); ++k) {
      ARROW_ASSIGN_OR_RAISE(auto firsts, arrow::compute::Take(*keys[k], positions,
                                                              arrow::compute::TakeOptions(),
                                                              &exec));
      chunks_[k].push_back(std::move(firsts));
    }
    return std::make_shared<arrow::UInt32Array>(length, std::move(buffer));
  }

  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> Uniques() override {
    std::vector<std::shared_ptr<arrow::Array>> out;
    for (const auto& chunks : chunks_) {
      ARROW_ASSIGN_OR_RAISE(auto whole, arrow::Concatenate(chunks, pool_));
      out.push_back(std::move(whole));
    }
    return out;
  }

  uint32_t num_groups() const override { return num_groups_; }

 private:
  arrow::MemoryPool* pool_;
  bool by_runs_;
  std::vector<arrow::ArrayVector> chunks_;  // per key column
  uint32_t num_groups_ = 0;
};

}  // namespace

arrow::Result<std::shared_ptr<arrow::UInt32Array>> KeyGrouper::ConsumeGroups(
    const KeyGrouper&, const int64_t*, int64_t) {
  return arrow::Status::Invalid("internal: this grouper cannot merge another's groups");
}

std::unique_ptr<KeyGrouper> KeyGrouper::MakePassThrough(arrow::MemoryPool* pool, bool by_runs) {
  return std::make_unique<PassThroughGrouper>(pool, by_runs);
}

namespace {

constexpr int kMaxIntegerKeys = 6;

arrow::Result<std::unique_ptr<KeyGrouper>> MakeIntegerGrouper(
    const std::vector<std::shared_ptr<arrow::DataType>>& key_types,
    arrow::compute::ExecContext* exec) {
  auto* pool = exec->memory_pool();
  switch (key_types.size()) {
    case 1:
      return std::make_unique<IntegerGrouper<1>>(key_types, pool);
    case 2:
      return std::make_unique<IntegerGrouper<2>>(key_types, pool);
    case 3:
      return std::make_unique<IntegerGrouper<3>>(key_types, pool);
    case 4:
      return std::make_unique<IntegerGrouper<4>>(key_types, pool);
    case 5:
      return std::make_unique<IntegerGrouper<5>>(key_types, pool);
    case 6:
      return std::make_unique<IntegerGrouper<6>>(key_types, pool);
    default:
      return arrow::Status::Invalid("internal: ", key_types.size(), " integer key columns");
  }
}

// Encoded keys where every column is supported, else Arrow's Grouper.
arrow::Result<std::unique_ptr<KeyGrouper>> MakeGeneralGrouper(
    const std::vector<std::shared_ptr<arrow::DataType>>& key_types,
    arrow::compute::ExecContext* exec) {
  bool encodable = !key_types.empty();
  for (const auto& type : key_types) encodable = encodable && EncodedGrouper::Supports(*type);
  if (encodable) return std::make_unique<EncodedGrouper>(key_types, exec->memory_pool());
  std::vector<arrow::TypeHolder> holders(key_types.begin(), key_types.end());
  ARROW_ASSIGN_OR_RAISE(auto grouper, arrow::compute::Grouper::Make(holders, exec));
  return std::make_unique<ArrowGrouper>(std::move(grouper));
}

}  // namespace

arrow::Result<std::unique_ptr<KeyGrouper>> KeyGrouper::Make(
    const std::vector<std::shared_ptr<arrow::DataType>>& key_types,
    arrow::compute::ExecContext* exec) {
  bool all_integer = !key_types.empty() && key_types.size() <= kMaxIntegerKeys;
  for (const auto& type : key_types) all_integer = all_integer && IsIntegerLikeKey(*type);
  if (all_integer) return MakeIntegerGrouper(key_types, exec);
  if (SuitsPackedStrings(key_types, kMaxIntegerKeys)) {
    return MakePackedStringGrouper(key_types, exec, kMaxIntegerKeys, &MakeIntegerGrouper,
                                   &MakeGeneralGrouper);
  }
  return MakeGeneralGrouper(key_types, exec);
}

}  // namespace skipjack
