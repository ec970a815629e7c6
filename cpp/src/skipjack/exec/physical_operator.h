// File: physical_operator.h
//
// Physical operators: how a query runs. Each has one role (DuckDB's split):
//
//   source           produces morsels                       (in-memory scan, file scan)
//   intermediate     maps one morsel to zero or more        (project, filter)
//   streaming sink   consumes in order, may stop early      (limit)
//   blocking sink    consumes everything, then emits        (sort, aggregate)
//
// Operators are immutable and shared by all the tasks of a query. Mutable data lives in
// OperatorState objects: one per concurrent worker slot of the operator, created by
// MakeState and handed to each call, so an operator never locks for its own state.

#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <arrow/compute/type_fwd.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "skipjack/common/execution_config.h"
#include "skipjack/exec/morsel.h"

namespace skipjack {

class WorkerPool;

class MemoryTracker;

enum class OperatorRole { kSource, kIntermediate, kStreamingSink, kBlockingSink, kJoin };

/// What a running task may use besides its inputs.
struct TaskContext {
  arrow::compute::ExecContext* exec;  ///< memory pool of the query, single-threaded kernels
  const ExecutionConfig* config;
  MemoryTracker* memory;
  /// Position of the task's input morsel in the operator's input order (0, 1, ...):
  /// lets order-sensitive sinks (a stable sort) break ties by arrival.
  uint64_t input_seq = 0;
  /// The query's CPU workers, for splitting one task's work (see parallel_jobs.h);
  /// null: run it all on the task's thread.
  WorkerPool* workers = nullptr;
};

/// Per-worker-slot mutable state of an operator.
class OperatorState {
 public:
  virtual ~OperatorState() = default;
  /// Asks a call running on this state to give up soon (the query was cancelled). May be
  /// called from another thread while the call runs; most states ignore it.
  virtual void Interrupt() {}
};

/// A stream of morsels tagged with their position in the output order (0, 1, 2, ...).
/// Next may be called from up to max_concurrency() tasks at once; the reader hands out
/// sequence numbers and does the expensive part of each morsel outside its own lock.
class MorselReader {
 public:
  virtual ~MorselReader() = default;
  /// A reader whose units (files, row groups) yield an unknown number of batches gives
  /// each batch the unit's seq and its position in the unit (part 0, 1, ...), and marks
  /// the unit's last one; the executor releases items by (seq, part).
  struct Item {
    uint64_t seq;
    Morsel morsel;  ///< may have zero rows (e.g. everything filtered out)
    uint32_t part = 0;
    bool last_part = true;
  };
  /// Returns the next item, or nullopt when no more sequence numbers will be issued.
  virtual arrow::Result<std::optional<Item>> Next(const TaskContext& ctx) = 0;
  virtual int max_concurrency() const { return 1; }
  /// True when the next call of Next may wait on something outside the engine (a Python
  /// generator, another engine's stream, the network): it then runs on the I/O pool,
  /// never on a CPU worker. Asked under the scheduler's lock before each call.
  virtual bool blocking() const { return false; }
  /// Rows taken from the underlying data so far (before any pushed-down filter), for
  /// progress reporting; -1 if the reader does not count.
  virtual int64_t rows_consumed() const { return -1; }
  /// True while the reader would rather not start: a scan waiting for the runtime join
  /// filters of builds still running. The scheduler starts it only on workers that
  /// nothing else needs. Asked under the scheduler's lock.
  virtual bool waiting() const { return false; }
};

class PhysicalOperator;
using PhysicalOperatorPtr = std::shared_ptr<const PhysicalOperator>;

class PhysicalOperator {
 public:
  virtual ~PhysicalOperator() = default;

  virtual OperatorRole role() const = 0;
  /// Title in the physical plan tree: "Project", "In Memory Scan", ...
  virtual std::string name() const = 0;
  virtual std::string Summary() const { return ""; }
  virtual std::vector<std::string> Details() const { return {}; }

  const std::vector<PhysicalOperatorPtr>& children() const { return children_; }
  const std::shared_ptr<arrow::Schema>& output_schema() const { return output_schema_; }

  /// How many morsels this operator may process at once.
  virtual int MaxConcurrency(const ExecutionConfig& config) const {
    return config.ResolvedThreads();
  }
  /// True when processing a morsel may wait on something outside the engine (Python's
  /// GIL, a worker process, the network): its tasks then run on the I/O pool.
  virtual bool blocking() const { return false; }
  /// The morsel size this operator wants on its input.
  virtual MorselSize InputMorselSize(const ExecutionConfig& config) const {
    return {config.morsel_max_rows, config.morsel_target_bytes};
  }
  /// A fresh state for one worker slot; operators without state return nullptr.
  virtual arrow::Result<std::unique_ptr<OperatorState>> MakeState(const TaskContext&) const {
    return nullptr;
  }

 protected:
  PhysicalOperator(std::vector<PhysicalOperatorPtr> children,
                   std::shared_ptr<arrow::Schema> output_schema)
      : children_(std::move(children)), output_schema_(std::move(output_schema)) {}

 private:
  std::vector<PhysicalOperatorPtr> children_;
  std::shared_ptr<arrow::Schema> output_schema_;
};

class SourceOperator : public PhysicalOperator {
 public:
  OperatorRole role() const final { return OperatorRole::kSource; }
  /// Opens the stream for one execution. `morsel_size` is what downstream wants.
  virtual arrow::Result<std::unique_ptr<MorselReader>> Open(const TaskContext& ctx,
                                                            const MorselSize& morsel_size) const = 0;
  /// Total rows this source will produce if known (drives the progress bar), else -1.
  virtual int64_t EstimatedRows() const { return -1; }

 protected:
  using PhysicalOperator::PhysicalOperator;
};

class IntermediateOperator : public PhysicalOperator {
 public:
  OperatorRole role() const final { return OperatorRole::kIntermediate; }
  virtual arrow::Result<std::vector<Morsel>> Execute(Morsel input, OperatorState* state,
                                                     const TaskContext& ctx) const = 0;

 protected:
  using PhysicalOperator::PhysicalOperator;
};

class StreamingSinkOperator : public PhysicalOperator {
 public:
  OperatorRole role() const final { return OperatorRole::kStreamingSink; }
  struct Output {
    std::vector<Morsel> morsels;
    /// True when no further input can change the result: upstream is cancelled.
    bool finished = false;
  };
  virtual arrow::Result<Output> Sink(Morsel input, OperatorState* state,
                                     const TaskContext& ctx) const = 0;
  /// Called once after the last input (or after finishing early).
  virtual arrow::Result<std::vector<Morsel>> Finalize(
      std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx) const {
    return std::vector<Morsel>{};
  }

 protected:
  using PhysicalOperator::PhysicalOperator;
};

class BlockingSinkOperator : public PhysicalOperator {
 public:
  OperatorRole role() const final { return OperatorRole::kBlockingSink; }
  virtual arrow::Status Sink(Morsel input, OperatorState* state,
                             const TaskContext& ctx) const = 0;
  /// Called once after the last input; the reader streams the result.
  virtual arrow::Result<std::unique_ptr<MorselReader>> Finalize(
      std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx,
      const MorselSize& morsel_size) const = 0;

 protected:
  using PhysicalOperator::PhysicalOperator;
};

/// What a join's build phase produces: read-only during the probe, shared by all probe
/// workers. Each join operator defines its own.
class JoinTable {
 public:
  virtual ~JoinTable() = default;
};

/// A two-input operator: children()[0] is the probe side, children()[1] the build side.
/// The executor first feeds every build morsel to Build (in parallel, into per-worker
/// build states), then calls FinishBuild once, then feeds probe morsels to Probe (in
/// parallel, outputs kept in probe order), and finally calls FinishProbe, whose reader
/// may emit rows that only the whole probe can decide (unmatched build rows).
class JoinOperator : public PhysicalOperator {
 public:
  OperatorRole role() const final { return OperatorRole::kJoin; }

  virtual arrow::Status Build(Morsel input, OperatorState* state,
                              const TaskContext& ctx) const = 0;
  virtual arrow::Result<std::shared_ptr<const JoinTable>> FinishBuild(
      std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx) const = 0;

  /// A fresh per-worker state for the probe phase (MakeState serves the build phase).
  virtual arrow::Result<std::unique_ptr<OperatorState>> MakeProbeState(
      const JoinTable& table, const TaskContext& ctx) const = 0;
  virtual arrow::Result<std::vector<Morsel>> Probe(Morsel input, const JoinTable& table,
                                                   OperatorState* state,
                                                   const TaskContext& ctx) const = 0;
  /// Rows to emit after the probe, or nullptr for none.
  virtual arrow::Result<std::unique_ptr<MorselReader>> FinishProbe(
      const JoinTable& table, std::vector<std::unique_ptr<OperatorState>> states,
      const TaskContext& ctx, const MorselSize& morsel_size) const = 0;

 protected:
  using PhysicalOperator::PhysicalOperator;
};

/// Renders a physical plan tree as explain() prints it.
std::string RenderPhysicalPlan(const PhysicalOperator& root);

}  // namespace skipjack
