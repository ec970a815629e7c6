// The scheduler behind QueryExecution: pipeline nodes, their queues and the rules for
// starting tasks. Private to exec/. All node fields are guarded by ExecutionState::mu_
// (except the atomics); tasks run operator code outside the lock and take it only to
// hand over results.

#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include <arrow/status.h>

#include "skipjack/common/execution_config.h"
#include "skipjack/common/memory_tracker.h"
#include "skipjack/common/task_trace.h"
#include "skipjack/exec/physical_operator.h"
#include "skipjack/exec/query_execution.h"
#include "skipjack/exec/worker_pool.h"

namespace skipjack {

/// The input side of a node fed by one child.
struct InputPort {
  std::deque<Morsel> queue;
  int64_t bytes = 0;
  bool done = false;  ///< the child has emitted everything
};

/// One operator of the running pipeline.
struct PipelineNode {
  enum class Phase {
    kBuilding,        ///< join: consuming the build port
    kFinishingBuild,  ///< join: FinishBuild running
    kConsuming,       ///< consuming input (a join's probe port)
    kFinalizing,      ///< Finalize / FinishProbe running
    kEmitting,        ///< a source, or a sink's result reader
    kDone
  };

  PhysicalOperatorPtr op;
  OperatorRole role;
  PipelineNode* parent = nullptr;
  int port = 0;  ///< which input port of the parent this node feeds
  std::vector<PipelineNode*> children;
  int max_concurrency = 1;
  MorselSize input_size;   ///< what this node wants on its input
  MorselSize output_size;  ///< what the parent wants (sources cut to this)
  int queue_capacity = 2;  ///< morsels allowed in each input queue

  /// One per child; a join reads port 0 (probe) after port 1 (build).
  std::vector<InputPort> ports;

  // Tasks in flight, worker slots and their states.
  int running = 0;
  std::vector<std::unique_ptr<OperatorState>> slots;
  std::vector<int> free_slots;

  // Output side: results wait here until all earlier ones are out (input order).
  // Keys are (seq, part); a seq's parts end with one marked last.
  struct Pending {
    std::vector<Morsel> morsels;
    bool last_part = true;
  };
  uint64_t next_task_seq = 0;
  std::pair<uint64_t, uint32_t> next_release{0, 0};
  std::map<std::pair<uint64_t, uint32_t>, Pending> reorder;
  int64_t reorder_bytes = 0;

  // Sources, and sinks once finalized, read their output from here.
  std::unique_ptr<MorselReader> reader;
  bool reader_exhausted = false;

  std::shared_ptr<const JoinTable> join_table;  ///< a join's build result

  Phase phase = Phase::kConsuming;
  /// Upstream of a finished streaming sink. Atomic: tasks check it without the lock.
  std::atomic<bool> cancelled{false};
  bool finished_early = false;  ///< a streaming sink that needs no more input
  int64_t rows_out = 0;
  /// Thread CPU time spent in the operator's own code, by all its tasks.
  std::atomic<int64_t> cpu_nanos{0};
  int depth = 0;
  int id = 0;  ///< position in the plan, depth-first: names the node in a task trace

  /// The port the current phase reads: a join's build port while building, else the
  /// first input not yet finished (a concat reads its inputs in turn).
  InputPort& active_port() {
    if (phase == Phase::kBuilding) return ports[1];
    for (auto& port : ports) {
      if (!port.done || !port.queue.empty()) return port;
    }
    return ports[0];
  }
  bool all_ports_done() const;
  bool all_queues_empty() const;
};

class ExecutionState {
 public:
  ExecutionState(const ExecutionConfig& config, WorkerPool* cpu_pool, WorkerPool* io_pool);
  ~ExecutionState();

  /// Builds nodes for the operator tree and opens the sources.
  arrow::Status Build(const PhysicalOperatorPtr& root);
  /// Starts the first tasks.
  void Launch();

  arrow::Result<QueryExecution::NextResult> Next(std::chrono::milliseconds timeout);
  void Cancel();
  /// Blocks until no task runs (after Cancel).
  void WaitIdle();
  /// Interrupts calls still running on operator states (after Cancel).
  void InterruptRunning();
  /// Destroys the operators' states (after WaitIdle): UDF instances and worker
  /// processes end with the query, not when the last reference to it goes.
  void ReleaseStates();

  const std::shared_ptr<arrow::Schema>& schema() const { return schema_; }
  QueryProgress progress() const;
  std::vector<OperatorStats> operator_stats() const;
  MemoryTracker& memory() { return memory_; }

 private:
  // Holds mu_; when released, destroys the morsels dropped meanwhile, outside the lock:
  // a batch backed by Python memory takes the GIL in its destructor, and a Python thread
  // may hold the GIL while it waits for mu_.
  class Locked {
   public:
    explicit Locked(ExecutionState* state) : state_(state), lock_(state->mu_) {}
    ~Locked();
    std::unique_lock<std::mutex>& lock() { return lock_; }

   private:
    ExecutionState* state_;
    std::unique_lock<std::mutex> lock_;
  };

  TaskContext MakeTaskContext(arrow::compute::ExecContext* exec);
  /// Runs `task` on a worker; with a task trace on, as a slice named after `node`'s
  /// operator and `what` the task does.
  void Spawn(std::function<void()> task, bool blocking, const PipelineNode* node,
             const char* what);
  void Discard(std::deque<Morsel>* morsels);
  void DiscardNode(PipelineNode* node);

  // All below require mu_ held.
  void Pump();
  bool CanStart(PipelineNode& node, bool even_waiting = false) const;
  bool HasRoomDownstream(const PipelineNode& node) const;
  void StartTask(PipelineNode* node);
  void AddToReorder(PipelineNode* node, uint64_t seq, std::vector<Morsel> morsels,
                    uint32_t part = 0, bool last_part = true);
  void ReleaseInOrder(PipelineNode* node);
  void Emit(PipelineNode* node, Morsel morsel);
  void MaybeFinish(PipelineNode* node);
  void StartPhaseTask(PipelineNode* node, PipelineNode::Phase phase,
                      void (ExecutionState::*task)(PipelineNode*));
  void MarkDone(PipelineNode* node);
  void FinishEarly(PipelineNode* node);
  void CancelSubtree(PipelineNode* node);
  void Fail(const arrow::Status& status);
  void ClearQueues();

  // Task bodies (run without the lock).
  void RunReadTask(PipelineNode* node);
  void RunMorselTask(PipelineNode* node, uint64_t seq, Morsel morsel, int slot, bool build);
  void RunFinalizeTask(PipelineNode* node);
  void RunFinishBuildTask(PipelineNode* node);
  void OnTaskDone(PipelineNode* node);

  const ExecutionConfig config_;
  WorkerPool* cpu_pool_;
  WorkerPool* io_pool_;
  TaskTrace* trace_;  // null unless SKIPJACK_TRACE is set
  int trace_query_ = 0;
  MemoryTracker memory_;
  std::shared_ptr<arrow::Schema> schema_;

  mutable std::mutex mu_;
  std::condition_variable results_ready_;
  std::condition_variable idle_;
  std::vector<std::unique_ptr<PipelineNode>> nodes_;  // parents before children
  std::vector<Morsel> graveyard_;  // dropped under the lock, destroyed by ~Locked
  std::deque<Morsel> results_;
  int64_t results_bytes_ = 0;
  int results_capacity_ = 2;
  bool results_done_ = false;
  int64_t rows_emitted_ = 0;
  int total_running_ = 0;  // tasks spawned and not yet fully returned
  std::atomic<bool> stopped_{false};  // read by tasks without the lock
  arrow::Status error_;
};

}  // namespace skipjack
