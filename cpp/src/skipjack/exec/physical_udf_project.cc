#include "skipjack/exec/physical_udf_project.h"

#include <algorithm>
#include <atomic>

#include <arrow/record_batch.h>
#include <arrow/type.h>

#include "skipjack/expr/bound_udf.h"
#include "skipjack/plan/logical_udf_project.h"

namespace skipjack {
namespace {

// Rows per call of a row-wise or process UDF that does not say: small enough that calls
// spread over the instances and progress moves, large enough that the per-call cost
// (GIL, IPC) is amortized. Batch UDFs in threads get the engine's morsels.
constexpr int64_t kDefaultUdfBatchRows = 1024;
// The I/O pool's threads bound how many calls can wait at once.
constexpr int kMaxUdfConcurrency = 16;

struct UdfState final : OperatorState {
  std::unique_ptr<UdfInstance> instance;
  std::atomic<UdfInstance*> published{nullptr};  // what Interrupt may touch, any thread
  void Interrupt() override {
    if (UdfInstance* running = published.load()) running->Interrupt();
  }
};

}  // namespace

PhysicalUdfProject::PhysicalUdfProject(PhysicalOperatorPtr input,
                                       std::shared_ptr<arrow::Schema> output_schema,
                                       UdfFunctionPtr function, std::vector<BoundExprPtr> args,
                                       std::string display)
    : IntermediateOperator({std::move(input)}, std::move(output_schema)),
      function_(std::move(function)),
      args_(std::move(args)),
      display_(std::move(display)) {}

std::vector<std::string> PhysicalUdfProject::Details() const {
  return UdfRunDetails(function_->options());
}

int PhysicalUdfProject::MaxConcurrency(const ExecutionConfig& config) const {
  const auto& options = function_->options();
  if (options.max_concurrency > 0 && !options.is_async) {
    return std::min(options.max_concurrency, kMaxUdfConcurrency);
  }
  // Async functions overlap their calls inside one instance (up to max_concurrency
  // coroutines); otherwise one instance per CPU, as Daft, or per requested CPUs.
  if (options.is_async) return 1;
  int slots = config.ResolvedThreads();
  if (options.cpus > 0) slots = static_cast<int>(slots / options.cpus);
  return std::clamp(slots, 1, config.ResolvedThreads());
}

MorselSize PhysicalUdfProject::InputMorselSize(const ExecutionConfig& config) const {
  const auto& options = function_->options();
  int64_t rows = config.morsel_max_rows;
  if (options.batch_size > 0) {
    rows = options.batch_size;
  } else if (options.row_wise || options.use_process) {
    rows = std::min(rows, kDefaultUdfBatchRows);
  }
  return {rows, config.morsel_target_bytes};
}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalUdfProject::MakeState(
    const TaskContext&) const {
  // The instance itself (and a stateful UDF's __init__) is built on the first call, in
  // the task that makes it.
  return std::make_unique<UdfState>();
}

arrow::Result<std::vector<Morsel>> PhysicalUdfProject::Execute(Morsel input,
                                                               OperatorState* raw_state,
                                                               const TaskContext& ctx) const {
  auto* state = static_cast<UdfState*>(raw_state);
  if (!state->instance) {
    ARROW_ASSIGN_OR_RAISE(state->instance, function_->NewInstance());
    state->published.store(state->instance.get());
  }
  const auto& batch = *input.batch;
  auto evaluated = EvaluateUdfArguments(args_, batch, ctx.exec);
  if (!evaluated.ok()) {
    return evaluated.status().WithMessage("in the arguments of ", function_->options().name,
                                          InputRowsNote(input, evaluated.status()), ": ",
                                          evaluated.status().message());
  }
  auto args = std::move(evaluated).ValueUnsafe();
  auto called = state->instance->Call(args);
  if (!called.ok()) {
    return called.status().WithMessage(called.status().message(), InputRowsNote(input, called.status()));
  }
  auto result = std::move(called).ValueUnsafe();
  const auto& expected = output_schema()->fields().back()->type();
  ARROW_RETURN_NOT_OK(CheckUdfResult(function_->options(), *result, batch.num_rows(), *expected));
  ARROW_ASSIGN_OR_RAISE(auto out, batch.AddColumn(batch.num_columns(),
                                                  output_schema()->fields().back(), result));
  std::vector<Morsel> morsels;
  morsels.push_back(MakeMorsel(std::move(out)));
  KeepSourceRows(input, &morsels.back());
  return morsels;
}

}  // namespace skipjack
