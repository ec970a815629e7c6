#include "skipjack/common/execution_config.h"

#include <sched.h>

#include <algorithm>
#include <thread>

namespace skipjack {

int ExecutionConfig::ResolvedThreads() const {
  if (num_threads > 0) return num_threads;
  // The CPUs this process may run on (taskset, container limits), not the machine's.
  cpu_set_t cpus;
  if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0) return std::max(1, CPU_COUNT(&cpus));
  return std::max(1u, std::thread::hardware_concurrency());
}

arrow::Status ExecutionConfig::Validate() const {
  if (num_threads < 0) {
    return arrow::Status::Invalid("num_threads must be >= 0 (0 = one per core), got ",
                                  num_threads);
  }
  if (morsel_target_bytes <= 0) {
    return arrow::Status::Invalid("morsel_target_bytes must be > 0, got ",
                                  morsel_target_bytes);
  }
  if (morsel_max_rows <= 0) {
    return arrow::Status::Invalid("morsel_max_rows must be > 0, got ", morsel_max_rows);
  }
  if (queue_capacity_bytes <= 0) {
    return arrow::Status::Invalid("queue_capacity_bytes must be > 0, got ",
                                  queue_capacity_bytes);
  }
  if (memory_budget_bytes <= 0) {
    return arrow::Status::Invalid("memory_budget_bytes must be > 0, got ",
                                  memory_budget_bytes);
  }
  return arrow::Status::OK();
}

}  // namespace skipjack
