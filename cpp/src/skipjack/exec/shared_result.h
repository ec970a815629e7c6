// File: shared_result.h

#pragma once

#include <mutex>

#include "skipjack/exec/physical_operator.h"

namespace skipjack {

/// The result of a subplan that a query uses more than once (a DataFrame joined with an
/// aggregation of itself, a CTE-like intermediate): computed once, at the start of the
/// query, by a query of its own on the same worker pools, kept in memory and read by
/// every use. The planner shares aggregations and joins, whose results are usually far
/// smaller than their inputs, and small file scans (see plan/optimizer/share_scans.cc).
class SharedResult final : public SourceOperator {
 public:
  struct State {
    PhysicalOperatorPtr plan;
    int uses = 0;
    std::once_flag computed;
    arrow::Status status;
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  };

  explicit SharedResult(std::shared_ptr<State> state);

  std::string name() const override { return "Shared Result"; }
  std::vector<std::string> Details() const override;
  arrow::Result<std::unique_ptr<MorselReader>> Open(const TaskContext& ctx,
                                                    const MorselSize& morsel_size) const override;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace skipjack
