// File: physical_hamming_join.h

#pragma once

#include "skipjack/exec/join_output.h"
#include "skipjack/exec/physical_operator.h"

namespace skipjack {

/// The near-duplicate join (plan/logical_hamming_join.h) by multi-index hashing: the
/// build side's hashes are cut into m substrings (m from a cost model), indexed by each;
/// two hashes within k bits agree within floor(k / m) bits on at least one substring
/// (pigeonhole), so a probe looks up the few buckets near each of its substrings and
/// checks only those candidates. Each pair is reported once (from its first qualifying
/// substring), right rows in order for each left row.
class PhysicalHammingJoin final : public JoinOperator {
 public:
  PhysicalHammingJoin(PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                      std::shared_ptr<arrow::Schema> output_schema, int left_key, int right_key,
                      int max_distance);

  std::string name() const override { return "HammingJoin"; }
  std::string Summary() const override;

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
  int left_key_, right_key_, max_distance_;
  std::vector<JoinColumnSource> sources_;
};

}  // namespace skipjack
