#include "skipjack/plan/logical_write.h"

namespace skipjack {

LogicalWrite::LogicalWrite(LogicalPlanPtr input, WriteSpec spec,
                           std::shared_ptr<arrow::Schema> schema)
    : LogicalPlan(LogicalKind::kWrite, {std::move(input)}, std::move(schema)),
      spec_(std::move(spec)) {}

arrow::Result<LogicalPlanPtr> LogicalWrite::Make(LogicalPlanPtr input, WriteSpec spec) {
  ARROW_ASSIGN_OR_RAISE(auto schema, PhysicalFileWrite::ResultSchema(*input->schema(), spec));
  return std::make_shared<LogicalWrite>(std::move(input), std::move(spec), std::move(schema));
}

std::string LogicalWrite::Summary() const { return FileExtension(spec_.file.format); }

std::vector<std::string> LogicalWrite::Details() const {
  std::vector<std::string> lines = {"Root dir = " + spec_.root};
  if (!spec_.partition_cols.empty()) {
    std::string names;
    for (const auto& name : spec_.partition_cols) names += (names.empty() ? "" : ", ") + name;
    lines.push_back("Partition by = " + names);
  }
  return lines;
}

arrow::Result<LogicalPlanPtr> LogicalWrite::WithChildren(std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children.at(0)), spec_);
}

}  // namespace skipjack
