// File: tracking_memory_pool.h
//
// A memory pool that counts what one query allocates. Arrow buffers keep a raw pointer
// to the pool they came from, and a query's results outlive the query (they are handed
// to Python), so this pool must outlive its owner: it lives until its owner released
// it AND every buffer it allocated was freed, then deletes itself.

#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include <arrow/memory_pool.h>

namespace skipjack {

class TrackingMemoryPool final : public arrow::MemoryPool {
 public:
  /// Creates a pool forwarding to `parent`; the caller must call Release() once.
  static TrackingMemoryPool* Create(arrow::MemoryPool* parent);

  /// Gives up the owner's reference. The pool deletes itself now if nothing is
  /// allocated, else when the last allocation is freed. Do not use it afterwards.
  void Release();

  arrow::Status Allocate(int64_t size, int64_t alignment, uint8_t** out) override;
  arrow::Status Reallocate(int64_t old_size, int64_t new_size, int64_t alignment,
                           uint8_t** ptr) override;
  void Free(uint8_t* buffer, int64_t size, int64_t alignment) override;

  int64_t bytes_allocated() const override { return bytes_.load(std::memory_order_relaxed); }
  int64_t max_memory() const override { return peak_.load(std::memory_order_relaxed); }
  int64_t total_bytes_allocated() const override { return total_.load(std::memory_order_relaxed); }
  int64_t num_allocations() const override { return allocations_.load(std::memory_order_relaxed); }
  std::string backend_name() const override { return parent_->backend_name(); }

 private:
  explicit TrackingMemoryPool(arrow::MemoryPool* parent) : parent_(parent) {}
  ~TrackingMemoryPool() override = default;

  void AddBytes(int64_t delta);
  // Owner reference plus one per live allocation; whoever drops it to zero deletes.
  void Unref();

  arrow::MemoryPool* parent_;
  std::atomic<int64_t> refs_{1};
  std::atomic<int64_t> bytes_{0};
  std::atomic<int64_t> peak_{0};
  std::atomic<int64_t> total_{0};
  std::atomic<int64_t> allocations_{0};
};

}  // namespace skipjack
