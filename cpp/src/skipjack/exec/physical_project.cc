#include "skipjack/exec/physical_project.h"

#include <arrow/record_batch.h>
#include <arrow/type.h>

#include "skipjack/functions/arrow_call.h"

namespace skipjack {

PhysicalProject::PhysicalProject(PhysicalOperatorPtr input,
                                 std::shared_ptr<arrow::Schema> output_schema,
                                 std::vector<BoundExprPtr> exprs,
                                 std::vector<std::string> display)
    : IntermediateOperator({std::move(input)}, std::move(output_schema)),
      exprs_(std::move(exprs)),
      display_(std::move(display)) {}

std::string PhysicalProject::Summary() const {
  std::string out;
  for (size_t i = 0; i < display_.size(); ++i) out += (i ? ", " : "") + display_[i];
  return out;
}

MorselSize PhysicalProject::InputMorselSize(const ExecutionConfig& config) const {
  MorselSize size = IntermediateOperator::InputMorselSize(config);
  int64_t limit = 0;
  for (const auto& expr : exprs_) limit = MinRowLimit(limit, expr->RowLimit());
  if (limit > 0) size.max_rows = std::min(size.max_rows, limit);
  return size;
}

arrow::Result<std::vector<Morsel>> PhysicalProject::Execute(Morsel input, OperatorState*,
                                                            const TaskContext& ctx) const {
  const auto& batch = *input.batch;
  std::vector<std::shared_ptr<arrow::Array>> columns;
  columns.reserve(exprs_.size());
  for (size_t i = 0; i < exprs_.size(); ++i) {
    auto evaluated = EvaluateToArray(*exprs_[i], batch, ctx.exec);
    if (!evaluated.ok()) {
      return evaluated.status().WithMessage("in expression ", display_[i],
                                            InputRowsNote(input, evaluated.status()), ": ",
                                            evaluated.status().message());
    }
    auto column = std::move(evaluated).ValueUnsafe();
    const auto& expected = output_schema()->field(static_cast<int>(i))->type();
    if (!column->type()->Equals(*expected)) {
      ARROW_ASSIGN_OR_RAISE(auto cast, CastDatum(column, expected, ctx.exec));
      column = cast.make_array();
    }
    columns.push_back(std::move(column));
  }
  std::vector<Morsel> out;
  out.push_back(MakeMorsel(
      arrow::RecordBatch::Make(output_schema(), batch.num_rows(), std::move(columns))));
  KeepSourceRows(input, &out.back());
  return out;
}

}  // namespace skipjack
