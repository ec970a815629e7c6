#include "skipjack/exec/query_execution.h"

#include <arrow/util/thread_pool.h>

#include "skipjack/exec/execution_state_internal.h"

namespace skipjack {

arrow::Result<std::unique_ptr<QueryExecution>> QueryExecution::Start(
    PhysicalOperatorPtr root, const ExecutionConfig& config) {
  ARROW_RETURN_NOT_OK(config.Validate());
  // One pool per query, sized to the configured cores: operators never nest
  // parallelism, and closing the query joins exactly its own threads.
  ARROW_ASSIGN_OR_RAISE(auto pool, arrow::internal::ThreadPool::Make(config.ResolvedThreads()));
  auto state = std::make_shared<ExecutionState>(config, pool.get());
  ARROW_RETURN_NOT_OK(state->Build(root));
  state->Launch();
  return std::unique_ptr<QueryExecution>(new QueryExecution(std::move(state), std::move(pool)));
}

QueryExecution::QueryExecution(std::shared_ptr<ExecutionState> state,
                               std::shared_ptr<arrow::internal::ThreadPool> pool)
    : state_(std::move(state)), pool_(std::move(pool)) {}

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
  state_->WaitIdle();
  pool_->WaitForIdle();
  ARROW_UNUSED(pool_->Shutdown(/*wait=*/true));
}

const std::shared_ptr<arrow::Schema>& QueryExecution::schema() const { return state_->schema(); }

QueryProgress QueryExecution::progress() const { return state_->progress(); }

const MemoryTracker& QueryExecution::memory() const { return state_->memory(); }

}  // namespace skipjack
