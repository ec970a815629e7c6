#include "skipjack/exec/shared_result.h"

#include <sstream>

#include <arrow/record_batch.h>

#include "skipjack/exec/query_execution.h"

namespace skipjack {
namespace {

class BatchesReader final : public MorselReader {
 public:
  BatchesReader(const std::vector<std::shared_ptr<arrow::RecordBatch>>& batches,
                MorselSize morsel_size) {
    for (const auto& batch : batches) {
      for (auto& piece : SplitMorsel(MakeMorsel(batch), morsel_size)) morsels_.push_back(std::move(piece));
    }
  }
  arrow::Result<std::optional<Item>> Next(const TaskContext&) override {
    if (next_ >= morsels_.size()) return std::nullopt;
    const uint64_t seq = next_;
    return Item{seq, std::move(morsels_[next_++])};
  }

 private:
  std::vector<Morsel> morsels_;
  size_t next_ = 0;
};

arrow::Status Compute(SharedResult::State* state, const ExecutionConfig& config) {
  ARROW_ASSIGN_OR_RAISE(auto query, QueryExecution::Start(state->plan, config));
  while (true) {
    ARROW_ASSIGN_OR_RAISE(auto next, query->Next(std::chrono::milliseconds(100)));
    if (next.status == QueryExecution::NextStatus::kEnd) return arrow::Status::OK();
    if (next.status == QueryExecution::NextStatus::kBatch) state->batches.push_back(next.batch);
  }
}

}  // namespace

SharedResult::SharedResult(std::shared_ptr<State> state)
    : SourceOperator({}, state->plan->output_schema()), state_(std::move(state)) {}

std::vector<std::string> SharedResult::Details() const {
  std::vector<std::string> lines = {"Computed once, read by " + std::to_string(state_->uses) +
                                    " uses:"};
  std::istringstream plan(RenderPhysicalPlan(*state_->plan));
  for (std::string line; std::getline(plan, line);) {
    if (!line.empty()) lines.push_back("  " + line);
  }
  return lines;
}

arrow::Result<std::unique_ptr<MorselReader>> SharedResult::Open(const TaskContext& ctx,
                                                                const MorselSize& morsel_size) const {
  // Sources open before the query's tasks start, so computing here never waits on them.
  std::call_once(state_->computed, [&] { state_->status = Compute(state_.get(), *ctx.config); });
  ARROW_RETURN_NOT_OK(state_->status);
  return std::make_unique<BatchesReader>(state_->batches, morsel_size);
}

}  // namespace skipjack
