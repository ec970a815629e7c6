// File: logical_source.h
//
// The leaf of every plan, with the pushdowns the optimizer moved into it. Pushdowns
// apply in a fixed order: columns, then the filter, then the limit.

#pragma once

#include <optional>

#include "skipjack/expr/expr.h"
#include "skipjack/plan/logical_plan.h"
#include "skipjack/plan/source_info.h"

namespace skipjack {

struct Pushdowns {
  /// Columns to read, in source order; nullopt reads all.
  std::optional<std::vector<std::string>> columns;
  /// Rows must satisfy this; nullptr keeps all.
  ExprPtr filter;
  /// At most this many rows (after the filter); nullopt is unlimited.
  std::optional<int64_t> limit;

  bool empty() const { return !columns && !filter && !limit; }
};

class LogicalSource final : public LogicalPlan {
 public:
  /// Validates the pushdowns against the source schema.
  static arrow::Result<LogicalPlanPtr> Make(std::shared_ptr<const SourceInfo> info,
                                            Pushdowns pushdowns = {});

  const std::shared_ptr<const SourceInfo>& info() const { return info_; }
  const Pushdowns& pushdowns() const { return pushdowns_; }

  std::string name() const override { return "Source"; }
  std::string Summary() const override { return ""; }
  std::vector<std::string> Details() const override;
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr>) const override;

  LogicalSource(std::shared_ptr<const SourceInfo> info, Pushdowns pushdowns,
                std::shared_ptr<arrow::Schema> schema);

 private:
  std::shared_ptr<const SourceInfo> info_;
  Pushdowns pushdowns_;
};

}  // namespace skipjack
