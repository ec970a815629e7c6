#include "skipjack/io/statistics_pruning.h"

#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/type.h>

#include "skipjack/expr/expr_rewrite.h"

namespace skipjack {
namespace {

std::shared_ptr<arrow::Scalar> LiteralValue(const ExprPtr& expr) {
  if (expr->kind() != ExprKind::kLiteral) return nullptr;
  const auto& value = static_cast<const LiteralExpr&>(*expr).value();
  return value && value->is_valid ? value : nullptr;
}

// Brings a literal and a statistic to one type: Float64 if either is floating point,
// else the statistic's type. Null when they cannot be compared.
std::shared_ptr<arrow::Scalar> Convert(const std::shared_ptr<arrow::Scalar>& value,
                                       const std::shared_ptr<arrow::DataType>& to) {
  if (value->type->Equals(*to)) return value;
  auto cast = value->CastTo(to);
  return cast.ok() ? *cast : nullptr;
}

// a <op> b for two scalars; nullopt when unknown.
std::optional<bool> Compare(const char* op, std::shared_ptr<arrow::Scalar> a,
                            std::shared_ptr<arrow::Scalar> b) {
  if (!a || !b) return std::nullopt;
  std::shared_ptr<arrow::DataType> common = a->type;
  if (arrow::is_floating(a->type->id()) || arrow::is_floating(b->type->id())) {
    common = arrow::float64();
  }
  a = Convert(a, common);
  b = Convert(b, common);
  if (!a || !b) return std::nullopt;
  auto result = arrow::compute::CallFunction(op, {a, b});
  if (!result.ok() || !result->is_scalar()) return std::nullopt;
  const auto& out = static_cast<const arrow::BooleanScalar&>(*result->scalar());
  if (!out.is_valid) return std::nullopt;
  return out.value;
}

bool IsTrue(const std::optional<bool>& value) { return value.has_value() && *value; }

// May some value v in [min, max] satisfy `v op literal`?
bool RangeMayMatch(const std::string& op, const ColumnStatistics& stats,
                   const std::shared_ptr<arrow::Scalar>& literal) {
  if (stats.num_rows >= 0 && stats.null_count == stats.num_rows) return false;  // all null
  const auto& lo = stats.min;
  const auto& hi = stats.max;
  if (op == "equal") {
    return !(IsTrue(Compare("less", literal, lo)) || IsTrue(Compare("greater", literal, hi)));
  }
  if (op == "not_equal") {
    return !(IsTrue(Compare("equal", lo, literal)) && IsTrue(Compare("equal", hi, literal)));
  }
  if (op == "less") return !IsTrue(Compare("greater_equal", lo, literal));
  if (op == "less_equal") return !IsTrue(Compare("greater", lo, literal));
  if (op == "greater") return !IsTrue(Compare("less_equal", hi, literal));
  if (op == "greater_equal") return !IsTrue(Compare("less", hi, literal));
  return true;
}

const char* Flipped(const std::string& op) {
  if (op == "less") return "greater";
  if (op == "less_equal") return "greater_equal";
  if (op == "greater") return "less";
  if (op == "greater_equal") return "less_equal";
  return op == "equal" ? "equal" : "not_equal";
}

bool CallMayMatch(const CallExpr& call, const StatisticsLookup& lookup) {
  const std::string& fn = call.function();
  const auto& args = call.args();
  if (fn == "and") {
    for (const auto& arg : args) {
      if (!MayMatch(arg, lookup)) return false;
    }
    return true;
  }
  if (fn == "or") {
    for (const auto& arg : args) {
      if (MayMatch(arg, lookup)) return true;
    }
    return false;
  }
  if (args.empty()) return true;
  const std::string* column = ColumnNameOf(args[0]);
  if (fn == "equal" || fn == "not_equal" || fn == "less" || fn == "less_equal" ||
      fn == "greater" || fn == "greater_equal") {
    std::string op = fn;
    std::shared_ptr<arrow::Scalar> literal;
    if (column) {
      literal = LiteralValue(args[1]);
    } else if ((column = ColumnNameOf(args[1]))) {
      literal = LiteralValue(args[0]);
      op = Flipped(fn);
    }
    if (!column || !literal) return true;
    auto stats = lookup(*column);
    return !stats || RangeMayMatch(op, *stats, literal);
  }
  if (!column) return true;
  auto stats = lookup(*column);
  if (!stats) return true;
  if (fn == "between" && args.size() == 3) {
    auto low = LiteralValue(args[1]);
    auto high = LiteralValue(args[2]);
    return !low || !high ||
           (RangeMayMatch("greater_equal", *stats, low) && RangeMayMatch("less_equal", *stats, high));
  }
  if (fn == "is_in" && args.size() == 2) {
    auto list = LiteralValue(args[1]);
    if (!list || (list->type->id() != arrow::Type::LIST && list->type->id() != arrow::Type::LARGE_LIST)) {
      return true;
    }
    const auto& values = static_cast<const arrow::BaseListScalar&>(*list).value;
    for (int64_t i = 0; i < values->length(); ++i) {
      auto value = values->GetScalar(i);
      if (!value.ok() || !(*value)->is_valid || RangeMayMatch("equal", *stats, *value)) return true;
    }
    return false;
  }
  if (fn == "is_null") return stats->null_count != 0;
  if (fn == "not_null") return stats->num_rows < 0 || stats->null_count < stats->num_rows;
  return true;
}

}  // namespace

bool MayMatch(const ExprPtr& predicate, const StatisticsLookup& lookup) {
  if (predicate->kind() == ExprKind::kAlias) return MayMatch(predicate->children()[0], lookup);
  if (predicate->kind() == ExprKind::kLiteral) {
    const auto& value = static_cast<const LiteralExpr&>(*predicate).value();
    if (value && value->type->id() == arrow::Type::BOOL) {
      return value->is_valid && static_cast<const arrow::BooleanScalar&>(*value).value;
    }
    return true;
  }
  if (predicate->kind() != ExprKind::kCall) return true;
  return CallMayMatch(static_cast<const CallExpr&>(*predicate), lookup);
}

}  // namespace skipjack
