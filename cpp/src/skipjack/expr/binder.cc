#include "skipjack/expr/binder.h"

#include <arrow/compute/cast.h>
#include <arrow/scalar.h>
#include <arrow/type.h>

#include "skipjack/common/did_you_mean.h"
#include "skipjack/common/error_detail.h"
#include "skipjack/expr/bound_udf.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/expr/udf_expr.h"
#include "skipjack/functions/file/file_reference.h"
#include "skipjack/functions/image/image_casts.h"
#include "skipjack/functions/registry.h"
#include "skipjack/types/display_name.h"

namespace skipjack {
namespace {

arrow::Status UnknownColumn(const std::string& name, const arrow::Schema& schema) {
  std::string available;
  for (int i = 0; i < schema.num_fields(); ++i) {
    if (i > 0) available += ", ";
    available += schema.field(i)->name();
  }
  return ColumnNotFound("Column '" + name + "' not found." +
                        DidYouMean(name, schema.field_names()) +
                        " Available columns: " + available);
}

arrow::Result<BoundExprPtr> BindColumn(const ColumnExpr& column, const arrow::Schema& schema) {
  const auto indices = schema.GetAllFieldIndices(column.name());
  if (indices.empty()) return UnknownColumn(column.name(), schema);
  if (indices.size() > 1) {
    return arrow::Status::Invalid("Column name '", column.name(),
                                  "' is ambiguous: it appears ", indices.size(),
                                  " times in the input");
  }
  return std::make_shared<BoundColumn>(indices[0], schema.field(indices[0])->type());
}

arrow::Result<BoundExprPtr> BindCast(const CastExpr& cast, const arrow::Schema& schema) {
  ARROW_ASSIGN_OR_RAISE(auto input, Bind(cast.input(), schema));
  if (!input->type()->Equals(*cast.to()) && input->type()->id() != arrow::Type::NA &&
      !IsImageCast(*input->type(), *cast.to()) && !IsFileCast(*input->type(), *cast.to()) &&
      !arrow::compute::CanCast(*input->type(), *cast.to())) {
    return arrow::Status::TypeError("Cannot cast ", DisplayName(*input->type()), " to ",
                                    DisplayName(*cast.to()), " in expression ",
                                    cast.ToString());
  }
  return std::make_shared<BoundCast>(std::move(input), cast.to());
}

arrow::Result<BoundExprPtr> BindCall(const CallExpr& call, const arrow::Schema& schema) {
  ARROW_ASSIGN_OR_RAISE(auto function, GetFunctionRegistry()->Find(call.function()));
  std::vector<BoundExprPtr> args;
  std::vector<ArgInfo> infos;
  for (const auto& arg : call.args()) {
    ARROW_ASSIGN_OR_RAISE(auto bound, Bind(arg, schema));
    std::shared_ptr<arrow::Scalar> literal;
    if (arg->kind() == ExprKind::kLiteral) {
      literal = static_cast<const LiteralExpr&>(*arg).value();
    }
    infos.push_back({bound->type(), std::move(literal)});
    args.push_back(std::move(bound));
  }
  auto bound = function->Bind(infos, call.options());
  if (!bound.ok()) {
    return bound.status().WithMessage(bound.status().message(), " in expression ",
                                      call.ToString());
  }
  return std::make_shared<BoundCall>(*std::move(bound), std::move(args));
}

arrow::Result<BoundExprPtr> BindUdf(const UdfExpr& udf, const arrow::Schema& schema) {
  std::vector<BoundExprPtr> args;
  for (const auto& arg : udf.args()) {
    ARROW_ASSIGN_OR_RAISE(auto bound, Bind(arg, schema));
    args.push_back(std::move(bound));
  }
  return std::make_shared<BoundUdf>(udf.function(), std::move(args));
}

}  // namespace

arrow::Result<BoundExprPtr> Bind(const ExprPtr& expr, const arrow::Schema& schema) {
  switch (expr->kind()) {
    case ExprKind::kColumn:
      return BindColumn(static_cast<const ColumnExpr&>(*expr), schema);
    case ExprKind::kLiteral:
      return std::make_shared<BoundLiteral>(static_cast<const LiteralExpr&>(*expr).value());
    case ExprKind::kAlias:
      return Bind(static_cast<const AliasExpr&>(*expr).input(), schema);
    case ExprKind::kCast:
      return BindCast(static_cast<const CastExpr&>(*expr), schema);
    case ExprKind::kCall:
      return BindCall(static_cast<const CallExpr&>(*expr), schema);
    case ExprKind::kUdf:
      return BindUdf(static_cast<const UdfExpr&>(*expr), schema);
    case ExprKind::kAggregate:
      return arrow::Status::Invalid("Aggregation ", expr->ToString(),
                                    " can only be used in agg() (or groupby(...).agg())");
  }
  return arrow::Status::Invalid("unknown expression kind");
}

arrow::Result<std::shared_ptr<arrow::Field>> ResolveField(const ExprPtr& expr,
                                                          const arrow::Schema& schema) {
  ARROW_ASSIGN_OR_RAISE(auto bound, Bind(expr, schema));
  // A column passed through (or renamed) keeps its field: nullability and metadata
  // survive, so optimized plans that skip the projection produce the same schema.
  const ExprPtr inner = expr->kind() == ExprKind::kAlias
                            ? static_cast<const AliasExpr&>(*expr).input()
                            : expr;
  if (inner->kind() == ExprKind::kColumn) {
    const auto& bound_column = static_cast<const BoundColumn&>(*bound);
    return schema.field(bound_column.index())->WithName(OutputName(*expr));
  }
  return arrow::field(OutputName(*expr), bound->type());
}

std::string OutputName(const Expr& expr) {
  switch (expr.kind()) {
    case ExprKind::kColumn:
      return static_cast<const ColumnExpr&>(expr).name();
    case ExprKind::kLiteral:
      return "literal";
    case ExprKind::kAlias:
      return static_cast<const AliasExpr&>(expr).name();
    case ExprKind::kCast:
      return OutputName(*static_cast<const CastExpr&>(expr).input());
    case ExprKind::kAggregate: {
      const auto& aggregate = static_cast<const AggregateExpr&>(expr);
      return aggregate.input() ? OutputName(*aggregate.input()) : "count";
    }
    case ExprKind::kUdf: {
      // Daft's rule: a UDF's column is named after its first argument.
      const auto& udf = static_cast<const UdfExpr&>(expr);
      return udf.args().empty() ? udf.options().name : OutputName(*udf.args()[0]);
    }
    case ExprKind::kCall: {
      const auto& call = static_cast<const CallExpr&>(expr);
      if (call.args().empty()) return call.function();
      int index = 0;
      if (auto function = GetFunctionRegistry()->Find(call.function()); function.ok()) {
        index = (*function)->output_name_argument();
      }
      if (index >= static_cast<int>(call.args().size())) index = 0;
      return OutputName(*call.args()[index]);
    }
  }
  return "";
}

std::string ToIndexedString(const ExprPtr& expr, const arrow::Schema& schema) {
  auto indexed = TransformColumns(expr, [&](const ColumnExpr& column) -> ExprPtr {
    const int index = schema.GetFieldIndex(column.name());
    return Col(std::to_string(index) + ": " + column.name());
  });
  return indexed->ToString();
}

}  // namespace skipjack
