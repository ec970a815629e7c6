// File: logical_write.h

#pragma once

#include "skipjack/io/file_write.h"
#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// Writes its input to files (see PhysicalFileWrite); outputs one row per file written.
class LogicalWrite final : public LogicalPlan {
 public:
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr input, WriteSpec spec);

  const WriteSpec& spec() const { return spec_; }

  std::string name() const override { return "Write"; }
  std::string Summary() const override;
  std::vector<std::string> Details() const override;
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;

  LogicalWrite(LogicalPlanPtr input, WriteSpec spec, std::shared_ptr<arrow::Schema> schema);

 private:
  WriteSpec spec_;
};

}  // namespace skipjack
