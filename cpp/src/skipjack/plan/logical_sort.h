// File: logical_sort.h

#pragma once

#include "skipjack/expr/expr.h"
#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// Rows ordered by `keys` (expressions), each ascending or descending with nulls first or
/// last. Stable: rows with equal keys keep their input order.
class LogicalSort final : public LogicalPlan {
 public:
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr input, std::vector<ExprPtr> keys,
                                            std::vector<bool> descending,
                                            std::vector<bool> nulls_first);

  const std::vector<ExprPtr>& keys() const { return keys_; }
  const std::vector<bool>& descending() const { return descending_; }
  const std::vector<bool>& nulls_first() const { return nulls_first_; }

  std::string name() const override { return "Sort"; }
  std::string Summary() const override;
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;

  LogicalSort(LogicalPlanPtr input, std::vector<ExprPtr> keys, std::vector<bool> descending,
              std::vector<bool> nulls_first);

 private:
  std::vector<ExprPtr> keys_;
  std::vector<bool> descending_;
  std::vector<bool> nulls_first_;
};

/// "Sort by = col(a) asc nulls last, ..." (shared by the logical and physical nodes).
std::string SortKeysText(const std::vector<std::string>& keys, const std::vector<bool>& descending,
                         const std::vector<bool>& nulls_first);

}  // namespace skipjack
