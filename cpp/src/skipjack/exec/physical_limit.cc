#include "skipjack/exec/physical_limit.h"

#include <arrow/record_batch.h>

namespace skipjack {
namespace {

struct LimitState final : OperatorState {
  int64_t remaining;
  explicit LimitState(int64_t limit) : remaining(limit) {}
};

}  // namespace

PhysicalLimit::PhysicalLimit(PhysicalOperatorPtr input, int64_t limit)
    : StreamingSinkOperator({input}, input->output_schema()), limit_(limit) {}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalLimit::MakeState(
    const TaskContext&) const {
  return std::make_unique<LimitState>(limit_);
}

arrow::Result<StreamingSinkOperator::Output> PhysicalLimit::Sink(Morsel input,
                                                                 OperatorState* state,
                                                                 const TaskContext&) const {
  auto& remaining = static_cast<LimitState*>(state)->remaining;
  Output output;
  if (input.num_rows() <= remaining) {
    remaining -= input.num_rows();
    output.morsels.push_back(std::move(input));
  } else {
    output.morsels.push_back(MakeMorsel(input.batch->Slice(0, remaining)));
    remaining = 0;
  }
  output.finished = remaining == 0;
  return output;
}

}  // namespace skipjack
