#include "skipjack/exec/physical_filter.h"

#include <arrow/record_batch.h>

#include "skipjack/exec/keep_rows.h"

namespace skipjack {

PhysicalFilter::PhysicalFilter(PhysicalOperatorPtr input, BoundExprPtr predicate,
                               std::string display)
    : IntermediateOperator({input}, input->output_schema()),
      predicate_(std::move(predicate)),
      display_(std::move(display)) {}

arrow::Result<std::vector<Morsel>> PhysicalFilter::Execute(Morsel input, OperatorState*,
                                                           const TaskContext& ctx) const {
  auto evaluated = EvaluateToArray(*predicate_, *input.batch, ctx.exec);
  if (!evaluated.ok()) {
    return evaluated.status().WithMessage("in predicate ", display_,
                                          InputRowsNote(input, evaluated.status()), ": ",
                                          evaluated.status().message());
  }
  const auto& mask = *evaluated;
  ARROW_ASSIGN_OR_RAISE(auto kept, KeepRows(input.batch, mask, ctx.exec));
  std::vector<Morsel> out;
  out.push_back(MakeMorsel(std::move(kept)));
  DeriveRows(input, mask, &out.back());
  return out;
}

}  // namespace skipjack
