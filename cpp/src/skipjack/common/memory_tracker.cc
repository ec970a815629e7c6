#include "skipjack/common/memory_tracker.h"

namespace skipjack {

MemoryTracker::MemoryTracker(arrow::MemoryPool* parent)
    : pool_(TrackingMemoryPool::Create(parent)) {}

MemoryTracker::~MemoryTracker() { pool_->Release(); }

void MemoryTracker::AddBuffered(int64_t bytes) {
  const int64_t now = buffered_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  int64_t peak = peak_buffered_.load(std::memory_order_relaxed);
  while (now > peak &&
         !peak_buffered_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

}  // namespace skipjack
