// File: execution_config.h
//
// The knobs of one query execution: threads, morsel sizing and the memory budget.
// A config is a plain value; the Python side fills it from `set_execution_config`.

#pragma once

#include <cstdint>

#include <arrow/status.h>

namespace skipjack {

/// Settings that shape how a physical plan runs. Sizes are in bytes.
struct ExecutionConfig {
  /// Number of CPU worker threads; 0 means one per hardware core.
  int num_threads = 0;
  /// Morsels are cut to roughly this many bytes...
  int64_t morsel_target_bytes = 8 << 20;
  /// ...and never more than this many rows.
  int64_t morsel_max_rows = 128 * 1024;
  /// Bytes that may wait in one queue between two nodes before the producer pauses.
  int64_t queue_capacity_bytes = 64 << 20;
  /// Soft budget for everything the query buffers; blocking operators spill beyond it.
  int64_t memory_budget_bytes = 4LL << 30;

  /// Returns the thread count after resolving 0 to the number of cores.
  int ResolvedThreads() const;

  /// Returns Invalid naming the first setting that is out of range.
  arrow::Status Validate() const;
};

}  // namespace skipjack
