// File: arrow_stream_scan.h

#pragma once

#include <optional>

#include "skipjack/exec/physical_operator.h"
#include "skipjack/plan/source_info.h"

namespace skipjack {

/// Reads a one-shot Arrow stream lazily, one batch at a time (never more than the
/// queues allow), cutting large batches into morsels. Reading is sequential; the
/// physical planner puts pushed-down filters in a parallel Filter above it.
class ArrowStreamScan final : public SourceOperator {
 public:
  ArrowStreamScan(std::shared_ptr<const ArrowStreamSourceInfo> source,
                  std::shared_ptr<arrow::Schema> output_schema,
                  std::optional<std::vector<int>> columns);

  std::string name() const override { return "Arrow Stream Scan"; }
  std::vector<std::string> Details() const override;
  int MaxConcurrency(const ExecutionConfig&) const override { return 1; }
  arrow::Result<std::unique_ptr<MorselReader>> Open(const TaskContext& ctx,
                                                    const MorselSize& morsel_size) const override;

 private:
  std::shared_ptr<const ArrowStreamSourceInfo> source_;
  std::optional<std::vector<int>> columns_;
};

}  // namespace skipjack
