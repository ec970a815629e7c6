#include "skipjack/exec/ordered_group_merge.h"

#include <algorithm>
#include <cstring>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/type.h>

#include "skipjack/exec/key_grouper.h"

namespace skipjack {
namespace {

// Key values as signed 64-bit integers, in order.
class KeyReader {
 public:
  explicit KeyReader(const arrow::Array& keys)
      : values_(keys.data()->buffers[1]->data() + keys.offset() * keys.type()->byte_width()),
        width_(keys.type()->byte_width()),
        is_unsigned_(arrow::is_unsigned_integer(keys.type_id())) {}

  int64_t operator[](int64_t i) const {
    const uint8_t* p = values_ + i * width_;
    switch (width_) {
      case 1:
        return is_unsigned_ ? static_cast<int64_t>(*p) : static_cast<int64_t>(static_cast<int8_t>(*p));
      case 2:
        return is_unsigned_ ? Read<uint16_t>(p) : Read<int16_t>(p);
      case 4:
        return is_unsigned_ ? Read<uint32_t>(p) : Read<int32_t>(p);
      default:
        return Read<int64_t>(p);
    }
  }

  const uint8_t* raw(int64_t i) const { return values_ + i * width_; }

 private:
  template <typename T>
  static int64_t Read(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return static_cast<int64_t>(v);
  }

  const uint8_t* values_;
  int width_;
  bool is_unsigned_;
};

struct Stretch {
  size_t table;
  int64_t begin, end;  // groups [begin, end) of the table, not yet merged
  int64_t first;       // key[begin]
};

}  // namespace

bool SupportsOrderedMerge(const arrow::DataType& type) {
  // uint64 keys past INT64_MAX would not read as ordered signed integers.
  return IsIntegerLikeKey(type) && type.id() != arrow::Type::UINT64;
}

arrow::Result<std::optional<OrderedMerge>> PlanOrderedMerge(
    const std::vector<std::shared_ptr<arrow::Array>>& table_keys, int64_t min_stretch_groups,
    arrow::MemoryPool* pool) {
  std::vector<Stretch> stretches;
  std::vector<KeyReader> readers;
  int64_t total = 0;
  for (size_t t = 0; t < table_keys.size(); ++t) {
    const auto& keys = *table_keys[t];
    if (keys.null_count() > 0) return std::nullopt;
    readers.emplace_back(keys);
    const KeyReader& key = readers.back();
    const int64_t n = keys.length();
    total += n;
    const size_t allowed = stretches.size() + 1 + static_cast<size_t>(n / min_stretch_groups);
    int64_t begin = 0;
    for (int64_t g = 1; g <= n; ++g) {
      if (g < n && key[g] > key[g - 1]) continue;
      stretches.push_back(Stretch{t, begin, g, key[begin]});
      if (stretches.size() > allowed) return std::nullopt;
      begin = g;
    }
  }
  OrderedMerge merge;
  merge.targets.resize(table_keys.size());
  for (size_t t = 0; t < table_keys.size(); ++t) {
    merge.targets[t].resize(static_cast<size_t>(table_keys[t]->length()));
  }
  const auto& type = table_keys.empty() ? arrow::int64() : table_keys[0]->type();
  const int width = type->byte_width();
  ARROW_ASSIGN_OR_RAISE(auto values, arrow::AllocateResizableBuffer(total * width, pool));
  // A k-way merge that moves whole pieces: the stretch with the smallest next key gives
  // every key up to the next smallest key of the others (found by galloping). Stretches
  // that interleave only coarsely (a worker's morsels from different parts of a file)
  // take a few steps each; finely interleaved ones would take a step per group, so past
  // a budget of steps the plan gives up.
  auto later = [](const Stretch& a, const Stretch& b) { return a.first > b.first; };
  std::make_heap(stretches.begin(), stretches.end(), later);
  const int64_t max_steps = 64 + total / min_stretch_groups * 4;
  int64_t steps = 0;
  int64_t merged = 0;
  int64_t last_key = 0;
  while (!stretches.empty()) {
    std::pop_heap(stretches.begin(), stretches.end(), later);
    Stretch& stretch = stretches.back();
    if (++steps > max_steps) return std::nullopt;
    const KeyReader& key = readers[stretch.table];
    // This stretch's keys up to the others' smallest come next.
    int64_t end = stretch.end;
    if (stretches.size() > 1) {
      const int64_t bound = stretches.front().first;
      int64_t step = 1, low = stretch.begin;  // key[low] <= bound
      while (low + step < stretch.end && key[low + step] <= bound) {
        low += step;
        step *= 2;
      }
      end = low + 1;
      for (step /= 2; step > 0; step /= 2) {
        if (end + step <= stretch.end && key[end + step - 1] <= bound) end += step;
      }
    }
    auto& targets = merge.targets[stretch.table];
    for (int64_t g = stretch.begin; g < end; ++g) {
      const int64_t k = key[g];
      if (merged == 0 || k != last_key) {
        std::memcpy(values->mutable_data() + merged * width, key.raw(g), width);
        last_key = k;
        ++merged;
      }
      targets[static_cast<size_t>(g)] = static_cast<uint32_t>(merged - 1);
    }
    if (end == stretch.end) {
      stretches.pop_back();
    } else {
      stretch.begin = end;
      stretch.first = key[end];
      std::push_heap(stretches.begin(), stretches.end(), later);
    }
  }
  ARROW_RETURN_NOT_OK(values->Resize(merged * width));
  merge.keys = arrow::MakeArray(
      arrow::ArrayData::Make(type, merged, {nullptr, std::shared_ptr<arrow::Buffer>(std::move(values))}, 0));
  return merge;
}

}  // namespace skipjack
