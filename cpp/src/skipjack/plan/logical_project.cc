#include "skipjack/plan/logical_project.h"

#include <set>

#include <arrow/type.h>

#include "skipjack/expr/binder.h"

namespace skipjack {

LogicalProject::LogicalProject(LogicalPlanPtr input, std::vector<ExprPtr> exprs,
                               std::shared_ptr<arrow::Schema> schema)
    : LogicalPlan(LogicalKind::kProject, {std::move(input)}, std::move(schema)),
      exprs_(std::move(exprs)) {}

arrow::Result<LogicalPlanPtr> LogicalProject::Make(LogicalPlanPtr input,
                                                   std::vector<ExprPtr> exprs) {
  arrow::FieldVector fields;
  std::set<std::string> names;
  for (const auto& expr : exprs) {
    ARROW_ASSIGN_OR_RAISE(auto field, ResolveField(expr, *input->schema()));
    if (!names.insert(field->name()).second) {
      return arrow::Status::Invalid(
          "Column name '", field->name(),
          "' appears more than once in the output; give each expression a unique name "
          "with .alias(...)");
    }
    fields.push_back(std::move(field));
  }
  return std::make_shared<LogicalProject>(std::move(input), std::move(exprs),
                                          arrow::schema(std::move(fields)));
}

std::string LogicalProject::Summary() const {
  std::string out;
  for (size_t i = 0; i < exprs_.size(); ++i) {
    if (i > 0) out += ", ";
    out += exprs_[i]->ToString();
  }
  return out;
}

arrow::Result<LogicalPlanPtr> LogicalProject::WithChildren(
    std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children.at(0)), exprs_);
}

}  // namespace skipjack
