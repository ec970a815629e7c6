// File: hash_partition.h
//
// Splitting rows into partitions by the hash of their key columns. Aggregations and
// joins keep their state in partitions, so that the final merge can run one partition
// per worker and, under a memory budget, a partition can go to disk as a whole.

#pragma once

#include <memory>
#include <vector>

#include <arrow/compute/type_fwd.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

/// A 64-bit hash of each row of `keys` (arrays of one length). Equal keys hash equally
/// (NaN with NaN, -0.0 with 0.0, null with null) across morsels and workers.
arrow::Result<std::vector<uint64_t>> HashRows(const std::vector<std::shared_ptr<arrow::Array>>& keys);

/// Rows grouped by partition: `order` lists row indices partition by partition, and
/// partition p owns order[offsets[p] .. offsets[p+1]).
struct RowPartitions {
  std::shared_ptr<arrow::Array> order;  ///< Int64 row indices
  std::vector<int64_t> offsets;         ///< num_partitions + 1 entries
};

/// Assigns each row to `hash % num_partitions` (using high bits) with a counting sort.
arrow::Result<RowPartitions> PartitionRows(const std::vector<uint64_t>& hashes,
                                           int num_partitions, arrow::MemoryPool* pool);

}  // namespace skipjack
