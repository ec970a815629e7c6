#include "skipjack/exec/execution_state_internal.h"

#include <algorithm>
#include <ctime>
#include <iostream>

#include <arrow/compute/exec.h>
#include <arrow/record_batch.h>

namespace skipjack {
namespace {

int64_t ThreadCpuNanos() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

// Adds the thread CPU time from construction to destruction to a node's account.
class CpuTimer {
 public:
  explicit CpuTimer(std::atomic<int64_t>* account) : account_(account), start_(ThreadCpuNanos()) {}
  ~CpuTimer() { account_->fetch_add(ThreadCpuNanos() - start_, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t>* account_;
  int64_t start_;
};

std::unique_ptr<PipelineNode> MakeNode(const PhysicalOperatorPtr& op,
                                       const ExecutionConfig& config) {
  auto node = std::make_unique<PipelineNode>();
  node->op = op;
  node->role = op->role();
  node->max_concurrency = std::max(1, op->MaxConcurrency(config));
  node->input_size = op->InputMorselSize(config);
  node->queue_capacity = std::max(2, 2 * node->max_concurrency);
  node->slots.resize(node->max_concurrency);
  for (int i = node->max_concurrency - 1; i >= 0; --i) node->free_slots.push_back(i);
  node->ports.resize(op->children().size());
  switch (node->role) {
    case OperatorRole::kSource:
      node->phase = PipelineNode::Phase::kEmitting;
      break;
    case OperatorRole::kJoin:
      node->phase = PipelineNode::Phase::kBuilding;
      break;
    default:
      node->phase = PipelineNode::Phase::kConsuming;
  }
  return node;
}

}  // namespace

bool PipelineNode::all_ports_done() const {
  for (const auto& port : ports) {
    if (!port.done) return false;
  }
  return true;
}

bool PipelineNode::all_queues_empty() const {
  for (const auto& port : ports) {
    if (!port.queue.empty()) return false;
  }
  return true;
}

ExecutionState::Locked::~Locked() {
  std::vector<Morsel> dead;
  dead.swap(state_->graveyard_);
  lock_.unlock();
  // `dead` is destroyed here, after the lock is released.
}

ExecutionState::ExecutionState(const ExecutionConfig& config, WorkerPool* cpu_pool,
                               WorkerPool* io_pool)
    : config_(config),
      cpu_pool_(cpu_pool),
      io_pool_(io_pool),
      trace_(TaskTrace::Get()),
      trace_query_(trace_ ? trace_->NextQuery() : 0) {}

ExecutionState::~ExecutionState() {
  if (!trace_) return;
  // Rewritten after every query, so the file is complete whenever the program stops.
  const arrow::Status written = trace_->Write();
  static std::once_flag warned;
  if (!written.ok()) std::call_once(warned, [&] { std::cerr << written.message() << std::endl; });
}

arrow::Status ExecutionState::Build(const PhysicalOperatorPtr& root) {
  schema_ = root->output_schema();
  results_capacity_ = std::max(2, config_.ResolvedThreads());
  // Depth-first, so every parent precedes its children: Pump() drains downstream first.
  std::vector<std::pair<PhysicalOperatorPtr, PipelineNode*>> stack = {{root, nullptr}};
  while (!stack.empty()) {
    auto [op, parent] = stack.back();
    stack.pop_back();
    nodes_.push_back(MakeNode(op, config_));
    PipelineNode* node = nodes_.back().get();
    node->id = static_cast<int>(nodes_.size()) - 1;
    node->parent = parent;
    node->depth = parent ? parent->depth + 1 : 0;
    node->output_size = parent ? parent->input_size
                               : MorselSize{config_.morsel_max_rows, config_.morsel_target_bytes};
    if (parent) {
      node->port = static_cast<int>(parent->children.size());
      parent->children.push_back(node);
    }
    for (auto it = op->children().rbegin(); it != op->children().rend(); ++it) {
      stack.emplace_back(*it, node);
    }
  }
  arrow::compute::ExecContext exec(memory_.pool());
  exec.set_use_threads(false);
  const TaskContext ctx = MakeTaskContext(&exec);
  for (auto& node : nodes_) {
    if (node->role != OperatorRole::kSource) continue;
    const auto& source = static_cast<const SourceOperator&>(*node->op);
    ARROW_ASSIGN_OR_RAISE(node->reader, source.Open(ctx, node->output_size));
  }
  return arrow::Status::OK();
}

void ExecutionState::Launch() {
  Locked locked(this);
  Pump();
}

TaskContext ExecutionState::MakeTaskContext(arrow::compute::ExecContext* exec) {
  TaskContext ctx{exec, &config_, &memory_};
  ctx.workers = cpu_pool_;
  return ctx;
}

void ExecutionState::Spawn(std::function<void()> task, bool blocking, const PipelineNode* node,
                           const char* what) {
  ++total_running_;
  if (trace_) {
    task = [trace = trace_, query = trace_query_,
            name = node->op->name() + " #" + std::to_string(node->id) + " " + what,
            task = std::move(task)] {
      const auto start = TaskTrace::Clock::now();
      task();
      trace->Record(query, name, start, TaskTrace::Clock::now());
    };
  }
  // The task holds no reference to the state: the consumer owns it and Close() waits
  // for this counter, which each task decrements as its very last access.
  WorkerPool* pool = blocking ? io_pool_ : cpu_pool_;
  pool->Submit([this, task = std::move(task)]() mutable {
    task();
    task = nullptr;
    std::lock_guard<std::mutex> lock(mu_);
    if (--total_running_ == 0) idle_.notify_all();
  });
}

void ExecutionState::Discard(std::deque<Morsel>* morsels) {
  for (auto& morsel : *morsels) {
    memory_.AddBuffered(-morsel.bytes);
    graveyard_.push_back(std::move(morsel));
  }
  morsels->clear();
}

void ExecutionState::DiscardNode(PipelineNode* node) {
  for (auto& port : node->ports) {
    Discard(&port.queue);
    port.bytes = 0;
  }
  for (auto& [key, pending] : node->reorder) {
    for (auto& morsel : pending.morsels) {
      memory_.AddBuffered(-morsel.bytes);
      graveyard_.push_back(std::move(morsel));
    }
  }
  node->reorder.clear();
  node->reorder_bytes = 0;
}

// ---------------------------------------------------------------------------
// Scheduling (mu_ held)

void ExecutionState::Pump() {
  if (stopped_) return;
  int running = 0;
  for (auto& node : nodes_) {
    while (CanStart(*node)) StartTask(node.get());
    running += node->running;
  }
  // Sources waiting for something (runtime join filters) take the workers nothing else
  // needs now, so a wait never idles a core or stalls the query.
  for (auto& node : nodes_) {
    while (running < cpu_pool_->num_threads() && CanStart(*node, /*even_waiting=*/true)) {
      StartTask(node.get());
      ++running;
    }
  }
}

bool ExecutionState::HasRoomDownstream(const PipelineNode& node) const {
  // Results waiting for an earlier one count by their bytes only: counting them as
  // morsels would let one slow task stall every worker of the node.
  int pending = node.running;
  int64_t pending_bytes = node.reorder_bytes;
  int capacity;
  if (node.parent) {
    const InputPort& target = node.parent->ports[node.port];
    pending += static_cast<int>(target.queue.size());
    pending_bytes += target.bytes;
    capacity = node.parent->queue_capacity;
  } else {
    pending += static_cast<int>(results_.size());
    pending_bytes += results_bytes_;
    capacity = results_capacity_;
  }
  return pending < capacity && pending_bytes < config_.queue_capacity_bytes;
}

bool ExecutionState::CanStart(PipelineNode& node, bool even_waiting) const {
  if (node.cancelled) return false;
  switch (node.phase) {
    case PipelineNode::Phase::kEmitting: {
      if (node.reader_exhausted) return false;
      if (!even_waiting && node.reader->waiting()) return false;
      const int limit = std::min(node.max_concurrency, node.reader->max_concurrency());
      // Parts of later units may fill the reorder buffer while the earliest unit is
      // unfinished; one task then still runs, and readers give it the earliest unit.
      if (node.running == 0 && !node.reorder.empty()) return true;
      return node.running < limit && HasRoomDownstream(node);
    }
    case PipelineNode::Phase::kBuilding:
    case PipelineNode::Phase::kConsuming:
      if (node.active_port().queue.empty() || node.running >= node.max_concurrency ||
          node.finished_early) {
        return false;
      }
      // Blocking sinks and join builds emit nothing now: they never wait for room.
      return node.role == OperatorRole::kBlockingSink ||
             node.phase == PipelineNode::Phase::kBuilding || HasRoomDownstream(node);
    case PipelineNode::Phase::kFinishingBuild:
    case PipelineNode::Phase::kFinalizing:
    case PipelineNode::Phase::kDone:
      return false;
  }
  return false;
}

void ExecutionState::StartTask(PipelineNode* node) {
  ++node->running;
  if (node->phase == PipelineNode::Phase::kEmitting) {
    Spawn([this, node] { RunReadTask(node); }, node->reader->blocking(), node, "read");
    return;
  }
  const bool build = node->phase == PipelineNode::Phase::kBuilding;
  InputPort& port = node->active_port();
  Morsel morsel = std::move(port.queue.front());
  port.queue.pop_front();
  port.bytes -= morsel.bytes;
  const int slot = node->free_slots.back();
  node->free_slots.pop_back();
  const uint64_t seq = build ? 0 : node->next_task_seq++;
  Spawn([this, node, seq, slot, build, morsel = std::move(morsel)]() mutable {
    RunMorselTask(node, seq, std::move(morsel), slot, build);
  }, node->op->blocking(), node, build ? "build" : "morsel");
}

void ExecutionState::AddToReorder(PipelineNode* node, uint64_t seq, std::vector<Morsel> morsels,
                                  uint32_t part, bool last_part) {
  for (const auto& morsel : morsels) {
    node->reorder_bytes += morsel.bytes;
    memory_.AddBuffered(morsel.bytes);
  }
  node->reorder.emplace(std::make_pair(seq, part),
                        PipelineNode::Pending{std::move(morsels), last_part});
}

void ExecutionState::ReleaseInOrder(PipelineNode* node) {
  while (!node->reorder.empty() && node->reorder.begin()->first == node->next_release) {
    auto pending = std::move(node->reorder.begin()->second);
    node->reorder.erase(node->reorder.begin());
    if (pending.last_part) {
      node->next_release = {node->next_release.first + 1, 0};
    } else {
      ++node->next_release.second;
    }
    for (auto& morsel : pending.morsels) {
      node->reorder_bytes -= morsel.bytes;
      memory_.AddBuffered(-morsel.bytes);
      Emit(node, std::move(morsel));
    }
  }
}

void ExecutionState::Emit(PipelineNode* node, Morsel morsel) {
  if (morsel.num_rows() == 0) {
    graveyard_.push_back(std::move(morsel));
    return;
  }
  node->rows_out += morsel.num_rows();
  if (!node->parent) {
    rows_emitted_ += morsel.num_rows();
    results_bytes_ += morsel.bytes;
    memory_.AddBuffered(morsel.bytes);
    results_.push_back(std::move(morsel));
    results_ready_.notify_all();
    return;
  }
  PipelineNode* parent = node->parent;
  InputPort& target = parent->ports[node->port];
  for (auto& piece : SplitMorsel(std::move(morsel), parent->input_size)) {
    target.bytes += piece.bytes;
    memory_.AddBuffered(piece.bytes);
    target.queue.push_back(std::move(piece));
  }
}

void ExecutionState::StartPhaseTask(PipelineNode* node, PipelineNode::Phase phase,
                                    void (ExecutionState::*task)(PipelineNode*)) {
  node->phase = phase;
  ++node->running;
  Spawn([this, node, task] { (this->*task)(node); }, /*blocking=*/false, node,
        phase == PipelineNode::Phase::kFinishingBuild ? "finish build" : "finalize");
}

void ExecutionState::MaybeFinish(PipelineNode* node) {
  if (node->phase == PipelineNode::Phase::kDone || node->cancelled) return;
  const bool idle = node->running == 0 && node->reorder.empty();
  switch (node->phase) {
    case PipelineNode::Phase::kEmitting:
      if (node->reader_exhausted && idle) MarkDone(node);
      return;
    case PipelineNode::Phase::kBuilding:
      if (idle && node->ports[1].done && node->ports[1].queue.empty()) {
        StartPhaseTask(node, PipelineNode::Phase::kFinishingBuild,
                       &ExecutionState::RunFinishBuildTask);
      }
      return;
    case PipelineNode::Phase::kConsuming: {
      const bool consumed =
          node->finished_early || (node->all_ports_done() && node->all_queues_empty());
      if (!consumed || !idle) return;
      if (node->role == OperatorRole::kIntermediate) {
        MarkDone(node);
      } else {
        StartPhaseTask(node, PipelineNode::Phase::kFinalizing, &ExecutionState::RunFinalizeTask);
      }
      return;
    }
    case PipelineNode::Phase::kFinishingBuild:
    case PipelineNode::Phase::kFinalizing:
    case PipelineNode::Phase::kDone:
      return;
  }
}

void ExecutionState::MarkDone(PipelineNode* node) {
  node->phase = PipelineNode::Phase::kDone;
  if (!node->parent) {
    results_done_ = true;
    results_ready_.notify_all();
    return;
  }
  node->parent->ports[node->port].done = true;
  MaybeFinish(node->parent);
}

void ExecutionState::FinishEarly(PipelineNode* node) {
  node->finished_early = true;
  for (auto& port : node->ports) {
    Discard(&port.queue);
    port.bytes = 0;
    port.done = true;
  }
  for (PipelineNode* child : node->children) CancelSubtree(child);
}

void ExecutionState::CancelSubtree(PipelineNode* node) {
  node->cancelled = true;
  DiscardNode(node);
  for (PipelineNode* child : node->children) CancelSubtree(child);
}

void ExecutionState::Fail(const arrow::Status& status) {
  if (error_.ok()) error_ = status;
  stopped_ = true;
  ClearQueues();
  results_ready_.notify_all();
}

void ExecutionState::ClearQueues() {
  for (auto& node : nodes_) DiscardNode(node.get());
  Discard(&results_);
  results_bytes_ = 0;
}

// ---------------------------------------------------------------------------
// Tasks. Each checks for cancellation before doing the operator's work, so a stopped
// query ends after at most the calls already inside an operator.

void ExecutionState::OnTaskDone(PipelineNode* node) {
  --node->running;
  if (!stopped_) MaybeFinish(node);
  Pump();
}

void ExecutionState::RunReadTask(PipelineNode* node) {
  arrow::Result<std::optional<MorselReader::Item>> item = std::nullopt;
  if (!stopped_ && !node->cancelled) {
    arrow::compute::ExecContext exec(memory_.pool());
    exec.set_use_threads(false);
    CpuTimer timer(&node->cpu_nanos);
    item = node->reader->Next(MakeTaskContext(&exec));
  }
  Locked locked(this);
  if (!item.ok()) {
    Fail(item.status().WithMessage(node->op->name(), ": ", item.status().message()));
  } else if (!stopped_ && !node->cancelled) {
    if (!item->has_value()) {
      node->reader_exhausted = true;
    } else {
      std::vector<Morsel> morsels;
      morsels.push_back(std::move((*item)->morsel));
      AddToReorder(node, (*item)->seq, std::move(morsels), (*item)->part, (*item)->last_part);
      ReleaseInOrder(node);
    }
  }
  OnTaskDone(node);
}

void ExecutionState::RunMorselTask(PipelineNode* node, uint64_t seq, Morsel morsel, int slot,
                                   bool build) {
  arrow::compute::ExecContext exec(memory_.pool());
  exec.set_use_threads(false);
  TaskContext ctx = MakeTaskContext(&exec);
  ctx.input_seq = seq;
  const int64_t input_bytes = morsel.bytes;
  arrow::Status status;
  std::vector<Morsel> outputs;
  bool finished = false;
  const bool skip = stopped_ || node->cancelled;
  auto& state = node->slots[slot];  // owned by this task until the slot is returned
  if (!skip && !state) {
    auto made = node->role == OperatorRole::kJoin && !build
                    ? static_cast<const JoinOperator&>(*node->op)
                          .MakeProbeState(*node->join_table, ctx)
                    : node->op->MakeState(ctx);
    if (made.ok()) state = std::move(*made);
    status = made.status();
  }
  if (!skip && status.ok()) {
    CpuTimer timer(&node->cpu_nanos);
    switch (node->role) {
      case OperatorRole::kIntermediate: {
        auto result = static_cast<const IntermediateOperator&>(*node->op)
                          .Execute(std::move(morsel), state.get(), ctx);
        if (result.ok()) outputs = std::move(*result);
        status = result.status();
        break;
      }
      case OperatorRole::kStreamingSink: {
        auto result = static_cast<const StreamingSinkOperator&>(*node->op)
                          .Sink(std::move(morsel), state.get(), ctx);
        if (result.ok()) {
          outputs = std::move(result->morsels);
          finished = result->finished;
        }
        status = result.status();
        break;
      }
      case OperatorRole::kBlockingSink:
        status = static_cast<const BlockingSinkOperator&>(*node->op)
                     .Sink(std::move(morsel), state.get(), ctx);
        break;
      case OperatorRole::kJoin: {
        const auto& join = static_cast<const JoinOperator&>(*node->op);
        if (build) {
          status = join.Build(std::move(morsel), state.get(), ctx);
        } else {
          auto result = join.Probe(std::move(morsel), *node->join_table, state.get(), ctx);
          if (result.ok()) outputs = std::move(*result);
          status = result.status();
        }
        break;
      }
      case OperatorRole::kSource:
        status = arrow::Status::Invalid("internal: morsel task on a source");
        break;
    }
  }
  Locked locked(this);
  memory_.AddBuffered(-input_bytes);
  graveyard_.push_back(std::move(morsel));  // an input the operator did not take
  node->free_slots.push_back(slot);
  if (!status.ok()) {
    Fail(status.WithMessage(node->op->name(), ": ", status.message()));
  } else if (!skip && !stopped_ && !node->cancelled) {
    if (node->role != OperatorRole::kBlockingSink && !build) {
      AddToReorder(node, seq, std::move(outputs));
      ReleaseInOrder(node);
    }
    if (finished && !node->finished_early) FinishEarly(node);
  }
  for (auto& output : outputs) graveyard_.push_back(std::move(output));
  OnTaskDone(node);
}

void ExecutionState::RunFinalizeTask(PipelineNode* node) {
  arrow::compute::ExecContext exec(memory_.pool());
  exec.set_use_threads(false);
  const TaskContext ctx = MakeTaskContext(&exec);
  arrow::Status status;
  std::vector<Morsel> outputs;
  std::unique_ptr<MorselReader> reader;
  if (!stopped_ && !node->cancelled) {
    // No other task of this node runs now, so its slots can be taken without the lock.
    std::vector<std::unique_ptr<OperatorState>> states;
    for (auto& slot : node->slots) {
      if (slot) states.push_back(std::move(slot));
    }
    CpuTimer timer(&node->cpu_nanos);
    if (node->role == OperatorRole::kStreamingSink) {
      auto result = static_cast<const StreamingSinkOperator&>(*node->op)
                        .Finalize(std::move(states), ctx);
      if (result.ok()) outputs = std::move(*result);
      status = result.status();
    } else if (node->role == OperatorRole::kJoin) {
      auto result = static_cast<const JoinOperator&>(*node->op)
                        .FinishProbe(*node->join_table, std::move(states), ctx, node->output_size);
      if (result.ok()) reader = std::move(*result);
      status = result.status();
    } else {
      auto result = static_cast<const BlockingSinkOperator&>(*node->op)
                        .Finalize(std::move(states), ctx, node->output_size);
      if (result.ok()) reader = std::move(*result);
      status = result.status();
    }
  }
  Locked locked(this);
  if (!status.ok()) {
    Fail(status.WithMessage(node->op->name(), ": ", status.message()));
  } else if (!stopped_ && !node->cancelled) {
    if (node->role == OperatorRole::kStreamingSink) {
      for (auto& morsel : outputs) Emit(node, std::move(morsel));
      MarkDone(node);
    } else if (!reader) {
      MarkDone(node);  // a join with nothing left to emit
    } else {
      node->reader = std::move(reader);
      node->next_release = {0, 0};
      node->phase = PipelineNode::Phase::kEmitting;
    }
  }
  for (auto& output : outputs) graveyard_.push_back(std::move(output));
  OnTaskDone(node);
}

void ExecutionState::RunFinishBuildTask(PipelineNode* node) {
  arrow::compute::ExecContext exec(memory_.pool());
  exec.set_use_threads(false);
  const TaskContext ctx = MakeTaskContext(&exec);
  arrow::Result<std::shared_ptr<const JoinTable>> table = std::shared_ptr<const JoinTable>();
  if (!stopped_ && !node->cancelled) {
    std::vector<std::unique_ptr<OperatorState>> states;
    for (auto& slot : node->slots) {
      if (slot) states.push_back(std::move(slot));
    }
    CpuTimer timer(&node->cpu_nanos);
    table = static_cast<const JoinOperator&>(*node->op).FinishBuild(std::move(states), ctx);
  }
  Locked locked(this);
  if (!table.ok()) {
    Fail(table.status().WithMessage(node->op->name(), ": ", table.status().message()));
  } else if (!stopped_ && !node->cancelled) {
    // The probe phase starts with fresh slots and its own output order.
    node->join_table = std::move(*table);
    node->next_task_seq = 0;
    node->next_release = {0, 0};
    node->phase = PipelineNode::Phase::kConsuming;
  }
  OnTaskDone(node);
}

// ---------------------------------------------------------------------------
// Consumer side

arrow::Result<QueryExecution::NextResult> ExecutionState::Next(std::chrono::milliseconds timeout) {
  Locked locked(this);
  results_ready_.wait_for(locked.lock(), timeout, [&] {
    return !results_.empty() || results_done_ || stopped_;
  });
  if (!error_.ok()) return error_;
  if (!results_.empty()) {
    Morsel morsel = std::move(results_.front());
    results_.pop_front();
    results_bytes_ -= morsel.bytes;
    memory_.AddBuffered(-morsel.bytes);
    Pump();
    return QueryExecution::NextResult{QueryExecution::NextStatus::kBatch,
                                      std::move(morsel.batch)};
  }
  if (results_done_) return QueryExecution::NextResult{QueryExecution::NextStatus::kEnd, nullptr};
  if (stopped_) return arrow::Status::Cancelled("The query was cancelled");
  return QueryExecution::NextResult{QueryExecution::NextStatus::kTimeout, nullptr};
}

void ExecutionState::Cancel() {
  Locked locked(this);
  if (stopped_) return;
  stopped_ = true;
  ClearQueues();
  results_ready_.notify_all();
}

void ExecutionState::InterruptRunning() {
  std::vector<OperatorState*> states;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& node : nodes_) {
      for (const auto& slot : node->slots) {
        if (slot) states.push_back(slot.get());
      }
    }
  }
  // Outside the lock: interrupting may wait on the state's owner (Python's GIL).
  for (OperatorState* state : states) state->Interrupt();
}

void ExecutionState::ReleaseStates() {
  std::vector<std::unique_ptr<OperatorState>> states;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& node : nodes_) {
      for (auto& slot : node->slots) states.push_back(std::move(slot));
    }
  }
  states.clear();  // outside the lock, for the same reason
}

void ExecutionState::WaitIdle() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [&] { return total_running_ == 0; });
}

std::vector<OperatorStats> ExecutionState::operator_stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<OperatorStats> stats;
  for (const auto& node : nodes_) {
    stats.push_back(OperatorStats{node->op->name(), node->depth,
                                  static_cast<double>(node->cpu_nanos.load()) / 1e9,
                                  node->rows_out});
  }
  return stats;
}

QueryProgress ExecutionState::progress() const {
  std::lock_guard<std::mutex> lock(mu_);
  QueryProgress progress;
  progress.rows_emitted = rows_emitted_;
  progress.done = results_done_;
  int64_t expected = 0;
  for (const auto& node : nodes_) {
    if (node->role != OperatorRole::kSource) continue;
    const int64_t consumed = node->reader ? node->reader->rows_consumed() : -1;
    progress.rows_read += consumed >= 0 ? consumed : node->rows_out;
    const int64_t estimate = static_cast<const SourceOperator&>(*node->op).EstimatedRows();
    expected = (estimate < 0 || expected < 0) ? -1 : expected + estimate;
  }
  progress.rows_expected = expected;
  return progress;
}

}  // namespace skipjack
