#include "skipjack/common/tracking_memory_pool.h"

namespace skipjack {

TrackingMemoryPool* TrackingMemoryPool::Create(arrow::MemoryPool* parent) {
  return new TrackingMemoryPool(parent);
}

void TrackingMemoryPool::Release() { Unref(); }

void TrackingMemoryPool::Unref() {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
}

void TrackingMemoryPool::AddBytes(int64_t delta) {
  const int64_t now = bytes_.fetch_add(delta, std::memory_order_relaxed) + delta;
  int64_t peak = peak_.load(std::memory_order_relaxed);
  while (now > peak &&
         !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

arrow::Status TrackingMemoryPool::Allocate(int64_t size, int64_t alignment, uint8_t** out) {
  ARROW_RETURN_NOT_OK(parent_->Allocate(size, alignment, out));
  refs_.fetch_add(1, std::memory_order_relaxed);
  allocations_.fetch_add(1, std::memory_order_relaxed);
  total_.fetch_add(size, std::memory_order_relaxed);
  AddBytes(size);
  return arrow::Status::OK();
}

arrow::Status TrackingMemoryPool::Reallocate(int64_t old_size, int64_t new_size,
                                             int64_t alignment, uint8_t** ptr) {
  ARROW_RETURN_NOT_OK(parent_->Reallocate(old_size, new_size, alignment, ptr));
  if (new_size > old_size) total_.fetch_add(new_size - old_size, std::memory_order_relaxed);
  AddBytes(new_size - old_size);
  return arrow::Status::OK();
}

void TrackingMemoryPool::Free(uint8_t* buffer, int64_t size, int64_t alignment) {
  parent_->Free(buffer, size, alignment);
  AddBytes(-size);
  Unref();
}

}  // namespace skipjack
