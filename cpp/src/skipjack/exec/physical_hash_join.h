// File: physical_hash_join.h

#pragma once

#include "skipjack/exec/join_output.h"
#include "skipjack/exec/physical_operator.h"
#include "skipjack/exec/runtime_key_filter.h"
#include "skipjack/expr/bound_expr.h"
#include "skipjack/plan/logical_join.h"

namespace skipjack {

/// An equi-join. Build: workers evaluate the build keys of their morsels in parallel;
/// FinishBuild concatenates them and indexes the keys (JoinHashTable). Probe: workers
/// look up their morsels' keys in the shared index in parallel and gather the matching
/// rows. Either input can be the build side, for every join type: rows that only the
/// whole probe can decide (unmatched build rows of an outer join; the build side of a
/// semi or anti join) are emitted after the probe from per-worker match marks.
class PhysicalHashJoin final : public JoinOperator {
 public:
  struct Options {
    JoinType type = JoinType::kInner;
    bool build_is_left = false;
    std::vector<BoundExprPtr> probe_keys;  ///< bound to the probe input, in the key types
    std::vector<BoundExprPtr> build_keys;  ///< bound to the build input, in the key types
    std::vector<JoinOutputColumn> layout;  ///< in left/right terms, as LogicalJoin
    std::vector<std::string> left_key_display, right_key_display;
    /// Filters of the probe side's scan (see runtime_key_filter.h), by build key.
    std::vector<std::pair<size_t, std::shared_ptr<RuntimeKeyFilter>>> runtime_filters;
  };

  PhysicalHashJoin(PhysicalOperatorPtr probe, PhysicalOperatorPtr build,
                   std::shared_ptr<arrow::Schema> output_schema, Options options);

  std::string name() const override { return "Hash Join (" + JoinTypeName(options_.type) + ")"; }
  std::vector<std::string> Details() const override;

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

  /// What the probe does with each probe row.
  enum class ProbeMode {
    kMatches,             ///< one output row per match
    kMatchesOrNull,       ///< ... and one with a null build side when there is none
    kIfMatched,           ///< the probe row once if it has a match (semi)
    kIfUnmatched,         ///< the probe row if it has none (anti)
    kMarkOnly,            ///< no output; only marks the build rows matched
  };
  /// Which build rows are emitted after the probe.
  enum class BuildEmit { kNone, kUnmatched, kMatched };

 private:
  arrow::Result<ArrayVector> EvaluateKeys(const std::vector<BoundExprPtr>& keys,
                                          const arrow::RecordBatch& batch,
                                          const TaskContext& ctx) const;

  Options options_;
  ProbeMode probe_mode_;
  BuildEmit build_emit_;
  std::vector<JoinColumnSource> probe_phase_sources_;
  std::vector<JoinColumnSource> emit_phase_sources_;
};

}  // namespace skipjack
