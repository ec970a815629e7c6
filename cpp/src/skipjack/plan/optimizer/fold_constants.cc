// Constant folding: a function of literals becomes the literal it evaluates to
// (`lit(2) * lit(3)` -> `lit(6)`, `lit(date).cast(...)`), once at plan time instead of
// once per morsel; `x & true` and `x | false` lose the constant; a filter that is
// always true disappears.

#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <arrow/type.h>

#include "skipjack/expr/binder.h"
#include "skipjack/expr/bound_expr.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/optimizer/rules.h"

namespace skipjack {
namespace {

bool IsLiteral(const ExprPtr& expr) { return expr->kind() == ExprKind::kLiteral; }

std::optional<bool> BoolLiteral(const ExprPtr& expr) {
  if (!IsLiteral(expr)) return std::nullopt;
  const auto& value = static_cast<const LiteralExpr&>(*expr).value();
  if (!value || value->type->id() != arrow::Type::BOOL || !value->is_valid) return std::nullopt;
  return static_cast<const arrow::BooleanScalar&>(*value).value;
}

// Evaluates an expression without columns; nullptr if it cannot (an error is left for
// execution to report, where it names the row).
ExprPtr Evaluate(const ExprPtr& expr) {
  static const auto empty = arrow::schema({});
  auto bound = Bind(expr, *empty);
  if (!bound.ok()) return nullptr;
  auto batch = arrow::RecordBatch::Make(empty, 1, arrow::ArrayVector{});
  arrow::compute::ExecContext exec;
  auto value = (*bound)->Evaluate(*batch, &exec);
  if (!value.ok()) return nullptr;
  std::shared_ptr<arrow::Scalar> scalar;
  if (value->is_scalar()) {
    scalar = value->scalar();
  } else if (value->is_array() && value->length() == 1) {
    auto got = value->make_array()->GetScalar(0);
    if (!got.ok()) return nullptr;
    scalar = *got;
  } else {
    return nullptr;
  }
  return Lit(std::move(scalar));
}

ExprPtr Fold(const ExprPtr& expr) {
  auto children = expr->children();
  bool changed = false;
  for (auto& child : children) {
    auto folded = Fold(child);
    changed = changed || folded != child;
    child = std::move(folded);
  }
  ExprPtr node = changed ? expr->WithChildren(children) : expr;
  if (node->kind() == ExprKind::kCall) {
    const auto& call = static_cast<const CallExpr&>(*node);
    const auto& args = call.args();
    if (call.function() == "and" || call.function() == "or") {
      const bool is_and = call.function() == "and";
      // x & true -> x; x | false -> x (the neutral element); the absorbing one stays
      // for Kleene logic (null & false is false, but null & true is null).
      for (int side = 0; side < 2; ++side) {
        if (BoolLiteral(args[side]) == is_and) return args[1 - side];
      }
    }
  }
  const bool foldable = (node->kind() == ExprKind::kCall || node->kind() == ExprKind::kCast) &&
                        !node->children().empty();
  if (!foldable) return node;
  for (const auto& child : node->children()) {
    if (!IsLiteral(child)) return node;
  }
  auto literal = Evaluate(node);
  return literal ? literal : node;
}

class FoldConstants final : public OptimizerRule {
 public:
  std::string name() const override { return "FoldConstants"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    return TransformUp(plan, [](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
      if (node->kind() == LogicalKind::kFilter) {
        const auto& filter = static_cast<const LogicalFilter&>(*node);
        auto predicate = Fold(filter.predicate());
        if (BoolLiteral(predicate) == true) return node->children()[0];
        if (predicate == filter.predicate()) return node;
        return LogicalFilter::Make(node->children()[0], predicate);
      }
      if (node->kind() == LogicalKind::kProject) {
        const auto& project = static_cast<const LogicalProject&>(*node);
        std::vector<ExprPtr> exprs;
        bool changed = false;
        for (const auto& expr : project.exprs()) {
          auto folded = Fold(expr);
          if (folded != expr && folded->kind() == ExprKind::kLiteral) {
            // Keep the output name the expression had.
            folded = Alias(folded, OutputName(*expr));
          }
          changed = changed || folded != expr;
          exprs.push_back(std::move(folded));
        }
        if (!changed) return node;
        return LogicalProject::Make(node->children()[0], std::move(exprs));
      }
      return node;
    });
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeFoldConstantsRule() { return std::make_unique<FoldConstants>(); }

}  // namespace skipjack
