#include "skipjack/exec/ordered_group_merge.h"

#include <algorithm>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/type.h>

#include "skipjack/exec/key_grouper.h"

namespace skipjack {
namespace {

// Key values of one integer type T, read as signed 64-bit integers (in order).
template <typename T>
class KeyReader {
 public:
  explicit KeyReader(const arrow::Array& keys)
      : values_(reinterpret_cast<const T*>(keys.data()->buffers[1]->data()) + keys.offset()) {}

  int64_t operator[](int64_t i) const { return static_cast<int64_t>(values_[i]); }
  const T* raw(int64_t i) const { return values_ + i; }

 private:
  const T* values_;
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

namespace {

// PlanOrderedMerge for keys of the C type T: one instantiation per key width and sign,
// so the per-group loops read the keys without a switch.
template <typename T>
arrow::Result<std::optional<OrderedMerge>> PlanTyped(
    const std::vector<std::shared_ptr<arrow::Array>>& table_keys, int64_t min_stretch_groups,
    arrow::MemoryPool* pool) {
  using KeyReader = skipjack::KeyReader<T>;
  std::vector<Stretch> stretches;
  std::vector<KeyReader> readers;
  std::vector<std::vector<int64_t>> stretch_starts(table_keys.size());
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
      stretch_starts[t].push_back(begin);
      if (stretches.size() > allowed) return std::nullopt;
      begin = g;
    }
  }
  OrderedMerge merge;
  merge.stretch_starts = std::move(stretch_starts);
  merge.targets.resize(table_keys.size());
  for (size_t t = 0; t < table_keys.size(); ++t) {
    merge.targets[t].resize(static_cast<size_t>(table_keys[t]->length()));
  }
  const auto& type = table_keys.empty() ? arrow::int64() : table_keys[0]->type();
  ARROW_ASSIGN_OR_RAISE(auto values, arrow::AllocateResizableBuffer(total * sizeof(T), pool));
  T* out = reinterpret_cast<T*>(values->mutable_data());
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
        out[merged] = *key.raw(g);
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
  ARROW_RETURN_NOT_OK(values->Resize(merged * static_cast<int64_t>(sizeof(T))));
  merge.keys = arrow::MakeArray(
      arrow::ArrayData::Make(type, merged, {nullptr, std::shared_ptr<arrow::Buffer>(std::move(values))}, 0));
  return merge;
}

}  // namespace

arrow::Result<std::optional<OrderedMerge>> PlanOrderedMerge(
    const std::vector<std::shared_ptr<arrow::Array>>& table_keys, int64_t min_stretch_groups,
    arrow::MemoryPool* pool) {
  if (table_keys.empty()) return PlanTyped<int64_t>(table_keys, min_stretch_groups, pool);
  const auto& type = *table_keys[0]->type();
  const bool is_unsigned = arrow::is_unsigned_integer(type.id());
  switch (type.byte_width()) {
    case 1:
      return is_unsigned ? PlanTyped<uint8_t>(table_keys, min_stretch_groups, pool)
                         : PlanTyped<int8_t>(table_keys, min_stretch_groups, pool);
    case 2:
      return is_unsigned ? PlanTyped<uint16_t>(table_keys, min_stretch_groups, pool)
                         : PlanTyped<int16_t>(table_keys, min_stretch_groups, pool);
    case 4:
      return is_unsigned ? PlanTyped<uint32_t>(table_keys, min_stretch_groups, pool)
                         : PlanTyped<int32_t>(table_keys, min_stretch_groups, pool);
    default:
      return PlanTyped<int64_t>(table_keys, min_stretch_groups, pool);
  }
}

}  // namespace skipjack
