// File: ordered_group_merge.h
//
// Merging group tables without hashing, when their keys arrive in order. A group-by on
// a column the data is sorted or clustered by (lineitem's l_orderkey, an event time)
// gives workers tables, or pass-through chunks of one morsel each, made of long
// stretches of ascending keys. Their groups are merged by walking the stretches in key
// order, equal keys becoming one group, with no hashing at all.

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

/// Where every table's groups go in the merged result, whose keys ascend.
struct OrderedMerge {
  std::shared_ptr<arrow::Array> keys;          // the merged groups' keys, ascending
  std::vector<std::vector<uint32_t>> targets;  // per table: its groups' merged ids
  /// Per table: the first group of each stretch. Targets ascend within a stretch, so
  /// the groups that land in a range of merged ids are found by binary search.
  std::vector<std::vector<int64_t>> stretch_starts;
};

/// Whether one key column of `type` can be merged in order (integers, dates, times,
/// timestamps, durations).
bool SupportsOrderedMerge(const arrow::DataType& type);

/// Plans the merge of tables whose distinct keys (by group id) are `table_keys`: each
/// table is cut into stretches of strictly ascending keys, which are merged in key
/// order a piece at a time. Nothing when keys have nulls, or when the stretches are
/// shorter than `min_stretch_groups` groups on average or interleave finely (both mean
/// unordered data, which hashing merges faster).
arrow::Result<std::optional<OrderedMerge>> PlanOrderedMerge(
    const std::vector<std::shared_ptr<arrow::Array>>& table_keys, int64_t min_stretch_groups,
    arrow::MemoryPool* pool);

}  // namespace skipjack
