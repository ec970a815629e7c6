// File: in_memory_scan.h

#pragma once

#include <optional>

#include "skipjack/exec/physical_operator.h"
#include "skipjack/expr/bound_expr.h"
#include "skipjack/plan/source_info.h"

namespace skipjack {

/// Scans record batches held in memory, cutting them into zero-copy morsels. Applies
/// its pushdowns itself: a pushed filter runs in parallel over the morsels; a limit
/// without a filter stops slicing once enough rows are covered.
class InMemoryScan final : public SourceOperator {
 public:
  /// `filter` is bound to the source schema; `columns` are indices into it (nullopt:
  /// all columns); `output_schema` is the schema after projection.
  InMemoryScan(std::shared_ptr<const InMemorySourceInfo> source,
               std::shared_ptr<arrow::Schema> output_schema,
               std::optional<std::vector<int>> columns, BoundExprPtr filter,
               std::string filter_text, std::optional<int64_t> limit);

  std::string name() const override { return "In Memory Scan"; }
  std::vector<std::string> Details() const override;
  int MaxConcurrency(const ExecutionConfig& config) const override;
  arrow::Result<std::unique_ptr<MorselReader>> Open(const TaskContext& ctx,
                                                    const MorselSize& morsel_size) const override;
  int64_t EstimatedRows() const override;

 private:
  std::shared_ptr<const InMemorySourceInfo> source_;
  std::optional<std::vector<int>> columns_;
  BoundExprPtr filter_;
  std::string filter_text_;
  std::optional<int64_t> limit_;
};

}  // namespace skipjack
