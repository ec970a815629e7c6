#include "skipjack/plan/logical_aggregate.h"

#include <set>

#include <arrow/type.h>

#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/logical_project.h"

namespace skipjack {

const AggregateExpr& UnwrapAggregate(const ExprPtr& expr) {
  return static_cast<const AggregateExpr&>(*StripAlias(expr));
}

arrow::Result<BoundAggregatePtr> BindAggregate(const AggregateExpr& aggregate,
                                               const arrow::Schema& schema) {
  ARROW_ASSIGN_OR_RAISE(auto function, GetAggregateRegistry()->Find(aggregate.function()));
  std::shared_ptr<arrow::DataType> input_type;
  if (aggregate.input()) {
    if (ContainsAggregate(aggregate.input())) {
      return arrow::Status::Invalid("Nested aggregation in ", aggregate.ToString(),
                                    ": an aggregation's input cannot itself aggregate");
    }
    ARROW_ASSIGN_OR_RAISE(auto field, ResolveField(aggregate.input(), schema));
    input_type = field->type();
  }
  auto bound = function->Bind(input_type, aggregate.options());
  if (!bound.ok()) {
    return bound.status().WithMessage(bound.status().message(), " in aggregation ",
                                      aggregate.ToString());
  }
  return bound;
}

LogicalAggregate::LogicalAggregate(LogicalPlanPtr input, std::vector<ExprPtr> group_by,
                                   std::vector<ExprPtr> aggregations,
                                   std::shared_ptr<arrow::Schema> schema)
    : LogicalPlan(LogicalKind::kAggregate, {std::move(input)}, std::move(schema)),
      group_by_(std::move(group_by)),
      aggregations_(std::move(aggregations)) {}

arrow::Result<LogicalPlanPtr> LogicalAggregate::Make(LogicalPlanPtr input,
                                                     std::vector<ExprPtr> group_by,
                                                     std::vector<ExprPtr> aggregations) {
  const auto& schema = *input->schema();
  arrow::FieldVector fields;
  std::set<std::string> names;
  auto add = [&](std::shared_ptr<arrow::Field> field) -> arrow::Status {
    if (!names.insert(field->name()).second) {
      return arrow::Status::Invalid(
          "Column name '", field->name(),
          "' appears more than once in the aggregation's output; give each a unique name "
          "with .alias(...)");
    }
    fields.push_back(std::move(field));
    return arrow::Status::OK();
  };
  for (const auto& key : group_by) {
    if (ContainsAggregate(key)) {
      return arrow::Status::Invalid("Cannot group by an aggregation: ", key->ToString());
    }
    ARROW_ASSIGN_OR_RAISE(auto field, ResolveField(key, schema));
    ARROW_RETURN_NOT_OK(add(std::move(field)));
  }
  for (const auto& aggregation : aggregations) {
    if (StripAlias(aggregation)->kind() != ExprKind::kAggregate) {
      return arrow::Status::Invalid("Expected an aggregation such as col(x).sum(), got ",
                                    aggregation->ToString());
    }
    ARROW_ASSIGN_OR_RAISE(auto bound, BindAggregate(UnwrapAggregate(aggregation), schema));
    ARROW_RETURN_NOT_OK(add(arrow::field(OutputName(*aggregation), bound->output_type())));
  }
  return std::make_shared<LogicalAggregate>(std::move(input), std::move(group_by),
                                            std::move(aggregations),
                                            arrow::schema(std::move(fields)));
}

std::string LogicalAggregate::Summary() const {
  std::string out;
  for (size_t i = 0; i < aggregations_.size(); ++i) {
    out += (i ? ", " : "") + aggregations_[i]->ToString();
  }
  return out;
}

std::vector<std::string> LogicalAggregate::Details() const {
  if (group_by_.empty()) return {};
  std::string keys;
  for (size_t i = 0; i < group_by_.size(); ++i) keys += (i ? ", " : "") + group_by_[i]->ToString();
  return {"Group by = " + keys};
}

arrow::Result<LogicalPlanPtr> LogicalAggregate::WithChildren(
    std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children.at(0)), group_by_, aggregations_);
}

namespace {

// Replaces each aggregation inside `expr` by a column of the aggregate node, collecting
// the aggregations (deduplicated) into `aggregations`.
ExprPtr LiftAggregations(const ExprPtr& expr, std::vector<ExprPtr>* aggregations) {
  if (expr->kind() == ExprKind::kAggregate) {
    for (size_t i = 0; i < aggregations->size(); ++i) {
      if (StripAlias((*aggregations)[i])->Equals(*expr)) {
        return Col("__aggregation_" + std::to_string(i));
      }
    }
    const std::string name = "__aggregation_" + std::to_string(aggregations->size());
    aggregations->push_back(Alias(expr, name));
    return Col(name);
  }
  auto children = expr->children();
  if (children.empty()) return expr;
  for (auto& child : children) child = LiftAggregations(child, aggregations);
  return expr->WithChildren(std::move(children));
}

}  // namespace

arrow::Result<LogicalPlanPtr> MakeAggregation(LogicalPlanPtr input, std::vector<ExprPtr> group_by,
                                              std::vector<ExprPtr> outputs) {
  bool all_plain = true;
  for (const auto& output : outputs) {
    if (StripAlias(output)->kind() != ExprKind::kAggregate) all_plain = false;
    if (!ContainsAggregate(output)) {
      return arrow::Status::Invalid(
          "agg() expects aggregations (such as col(x).sum()), got ", output->ToString());
    }
  }
  if (all_plain) return LogicalAggregate::Make(std::move(input), std::move(group_by), std::move(outputs));

  // Expressions over aggregations: aggregate first, then compute them in a projection.
  std::vector<ExprPtr> aggregations;
  std::vector<ExprPtr> projections;
  for (const auto& key : group_by) projections.push_back(Col(OutputName(*key)));
  for (const auto& output : outputs) {
    ExprPtr lifted = LiftAggregations(output, &aggregations);
    projections.push_back(Alias(StripAlias(lifted), OutputName(*output)));
  }
  ARROW_ASSIGN_OR_RAISE(auto aggregate,
                        LogicalAggregate::Make(std::move(input), std::move(group_by),
                                               std::move(aggregations)));
  return LogicalProject::Make(std::move(aggregate), std::move(projections));
}

}  // namespace skipjack
