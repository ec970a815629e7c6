// File: memory_tracker.h
//
// Memory accounting of one query. Two views are kept:
//  - allocations made by the query's kernels, through a counting memory pool;
//  - bytes of morsels the executor holds in queues and reorder buffers.
// Both keep a high-water mark, so tests and benchmarks can check that a streaming
// query stays flat however much data passes through it.

#pragma once

#include <atomic>
#include <cstdint>

#include <arrow/memory_pool.h>

#include "skipjack/common/tracking_memory_pool.h"

namespace skipjack {

/// Counts the bytes one query allocates and buffers. Thread-safe.
class MemoryTracker {
 public:
  explicit MemoryTracker(arrow::MemoryPool* parent = arrow::default_memory_pool());
  ~MemoryTracker();
  MemoryTracker(const MemoryTracker&) = delete;
  MemoryTracker& operator=(const MemoryTracker&) = delete;

  /// The pool every kernel of the query allocates from. It stays valid for buffers
  /// that outlive the tracker (query results).
  arrow::MemoryPool* pool() { return pool_; }

  /// Records `bytes` more (or fewer, when negative) buffered morsel bytes.
  void AddBuffered(int64_t bytes);

  int64_t buffered_bytes() const { return buffered_.load(std::memory_order_relaxed); }
  int64_t peak_buffered_bytes() const { return peak_buffered_.load(std::memory_order_relaxed); }
  int64_t allocated_bytes() const { return pool_->bytes_allocated(); }
  int64_t peak_allocated_bytes() const { return pool_->max_memory(); }

 private:
  TrackingMemoryPool* pool_;
  std::atomic<int64_t> buffered_{0};
  std::atomic<int64_t> peak_buffered_{0};
};

}  // namespace skipjack
