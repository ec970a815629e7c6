#include "skipjack/plan/logical_limit.h"

namespace skipjack {

LogicalLimit::LogicalLimit(LogicalPlanPtr input, int64_t limit)
    : LogicalPlan(LogicalKind::kLimit, {input}, input->schema()), limit_(limit) {}

arrow::Result<LogicalPlanPtr> LogicalLimit::Make(LogicalPlanPtr input, int64_t limit) {
  if (limit < 0) {
    return arrow::Status::Invalid("limit must be greater than or equal to 0, got ", limit);
  }
  return std::make_shared<LogicalLimit>(std::move(input), limit);
}

arrow::Result<LogicalPlanPtr> LogicalLimit::WithChildren(
    std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children.at(0)), limit_);
}

}  // namespace skipjack
