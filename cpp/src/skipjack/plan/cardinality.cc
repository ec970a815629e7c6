#include "skipjack/plan/cardinality.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "skipjack/plan/filter_selectivity.h"
#include "skipjack/plan/logical_aggregate.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_join.h"
#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/plan/logical_limit.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/logical_row_ops.h"
#include "skipjack/plan/logical_source.h"

namespace skipjack {

namespace {

// Estimated distinct values (left, right) of each pair of join keys that are plain
// columns, where both are known.
std::vector<std::pair<double, double>> KeyDistincts(const LogicalJoin& join) {
  std::vector<std::pair<double, double>> out;
  for (size_t k = 0; k < join.left_keys().size(); ++k) {
    if (join.left_keys()[k]->kind() != ExprKind::kColumn ||
        join.right_keys()[k]->kind() != ExprKind::kColumn) {
      continue;
    }
    const double l = EstimateDistinct(*join.children()[0], OutputName(*join.left_keys()[k]));
    const double r = EstimateDistinct(*join.children()[1], OutputName(*join.right_keys()[k]));
    if (l > 0 && r > 0) out.emplace_back(l, r);
  }
  return out;
}

// Rows a filter of estimated `selectivity` keeps of `rows`: at least one of a non-empty
// input (an equality on a five-row table keeps a row, not a quarter of one: fractions
// of rows multiplied through a chain of joins made whole regions look empty).
double FilteredRows(double rows, double selectivity) {
  return std::max(std::min(rows, 1.0), rows * selectivity);
}

// A filter on an aggregation's computed values (SQL's HAVING): no statistics tell how
// many groups pass, and a third of them (a range's default) made q18's 57 big orders
// look larger than the orders table, so the join built on orders. The default for
// predicates nothing is known about (as DuckDB assumes) is used instead.
constexpr double kAggregateFilterSelectivity = 0.2;

bool TestsOnlyAggregates(const LogicalFilter& filter) {
  if (filter.children()[0]->kind() != LogicalKind::kAggregate) return false;
  const auto& aggregate = static_cast<const LogicalAggregate&>(*filter.children()[0]);
  std::set<std::string> computed;
  for (const auto& aggregation : aggregate.aggregations()) computed.insert(OutputName(*aggregation));
  const auto read = ReferencedColumns(filter.predicate());
  return !read.empty() && std::all_of(read.begin(), read.end(),
                                      [&](const std::string& c) { return computed.count(c) > 0; });
}

}  // namespace

double EstimateRows(const LogicalPlan& plan) {
  switch (plan.kind()) {
    case LogicalKind::kSource: {
      const auto& source = static_cast<const LogicalSource&>(plan);
      double rows = static_cast<double>(source.info()->num_rows());
      if (rows < 0) return -1;
      if (source.pushdowns().filter) {
        const BoundsOf bounds_of = [&](const std::string& column) {
          return source.info()->Bounds(column);
        };
        rows = FilteredRows(rows, EstimateSelectivity(source.pushdowns().filter, bounds_of));
      }
      if (source.pushdowns().limit) rows = std::min(rows, static_cast<double>(*source.pushdowns().limit));
      return rows;
    }
    case LogicalKind::kProject:
    case LogicalKind::kSort:
      return EstimateRows(*plan.children()[0]);
    case LogicalKind::kFilter: {
      const auto& filter = static_cast<const LogicalFilter&>(plan);
      const double rows = EstimateRows(*plan.children()[0]);
      if (rows < 0) return -1;
      const bool having = TestsOnlyAggregates(filter);
      return FilteredRows(rows, having ? kAggregateFilterSelectivity
                                       : EstimateSelectivity(filter.predicate()));
    }
    case LogicalKind::kLimit: {
      const double rows = EstimateRows(*plan.children()[0]);
      const double limit = static_cast<double>(static_cast<const LogicalLimit&>(plan).limit());
      return rows < 0 ? limit : std::min(rows, limit);
    }
    case LogicalKind::kAggregate: {
      const auto& aggregate = static_cast<const LogicalAggregate&>(plan);
      if (aggregate.group_by().empty()) return 1;
      return EstimateRows(*plan.children()[0]);  // at most one group per row
    }
    case LogicalKind::kWrite:
      return -1;
    case LogicalKind::kOffset: {
      const double rows = EstimateRows(*plan.children()[0]);
      const auto offset = static_cast<double>(static_cast<const LogicalOffset&>(plan).offset());
      return rows < 0 ? -1 : std::max(0.0, rows - offset);
    }
    case LogicalKind::kConcat: {
      double total = 0;
      for (const auto& child : plan.children()) {
        const double rows = EstimateRows(*child);
        if (rows < 0) return -1;
        total += rows;
      }
      return total;
    }
    case LogicalKind::kExplode:
    case LogicalKind::kRowNumber:
    case LogicalKind::kUdfProject:
    case LogicalKind::kHammingJoin:  // near duplicates: about one match per left row
      return EstimateRows(*plan.children()[0]);
    case LogicalKind::kSample: {
      const auto& sample = static_cast<const LogicalSample&>(plan);
      const double rows = EstimateRows(*plan.children()[0]);
      if (sample.size()) return rows < 0 ? *sample.size() : std::min(rows, double(*sample.size()));
      return rows < 0 ? -1 : rows * *sample.fraction();
    }
    case LogicalKind::kJoin: {
      const auto& join = static_cast<const LogicalJoin&>(plan);
      const double left = EstimateRows(*plan.children()[0]);
      const double right = EstimateRows(*plan.children()[1]);
      if (left < 0 || right < 0) return -1;
      switch (join.type()) {
        case JoinType::kInner: {
          double rows = std::max(left, right);  // a key-to-foreign-key join
          for (const auto& [l, r] : KeyDistincts(join)) {
            rows = std::min(rows, EstimateJoinRows(left, right, l, r));
          }
          return rows;
        }
        case JoinType::kOuter:
          return std::max(left, right);  // a key-to-foreign-key join keeps the larger side
        case JoinType::kSemi: {
          // The left rows whose key is among the right's: at most the share of the
          // left's distinct keys that the right side has.
          double rows = left;
          for (const auto& [l, r] : KeyDistincts(join)) {
            rows = std::min(rows, left * std::min(1.0, r / l));
          }
          return rows;
        }
        case JoinType::kLeft:
        case JoinType::kAnti:
          return left;
        case JoinType::kRight:
          return right;
        case JoinType::kCross:
          return left * right;
      }
      return -1;
    }
  }
  return -1;
}

double EstimateJoinRows(double left_rows, double right_rows, double left_distinct,
                        double right_distinct) {
  const double distinct = std::max({left_distinct, right_distinct, 1.0});
  return left_rows * right_rows / distinct;
}

double EstimateDistinct(const LogicalPlan& plan, const std::string& column) {
  const double rows = EstimateRows(plan);
  double bound = -1;
  switch (plan.kind()) {
    case LogicalKind::kSource: {
      const auto& source = static_cast<const LogicalSource&>(plan);
      bound = source.info()->DistinctUpperBound(column);
      break;
    }
    case LogicalKind::kFilter:
    case LogicalKind::kSort:
    case LogicalKind::kUdfProject:
    case LogicalKind::kLimit:
    case LogicalKind::kOffset:
    case LogicalKind::kSample:
      bound = EstimateDistinct(*plan.children()[0], column);
      break;
    case LogicalKind::kProject:
      // A column passed through keeps its values.
      for (const auto& expr : static_cast<const LogicalProject&>(plan).exprs()) {
        if (OutputName(*expr) != column) continue;
        ExprPtr inner = expr;
        while (inner->kind() == ExprKind::kAlias) inner = inner->children()[0];
        if (inner->kind() == ExprKind::kColumn) {
          bound = EstimateDistinct(*plan.children()[0], OutputName(*inner));
        }
      }
      break;
    case LogicalKind::kJoin:
      for (const auto& child : plan.children()) {
        if (child->schema()->GetFieldIndex(column) >= 0) {
          bound = EstimateDistinct(*child, column);
          break;
        }
      }
      break;
    default:
      break;
  }
  if (bound < 0) return rows;
  return rows < 0 ? bound : std::min(bound, rows);
}

}  // namespace skipjack
