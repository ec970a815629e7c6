#include "skipjack/exec/worker_pool.h"

#include <pthread.h>

#include <cstdlib>
#include <map>
#include <memory>

namespace skipjack {

WorkerPool::WorkerPool(int num_threads) {
  for (int i = 0; i < num_threads; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    tasks_.clear();
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void WorkerPool::Submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

bool WorkerPool::idle() {
  std::lock_guard<std::mutex> lock(mu_);
  return busy_ == 0 && tasks_.empty();
}

void WorkerPool::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
    if (stopping_) return;
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    ++busy_;
    lock.unlock();
    task();
    task = nullptr;
    lock.lock();
    --busy_;
  }
}

namespace {

using PoolMap = std::map<int, std::unique_ptr<WorkerPool>>;

std::mutex* pools_mu = new std::mutex();  // never destroyed: used until exit
PoolMap* pools = new PoolMap();

// Idle workers are joined so none is inside library code while globals are destroyed.
// A busy one (e.g. waiting for the GIL of a finalized interpreter) is abandoned rather
// than waited for: exiting must never hang.
void JoinPoolsAtExit() {
  std::lock_guard<std::mutex> lock(*pools_mu);
  for (auto& [threads, pool] : *pools) {
    if (pool->idle()) {
      pool.reset();
    } else {
      pool.release();
    }
  }
}

// A forked child has none of the parent's threads: forget (leak) the parent's pools.
void ForgetPoolsInChild() {
  pools_mu = new std::mutex();
  pools = new PoolMap();
}

}  // namespace

// Blocking readers can nest (a stream that reads another query), so keep plenty.
constexpr int kIoThreads = 16;
// Key of the I/O pool in the pool map; CPU pools are keyed by their positive size.
constexpr int kIoPoolKey = -1;

WorkerPool* GetIoWorkerPool() { return GetWorkerPool(kIoPoolKey); }

WorkerPool* GetWorkerPool(int num_threads) {
  static const bool hooks_installed = [] {
    std::atexit(JoinPoolsAtExit);
    pthread_atfork(nullptr, nullptr, ForgetPoolsInChild);
    return true;
  }();
  (void)hooks_installed;
  std::lock_guard<std::mutex> lock(*pools_mu);
  auto& pool = (*pools)[num_threads];
  if (!pool) pool = std::make_unique<WorkerPool>(num_threads == kIoPoolKey ? kIoThreads : num_threads);
  return pool.get();
}

}  // namespace skipjack
