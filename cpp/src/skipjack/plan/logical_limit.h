// File: logical_limit.h

#pragma once

#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// The first `limit` rows of its input, in order.
class LogicalLimit final : public LogicalPlan {
 public:
  /// Invalid for a negative limit.
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr input, int64_t limit);

  int64_t limit() const { return limit_; }

  std::string name() const override { return "Limit"; }
  std::string Summary() const override { return std::to_string(limit_); }
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;

  LogicalLimit(LogicalPlanPtr input, int64_t limit);

 private:
  int64_t limit_;
};

}  // namespace skipjack
