// File: query_execution.h
//
// Runs a physical plan: push-based and morsel-driven, as Daft's Swordfish.
//
// Every operator becomes a node with an input queue. Whenever a node has input, a free
// worker slot (at most MaxConcurrency) and room downstream, the scheduler starts a task
// for one morsel on the query's CPU pool; the task pushes its output into the parent's
// queue (or the result queue) and schedules again. Queues are bounded in morsels and
// bytes, so a slow consumer pauses the producers instead of growing memory (backpressure),
// and outputs are released in input order. A streaming sink that is done (a limit) or a
// consumer that stops (show, an exception, Ctrl-C) cancels all upstream work at once.
//
// Usage (one consumer thread):
//   ARROW_ASSIGN_OR_RAISE(auto query, QueryExecution::Start(root, config));
//   for (;;) {
//     ARROW_ASSIGN_OR_RAISE(auto next, query->Next(std::chrono::milliseconds(100)));
//     if (next.status == QueryExecution::NextStatus::kEnd) break;
//     ...
//   }

#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "skipjack/common/execution_config.h"
#include "skipjack/common/memory_tracker.h"
#include "skipjack/exec/physical_operator.h"

namespace skipjack {

class ExecutionState;

/// A snapshot of how far a query got, for progress bars.
struct QueryProgress {
  int64_t rows_read = 0;      ///< rows the sources produced so far
  int64_t rows_expected = -1; ///< rows the sources will produce, -1 if unknown
  int64_t rows_emitted = 0;   ///< rows handed to the consumer
  bool done = false;
};

/// What one operator of a query cost so far (explain-analyze style statistics).
struct OperatorStats {
  std::string name;    ///< as in the physical plan
  int depth = 0;       ///< 0 for the root, its inputs 1, ...
  double cpu_seconds;  ///< thread CPU time of the operator's own work
  int64_t rows_out = 0;
};

class QueryExecution {
 public:
  /// Builds the pipeline and starts the sources. The query runs until it ends, fails,
  /// or is cancelled.
  static arrow::Result<std::unique_ptr<QueryExecution>> Start(PhysicalOperatorPtr root,
                                                              const ExecutionConfig& config);
  /// Cancels and waits for running tasks (see Close).
  ~QueryExecution();

  enum class NextStatus { kBatch, kEnd, kTimeout };
  struct NextResult {
    NextStatus status;
    std::shared_ptr<arrow::RecordBatch> batch;  ///< set for kBatch
  };

  /// Waits up to `timeout` for the next result batch. Returns the query's first error,
  /// or Cancelled after Cancel(). Not thread-safe: one consumer.
  arrow::Result<NextResult> Next(std::chrono::milliseconds timeout);

  /// Stops all work as soon as possible; returns without waiting. Thread-safe.
  void Cancel();

  /// Cancels and waits until no task of the query runs. Idempotent.
  void Close();

  const std::shared_ptr<arrow::Schema>& schema() const;
  QueryProgress progress() const;
  const MemoryTracker& memory() const;
  /// Per operator, in plan order (a parent before its inputs).
  std::vector<OperatorStats> operator_stats() const;

 private:
  explicit QueryExecution(std::shared_ptr<ExecutionState> state);

  std::shared_ptr<ExecutionState> state_;
  bool closed_ = false;
};

}  // namespace skipjack
