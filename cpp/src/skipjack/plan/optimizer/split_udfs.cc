// SplitUdfs: every UDF call in a projection or a filter moves into its own UDFProject
// node, innermost calls first, so each runs with its own batch size and concurrency
// and ordinary expressions never wait on Python:
//
//   Project[f(g(col(x))) + 1 as y]   ->   Project[col(__f_1) + 1 as y]
//                                           UDFProject[f(col(__g_0)) as __f_1]
//                                             UDFProject[g(col(x)) as __g_0]

#include <arrow/type.h>

#include "skipjack/expr/binder.h"
#include "skipjack/expr/udf_expr.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/logical_udf_project.h"
#include "skipjack/plan/optimizer/rules.h"

namespace skipjack {
namespace {

// A UDF call none of whose arguments calls a UDF, or nullptr.
std::shared_ptr<const UdfExpr> InnermostUdf(const ExprPtr& expr) {
  for (const auto& child : expr->children()) {
    if (auto inner = InnermostUdf(child)) return inner;
  }
  if (expr->kind() == ExprKind::kUdf) return std::static_pointer_cast<const UdfExpr>(expr);
  return nullptr;
}

ExprPtr ReplaceExpr(const ExprPtr& expr, const Expr& target, const ExprPtr& replacement) {
  if (expr->Equals(target)) return replacement;
  auto children = expr->children();
  bool changed = false;
  for (auto& child : children) {
    auto replaced = ReplaceExpr(child, target, replacement);
    changed = changed || replaced != child;
    child = std::move(replaced);
  }
  return changed ? expr->WithChildren(std::move(children)) : expr;
}

std::string ShortName(const std::string& name) {
  const auto dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

// Moves the UDF calls of `exprs` into UDFProjects stacked on `input`; `exprs` then refer
// to the UDF results by column.
arrow::Result<LogicalPlanPtr> SplitOut(LogicalPlanPtr input, std::vector<ExprPtr>* exprs) {
  int counter = 0;
  while (true) {
    std::shared_ptr<const UdfExpr> udf;
    for (const auto& expr : *exprs) {
      if ((udf = InnermostUdf(expr))) break;
    }
    if (!udf) return input;
    std::string output;
    do {
      output = "__" + ShortName(udf->options().name) + "_" + std::to_string(counter++);
    } while (input->schema()->GetFieldIndex(output) >= 0);
    ARROW_ASSIGN_OR_RAISE(input, LogicalUdfProject::Make(input, udf, output));
    for (auto& expr : *exprs) expr = ReplaceExpr(expr, *udf, Col(output));
  }
}

arrow::Result<LogicalPlanPtr> SplitProject(const LogicalProject& project) {
  std::vector<ExprPtr> exprs = project.exprs();
  ARROW_ASSIGN_OR_RAISE(auto input, SplitOut(project.children()[0], &exprs));
  // Keep the output names: `f(col(x))` is named x, and so must its replacement be.
  for (size_t i = 0; i < exprs.size(); ++i) {
    const std::string name = OutputName(*project.exprs()[i]);
    if (OutputName(*exprs[i]) != name) exprs[i] = Alias(exprs[i], name);
  }
  return LogicalProject::Make(std::move(input), std::move(exprs));
}

arrow::Result<LogicalPlanPtr> SplitFilter(const LogicalFilter& filter) {
  std::vector<ExprPtr> predicate = {filter.predicate()};
  ARROW_ASSIGN_OR_RAISE(auto input, SplitOut(filter.children()[0], &predicate));
  ARROW_ASSIGN_OR_RAISE(auto filtered, LogicalFilter::Make(std::move(input), predicate[0]));
  std::vector<ExprPtr> columns;
  for (const auto& field : filter.schema()->fields()) columns.push_back(Col(field->name()));
  return LogicalProject::Make(std::move(filtered), std::move(columns));
}

class SplitUdfs final : public OptimizerRule {
 public:
  std::string name() const override { return "SplitUdfs"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    return TransformUp(plan, [](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
      if (node->kind() == LogicalKind::kProject) {
        const auto& project = static_cast<const LogicalProject&>(*node);
        for (const auto& expr : project.exprs()) {
          if (ContainsUdf(expr)) return SplitProject(project);
        }
      } else if (node->kind() == LogicalKind::kFilter) {
        const auto& filter = static_cast<const LogicalFilter&>(*node);
        if (ContainsUdf(filter.predicate())) return SplitFilter(filter);
      }
      return node;
    });
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeSplitUdfsRule() { return std::make_unique<SplitUdfs>(); }

}  // namespace skipjack
