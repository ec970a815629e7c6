// File: physical_cross_join.h

#pragma once

#include "skipjack/exec/join_output.h"
#include "skipjack/exec/physical_operator.h"
#include "skipjack/plan/logical_join.h"

namespace skipjack {

/// Every left row with every right row. The right input is collected (build); each
/// left morsel is then paired with all of it, cut into morsels of bounded size, so
/// left rows stream. Output order: left rows in order, each with the right rows in order.
class PhysicalCrossJoin final : public JoinOperator {
 public:
  PhysicalCrossJoin(PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                    std::shared_ptr<arrow::Schema> output_schema,
                    std::vector<JoinOutputColumn> layout);

  std::string name() const override { return "Cross Join"; }

  /// Left morsels stay small: each one becomes (rows x right rows) output rows.
  MorselSize InputMorselSize(const ExecutionConfig& config) const override;

  arrow::Result<std::unique_ptr<OperatorState>> MakeState(const TaskContext& ctx) const override;
  arrow::Status Build(Morsel input, OperatorState* state, const TaskContext& ctx) const override;
  arrow::Result<std::shared_ptr<const JoinTable>> FinishBuild(
      std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx) const override;
  arrow::Result<std::unique_ptr<OperatorState>> MakeProbeState(
      const JoinTable& table, const TaskContext& ctx) const override;
  arrow::Result<std::vector<Morsel>> Probe(Morsel input, const JoinTable& table,
                                           OperatorState* state,
                                           const TaskContext& ctx) const override;
  arrow::Result<std::unique_ptr<MorselReader>> FinishProbe(
      const JoinTable& table, std::vector<std::unique_ptr<OperatorState>> states,
      const TaskContext& ctx, const MorselSize& morsel_size) const override;

 private:
  std::vector<JoinColumnSource> sources_;
};

}  // namespace skipjack
