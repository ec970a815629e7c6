#include "skipjack/exec/string_interner.h"

#include <cstring>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/type.h>
#include <arrow/util/bitmap_ops.h>

#include "skipjack/exec/hash_mix.h"

namespace skipjack {

bool StringInterner::Intern(const arrow::Array& strings, int64_t* ids) {
  switch (strings.type_id()) {
    case arrow::Type::LARGE_STRING:
    case arrow::Type::LARGE_BINARY:
      return InternAll<int64_t>(strings, ids);
    default:
      return InternAll<int32_t>(strings, ids);
  }
}

template <typename Offset>
bool StringInterner::InternAll(const arrow::Array& strings, int64_t* ids) {
  const auto& data = *strings.data();
  const auto* offsets = data.GetValues<Offset>(1);
  const uint8_t* chars = data.buffers[2] ? data.buffers[2]->data() : nullptr;
  const bool has_nulls = strings.null_count() > 0;
  for (int64_t i = 0; i < data.length; ++i) {
    if (has_nulls && strings.IsNull(i)) {
      ids[i] = 0;  // null slots may hold any bytes
      continue;
    }
    const int64_t id = FindOrAdd(chars + offsets[i], static_cast<uint32_t>(offsets[i + 1] - offsets[i]));
    if (id < 0) return false;
    ids[i] = id;
  }
  return true;
}

int64_t StringInterner::FindOrAdd(const uint8_t* data, uint32_t size) {
  const uint64_t hash = HashBytes(data, size);
  const auto tag = static_cast<uint32_t>(hash >> 32);
  size_t slot = hash & mask_;
  while (slots_[slot].id != kEmpty) {
    const Slot& entry = slots_[slot];
    if (entry.tag == tag) {
      const uint64_t begin = starts_[entry.id];
      if (starts_[entry.id + 1] - begin == size &&
          (size == 0 || std::memcmp(arena_.data() + begin, data, size) == 0)) {
        return entry.id;
      }
    }
    slot = (slot + 1) & mask_;
  }
  const auto id = static_cast<int64_t>(hashes_.size());
  if (id >= max_strings_) return -1;
  arena_.append(reinterpret_cast<const char*>(data), size);
  starts_.push_back(arena_.size());
  hashes_.push_back(hash);
  slots_[slot] = Slot{static_cast<uint32_t>(id), tag};
  if (hashes_.size() * 2 > slots_.size()) Rehash(slots_.size() * 2);
  return id;
}

void StringInterner::Rehash(size_t capacity) {
  slots_.assign(capacity, Slot{kEmpty, 0});
  mask_ = capacity - 1;
  for (uint32_t id = 0; id < hashes_.size(); ++id) {
    size_t slot = hashes_[id] & mask_;
    while (slots_[slot].id != kEmpty) slot = (slot + 1) & mask_;
    slots_[slot] = Slot{id, static_cast<uint32_t>(hashes_[id] >> 32)};
  }
}

arrow::Result<std::shared_ptr<arrow::Array>> StringInterner::Strings(
    const std::shared_ptr<arrow::DataType>& type, const arrow::Array& ids,
    arrow::MemoryPool* pool) const {
  switch (type->id()) {
    case arrow::Type::LARGE_STRING:
    case arrow::Type::LARGE_BINARY:
      return Gather<int64_t>(type, ids, pool);
    default:
      return Gather<int32_t>(type, ids, pool);
  }
}

template <typename Offset>
arrow::Result<std::shared_ptr<arrow::Array>> StringInterner::Gather(
    const std::shared_ptr<arrow::DataType>& type, const arrow::Array& ids,
    arrow::MemoryPool* pool) const {
  const int64_t n = ids.length();
  const auto* numbers = ids.data()->GetValues<int64_t>(1);
  ARROW_ASSIGN_OR_RAISE(auto offsets_buffer, arrow::AllocateBuffer((n + 1) * sizeof(Offset), pool));
  auto* offsets = reinterpret_cast<Offset*>(offsets_buffer->mutable_data());
  offsets[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    const auto id = static_cast<size_t>(numbers[i]);
    const uint64_t size = ids.IsNull(i) ? 0 : starts_[id + 1] - starts_[id];
    offsets[i + 1] = static_cast<Offset>(offsets[i] + static_cast<int64_t>(size));
  }
  ARROW_ASSIGN_OR_RAISE(auto chars_buffer, arrow::AllocateBuffer(offsets[n], pool));
  uint8_t* chars = chars_buffer->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    const auto size = static_cast<size_t>(offsets[i + 1] - offsets[i]);
    if (size > 0) std::memcpy(chars + offsets[i], arena_.data() + starts_[numbers[i]], size);
  }
  std::shared_ptr<arrow::Buffer> validity;
  if (ids.null_count() > 0) {
    // From bit 0, as the offsets are.
    ARROW_ASSIGN_OR_RAISE(validity, arrow::internal::CopyBitmap(pool, ids.null_bitmap_data(),
                                                                ids.offset(), n));
  }
  return arrow::MakeArray(arrow::ArrayData::Make(
      type, n, {std::move(validity), std::move(offsets_buffer), std::move(chars_buffer)},
      ids.null_count()));
}

}  // namespace skipjack
