#include "skipjack/plan/filter_selectivity.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <arrow/scalar.h>
#include <arrow/type.h>

namespace skipjack {
namespace {

// Postgres-like defaults; equality is kept well above Postgres' 0.005 because a
// column's distinct count is unknown here and low-cardinality columns are common.
constexpr double kEquality = 0.05;
constexpr double kRange = 1.0 / 3;
constexpr double kPattern = 0.1;   // contains, startswith, regexp, like
constexpr double kNullTest = 0.1;  // is_null
constexpr double kUnknown = 0.2;   // anything else (as DuckDB assumes)

bool IsColumnAgainstConstant(const CallExpr& call) {
  if (call.args().size() != 2) return false;
  const auto a = call.args()[0]->kind(), b = call.args()[1]->kind();
  return (a == ExprKind::kLiteral) != (b == ExprKind::kLiteral);
}

double Clamp(double selectivity) { return std::clamp(selectivity, 1e-4, 1.0); }

// An integer or date constant as a number.
std::optional<double> NumberOf(const Expr& expr) {
  if (expr.kind() != ExprKind::kLiteral) return std::nullopt;
  const auto& scalar = static_cast<const LiteralExpr&>(expr).value();
  if (!scalar || !scalar->is_valid) return std::nullopt;
  if (scalar->type->id() == arrow::Type::DATE32) {
    return static_cast<double>(static_cast<const arrow::Date32Scalar&>(*scalar).value);
  }
  if (!arrow::is_integer(scalar->type->id())) return std::nullopt;
  auto cast = scalar->CastTo(arrow::float64());
  if (!cast.ok()) return std::nullopt;
  return static_cast<const arrow::DoubleScalar&>(**cast).value;
}

// The values [low, high] of one column a conjunction of comparisons keeps.
struct ColumnRange {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
};

// The column and the values [low, high] a range comparison of a column with integer or
// date constants keeps; nothing for other predicates. Values are whole numbers: "< 5"
// keeps up to 4.
std::optional<std::pair<std::string, ColumnRange>> RangeOf(const Expr& predicate) {
  if (predicate.kind() != ExprKind::kCall) return std::nullopt;
  const auto& call = static_cast<const CallExpr&>(predicate);
  const auto& args = call.args();
  std::string op = call.function();
  ColumnRange range;
  if (op == "between" && args.size() == 3 && args[0]->kind() == ExprKind::kColumn) {
    const auto low = NumberOf(*args[1]), high = NumberOf(*args[2]);
    if (!low || !high) return std::nullopt;
    range.low = *low;
    range.high = *high;
    return std::make_pair(static_cast<const ColumnExpr&>(*args[0]).name(), range);
  }
  if (args.size() != 2) return std::nullopt;
  const Expr* column = args[0].get();
  std::optional<double> value;
  if (column->kind() == ExprKind::kColumn) {
    value = NumberOf(*args[1]);
  } else if (args[1]->kind() == ExprKind::kColumn) {  // "5 < x" is "x > 5"
    column = args[1].get();
    value = NumberOf(*args[0]);
    static const std::map<std::string, std::string> kFlipped = {
        {"less", "greater"}, {"greater", "less"},
        {"less_equal", "greater_equal"}, {"greater_equal", "less_equal"}};
    const auto flipped = kFlipped.find(op);
    if (flipped != kFlipped.end()) op = flipped->second;
  }
  if (!value) return std::nullopt;
  if (op == "less") {
    range.high = *value - 1;
  } else if (op == "less_equal") {
    range.high = *value;
  } else if (op == "greater") {
    range.low = *value + 1;
  } else if (op == "greater_equal") {
    range.low = *value;
  } else {
    return std::nullopt;
  }
  return std::make_pair(static_cast<const ColumnExpr&>(*column).name(), range);
}

// The share of `bounds` that `range` keeps.
double ShareOf(const ColumnRange& range, const ValueBounds& bounds) {
  const double kept = std::min(range.high, bounds.high) - std::max(range.low, bounds.low) + 1;
  return Clamp(std::max(0.0, kept) / (bounds.high - bounds.low + 1));
}

}  // namespace

double EstimateSelectivity(const ExprPtr& predicate, const BoundsOf& bounds_of) {
  if (predicate->kind() == ExprKind::kAlias) {
    return EstimateSelectivity(predicate->children()[0], bounds_of);
  }
  if (bounds_of && predicate->kind() == ExprKind::kCall) {
    // Range comparisons on columns of known bounds, per column, then the rest.
    std::vector<ExprPtr> parts;
    const auto& call = static_cast<const CallExpr&>(*predicate);
    if (call.function() == "and") {
      parts = call.args();
    } else {
      parts = {predicate};
    }
    std::map<std::string, ColumnRange> ranges;
    std::vector<ExprPtr> rest;
    for (const auto& part : parts) {
      const auto range = RangeOf(*part);
      if (!range || !bounds_of(range->first)) {
        rest.push_back(part);
        continue;
      }
      auto& kept = ranges[range->first];
      kept.low = std::max(kept.low, range->second.low);
      kept.high = std::min(kept.high, range->second.high);
    }
    if (!ranges.empty()) {
      double selectivity = 1;
      for (const auto& [column, range] : ranges) selectivity *= ShareOf(range, *bounds_of(column));
      for (const auto& part : rest) selectivity *= EstimateSelectivity(part, bounds_of);
      return Clamp(selectivity);
    }
  }
  if (predicate->kind() == ExprKind::kLiteral) return 1.0;  // folded constants: keep all
  if (predicate->kind() != ExprKind::kCall) return kUnknown;
  const auto& call = static_cast<const CallExpr&>(*predicate);
  const auto& name = call.function();
  const auto& args = call.args();
  if (name == "and") {
    double selectivity = 1;
    for (const auto& arg : args) selectivity *= EstimateSelectivity(arg, bounds_of);
    return Clamp(selectivity);
  }
  if (name == "or") {
    double none = 1;
    for (const auto& arg : args) none *= 1 - EstimateSelectivity(arg, bounds_of);
    return Clamp(1 - none);
  }
  if (name == "not" && args.size() == 1) return Clamp(1 - EstimateSelectivity(args[0], bounds_of));
  if (name == "equal" || name == "eq_null_safe") {
    return IsColumnAgainstConstant(call) ? kEquality : kUnknown;
  }
  if (name == "not_equal") return IsColumnAgainstConstant(call) ? 1 - kEquality : 1 - kUnknown;
  if (name == "less" || name == "less_equal" || name == "greater" || name == "greater_equal") {
    return IsColumnAgainstConstant(call) ? kRange : kUnknown;
  }
  if (name == "between") return kRange * kRange;
  if (name == "is_in" && args.size() == 2 && args[1]->kind() == ExprKind::kLiteral) {
    // One equality per listed value; the list's length is not looked up here.
    return 3 * kEquality;
  }
  if (name == "contains" || name == "startswith" || name == "endswith" || name == "regexp" ||
      name == "like" || name == "ilike") {
    return kPattern;
  }
  if (name == "is_null") return kNullTest;
  if (name == "not_null") return 1 - kNullTest;
  return kUnknown;
}

}  // namespace skipjack
