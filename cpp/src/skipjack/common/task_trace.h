// File: task_trace.h
//
// A timeline of the executor's tasks, for finding idle cores and long single-threaded
// phases: run with SKIPJACK_TRACE=/path/trace.json and open the file in Perfetto
// (ui.perfetto.dev) or chrome://tracing. Each query is a process row, each worker a
// thread, each task a slice named after its operator and what it did ("Parquet Scan #5
// read", "Hash Join (Inner) #3 finish build"). Off unless the variable is set: the
// executor then pays one null check per task.

#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include <arrow/status.h>

namespace skipjack {

class TaskTrace {
 public:
  using Clock = std::chrono::steady_clock;

  /// The process's trace, or null when SKIPJACK_TRACE is not set.
  static TaskTrace* Get();

  explicit TaskTrace(std::string path);

  /// A number for the next query's row in the timeline.
  int NextQuery();
  /// A task of `query` that ran on this thread from `start` to `end`.
  void Record(int query, std::string name, Clock::time_point start, Clock::time_point end);
  /// Writes every task so far as Chrome trace JSON, replacing the file.
  arrow::Status Write() const;

 private:
  struct Slice {
    int query;
    int thread;
    std::string name;
    int64_t start_us;
    int64_t duration_us;
  };

  const std::string path_;
  const Clock::time_point origin_;
  mutable std::mutex mu_;
  int queries_ = 0;
  std::vector<Slice> slices_;
  bool truncated_ = false;
};

}  // namespace skipjack
