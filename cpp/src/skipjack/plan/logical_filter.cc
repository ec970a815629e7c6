#include "skipjack/plan/logical_filter.h"

#include <arrow/type.h>

#include "skipjack/expr/binder.h"
#include "skipjack/types/display_name.h"

namespace skipjack {

LogicalFilter::LogicalFilter(LogicalPlanPtr input, ExprPtr predicate)
    : LogicalPlan(LogicalKind::kFilter, {input}, input->schema()),
      predicate_(std::move(predicate)) {}

arrow::Result<LogicalPlanPtr> LogicalFilter::Make(LogicalPlanPtr input, ExprPtr predicate) {
  ARROW_ASSIGN_OR_RAISE(auto field, ResolveField(predicate, *input->schema()));
  if (field->type()->id() != arrow::Type::BOOL) {
    return arrow::Status::TypeError("Filter predicate must be Bool, got ",
                                    DisplayName(*field->type()), " from expression ",
                                    predicate->ToString());
  }
  return std::make_shared<LogicalFilter>(std::move(input), std::move(predicate));
}

arrow::Result<LogicalPlanPtr> LogicalFilter::WithChildren(
    std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children.at(0)), predicate_);
}

}  // namespace skipjack
