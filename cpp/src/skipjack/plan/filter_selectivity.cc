#include "skipjack/plan/filter_selectivity.h"

#include <algorithm>

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

}  // namespace

double EstimateSelectivity(const ExprPtr& predicate) {
  if (predicate->kind() == ExprKind::kAlias) return EstimateSelectivity(predicate->children()[0]);
  if (predicate->kind() == ExprKind::kLiteral) return 1.0;  // folded constants: keep all
  if (predicate->kind() != ExprKind::kCall) return kUnknown;
  const auto& call = static_cast<const CallExpr&>(*predicate);
  const auto& name = call.function();
  const auto& args = call.args();
  if (name == "and") {
    double selectivity = 1;
    for (const auto& arg : args) selectivity *= EstimateSelectivity(arg);
    return Clamp(selectivity);
  }
  if (name == "or") {
    double none = 1;
    for (const auto& arg : args) none *= 1 - EstimateSelectivity(arg);
    return Clamp(1 - none);
  }
  if (name == "not" && args.size() == 1) return Clamp(1 - EstimateSelectivity(args[0]));
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
