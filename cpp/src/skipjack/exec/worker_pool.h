// File: worker_pool.h
//
// The CPU threads queries run on. A pool is a fixed set of threads and a FIFO of tasks;
// the executor decides what to submit, so the pool needs no priorities or futures.
// Pools live for the process (one per thread count, so a query configured for one
// thread never runs on two): keeping threads keeps their allocator heaps warm, which
// matters as much as the kernels for short queries. They are joined at exit, before
// static destructors run, and a forked child starts with fresh pools.

#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace skipjack {

class WorkerPool {
 public:
  explicit WorkerPool(int num_threads);
  /// Joins the threads; tasks still queued are dropped.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Runs `task` on some worker thread. Thread-safe.
  void Submit(std::function<void()> task);

  int num_threads() const { return static_cast<int>(threads_.size()); }

  /// True when no task is queued or running.
  bool idle();

 private:
  void WorkerLoop();

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  int busy_ = 0;  // workers running a task
  std::vector<std::thread> threads_;
};

/// The process-wide CPU pool with `num_threads` threads, created on first use.
WorkerPool* GetWorkerPool(int num_threads);

/// The process-wide pool for tasks that may block on something outside the engine
/// (Python generators, foreign streams, network): CPU workers are never blocked.
WorkerPool* GetIoWorkerPool();

}  // namespace skipjack
