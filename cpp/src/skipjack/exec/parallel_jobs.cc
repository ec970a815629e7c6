#include "skipjack/exec/parallel_jobs.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "skipjack/exec/worker_pool.h"

namespace skipjack {
namespace {

// Shared with the helper closures, which may start after the caller has returned:
// they then find no job left and touch nothing else.
struct JobBoard {
  std::vector<ParallelJob> jobs;
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::condition_variable all_done;
  size_t finished = 0;
  arrow::Status status;

  void RunAvailable() {
    for (size_t j = next.fetch_add(1); j < jobs.size(); j = next.fetch_add(1)) {
      arrow::Status job_status = jobs[j]();
      std::lock_guard<std::mutex> lock(mu);
      if (!job_status.ok() && status.ok()) status = std::move(job_status);
      if (++finished == jobs.size()) all_done.notify_all();
    }
  }
};

}  // namespace

arrow::Status RunParallelJobs(std::vector<ParallelJob> jobs, WorkerPool* pool) {
  if (jobs.empty()) return arrow::Status::OK();
  auto board = std::make_shared<JobBoard>();
  board->jobs = std::move(jobs);
  const size_t helpers =
      pool ? std::min(board->jobs.size() - 1, static_cast<size_t>(std::max(0, pool->num_threads() - 1)))
           : 0;
  for (size_t h = 0; h < helpers; ++h) pool->Submit([board] { board->RunAvailable(); });
  board->RunAvailable();
  // Every job has been claimed; wait for those still running on helpers.
  std::unique_lock<std::mutex> lock(board->mu);
  board->all_done.wait(lock, [&] { return board->finished == board->jobs.size(); });
  return board->status;
}

}  // namespace skipjack
