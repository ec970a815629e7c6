#include "skipjack/exec/query_execution.h"

#include "skipjack/exec/execution_state_internal.h"
#include "skipjack/exec/worker_pool.h"

namespace skipjack {

arrow::Result<std::unique_ptr<QueryExecution>> QueryExecution::Start(
    PhysicalOperatorPtr root, const ExecutionConfig& config) {
  ARROW_RETURN_NOT_OK(config.Validate());
  // Operators never nest parallelism: the pool's size is the query's parallelism.
  auto state = std::make_shared<ExecutionState>(config, GetWorkerPool(config.ResolvedThreads()),
                                                GetIoWorkerPool());
  ARROW_RETURN_NOT_OK(state->Build(root));
  state->Launch();
  return std::unique_ptr<QueryExecution>(new QueryExecution(std::move(state)));
}

QueryExecution::QueryExecution(std::shared_ptr<ExecutionState> state)
    : state_(std::move(state)) {}

QueryExecution::~QueryExecution() { Close(); }

arrow::Result<QueryExecution::NextResult> QueryExecution::Next(
    std::chrono::milliseconds timeout) {
  return state_->Next(timeout);
}

void QueryExecution::Cancel() { state_->Cancel(); }

void QueryExecution::Close() {
  if (closed_) return;
  closed_ = true;
  state_->Cancel();
  state_->InterruptRunning();
  state_->WaitIdle();
  state_->ReleaseStates();
}

const std::shared_ptr<arrow::Schema>& QueryExecution::schema() const { return state_->schema(); }

QueryProgress QueryExecution::progress() const { return state_->progress(); }

const MemoryTracker& QueryExecution::memory() const { return state_->memory(); }

std::vector<OperatorStats> QueryExecution::operator_stats() const {
  return state_->operator_stats();
}

}  // namespace skipjack
