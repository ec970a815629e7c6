#include "skipjack/exec/physical_hash_join.h"

#include <algorithm>
#include <atomic>

#include <arrow/array/concatenate.h>
#include <arrow/array/util.h>
#include <arrow/compute/exec.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>

#include "skipjack/exec/parallel_jobs.h"

namespace skipjack {
namespace {

using ProbeMode = PhysicalHashJoin::ProbeMode;
using BuildEmit = PhysicalHashJoin::BuildEmit;

struct BuildState final : OperatorState {
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  std::vector<ArrayVector> keys;  // per batch
};

struct HashJoinTable final : JoinTable {
  JoinSide build;
  int64_t num_rows = 0;
  std::unique_ptr<JoinHashTable> index;
};

// Build rows some probe matched, by one probe worker.
struct ProbeState final : OperatorState {
  std::vector<uint8_t> matched;
};

ProbeMode ChooseProbeMode(JoinType type, bool build_is_left) {
  const bool probe_is_left = !build_is_left;
  switch (type) {
    case JoinType::kInner:
    case JoinType::kCross:
      return ProbeMode::kMatches;
    case JoinType::kLeft:
      return probe_is_left ? ProbeMode::kMatchesOrNull : ProbeMode::kMatches;
    case JoinType::kRight:
      return probe_is_left ? ProbeMode::kMatches : ProbeMode::kMatchesOrNull;
    case JoinType::kOuter:
      return ProbeMode::kMatchesOrNull;
    case JoinType::kSemi:
      return probe_is_left ? ProbeMode::kIfMatched : ProbeMode::kMarkOnly;
    case JoinType::kAnti:
      return probe_is_left ? ProbeMode::kIfUnmatched : ProbeMode::kMarkOnly;
  }
  return ProbeMode::kMatches;
}

BuildEmit ChooseBuildEmit(JoinType type, bool build_is_left) {
  switch (type) {
    case JoinType::kLeft:
      return build_is_left ? BuildEmit::kUnmatched : BuildEmit::kNone;
    case JoinType::kRight:
      return build_is_left ? BuildEmit::kNone : BuildEmit::kUnmatched;
    case JoinType::kOuter:
      return BuildEmit::kUnmatched;
    case JoinType::kSemi:
      return build_is_left ? BuildEmit::kMatched : BuildEmit::kNone;
    case JoinType::kAnti:
      return build_is_left ? BuildEmit::kUnmatched : BuildEmit::kNone;
    case JoinType::kInner:
    case JoinType::kCross:
      return BuildEmit::kNone;
  }
  return BuildEmit::kNone;
}

// Output column sources; merged keys come from the probe side while probing (matched
// keys are equal, an unmatched probe row has only its own) and from the build side in
// the rows emitted after the probe.
std::vector<JoinColumnSource> Sources(const std::vector<JoinOutputColumn>& layout,
                                      bool build_is_left, bool emit_phase) {
  std::vector<JoinColumnSource> sources;
  for (const auto& column : layout) {
    switch (column.source) {
      case JoinOutputColumn::Source::kLeft:
        sources.push_back({!build_is_left, false, column.index});
        break;
      case JoinOutputColumn::Source::kRight:
        sources.push_back({build_is_left, false, column.index});
        break;
      case JoinOutputColumn::Source::kMergedKey:
        sources.push_back({!emit_phase, true, column.index});
        break;
    }
  }
  return sources;
}

arrow::Result<std::shared_ptr<arrow::Array>> Concat(const ArrayVector& pieces,
                                                     const std::shared_ptr<arrow::DataType>& type,
                                                     arrow::MemoryPool* pool) {
  if (pieces.empty()) return arrow::MakeEmptyArray(type, pool);
  if (pieces.size() == 1) return pieces[0];
  return arrow::Concatenate(pieces, pool);
}

// Emits the chosen build rows after the probe, a morsel at a time.
class BuildRowsReader final : public MorselReader {
 public:
  BuildRowsReader(std::shared_ptr<arrow::Schema> schema, std::vector<JoinColumnSource> sources,
                  const HashJoinTable* table, std::vector<int64_t> rows, int64_t chunk,
                  int concurrency)
      : schema_(std::move(schema)),
        sources_(std::move(sources)),
        table_(table),
        rows_(std::move(rows)),
        chunk_(std::max<int64_t>(1, chunk)),
        concurrency_(concurrency) {}

  int max_concurrency() const override { return concurrency_; }

  arrow::Result<std::optional<Item>> Next(const TaskContext& ctx) override {
    const int64_t seq = next_.fetch_add(1);
    const int64_t begin = seq * chunk_;
    if (begin >= static_cast<int64_t>(rows_.size())) return std::nullopt;
    const int64_t end = std::min<int64_t>(begin + chunk_, rows_.size());
    std::vector<int64_t> slice(rows_.begin() + begin, rows_.begin() + end);
    ARROW_ASSIGN_OR_RAISE(auto build_rows, SelectBuildRows(slice, ctx.exec->memory_pool()));
    ARROW_ASSIGN_OR_RAISE(auto batch,
                          GatherJoinRows(schema_, sources_, JoinSide{}, RowSelection::Missing(),
                                         table_->build, build_rows, end - begin, ctx.exec));
    return Item{static_cast<uint64_t>(seq), MakeMorsel(std::move(batch))};
  }

 private:
  std::shared_ptr<arrow::Schema> schema_;
  std::vector<JoinColumnSource> sources_;
  const HashJoinTable* table_;
  std::vector<int64_t> rows_;
  int64_t chunk_;
  int concurrency_;
  std::atomic<int64_t> next_{0};
};

std::string JoinedDisplay(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

}  // namespace

PhysicalHashJoin::PhysicalHashJoin(PhysicalOperatorPtr probe, PhysicalOperatorPtr build,
                                   std::shared_ptr<arrow::Schema> output_schema, Options options)
    : JoinOperator({std::move(probe), std::move(build)}, std::move(output_schema)),
      options_(std::move(options)),
      probe_mode_(ChooseProbeMode(options_.type, options_.build_is_left)),
      build_emit_(ChooseBuildEmit(options_.type, options_.build_is_left)),
      probe_phase_sources_(Sources(options_.layout, options_.build_is_left, false)),
      emit_phase_sources_(Sources(options_.layout, options_.build_is_left, true)) {}

std::vector<std::string> PhysicalHashJoin::Details() const {
  return {std::string("Build on left: ") + (options_.build_is_left ? "true" : "false"),
          "Left on = " + JoinedDisplay(options_.left_key_display),
          "Right on = " + JoinedDisplay(options_.right_key_display)};
}

arrow::Result<ArrayVector> PhysicalHashJoin::EvaluateKeys(const std::vector<BoundExprPtr>& keys,
                                                          const arrow::RecordBatch& batch,
                                                          const TaskContext& ctx) const {
  ArrayVector out;
  for (const auto& key : keys) {
    ARROW_ASSIGN_OR_RAISE(auto array, EvaluateToArray(*key, batch, ctx.exec));
    out.push_back(std::move(array));
  }
  return out;
}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalHashJoin::MakeState(
    const TaskContext&) const {
  return std::make_unique<BuildState>();
}

arrow::Status PhysicalHashJoin::Build(Morsel input, OperatorState* raw_state,
                                      const TaskContext& ctx) const {
  auto* state = static_cast<BuildState*>(raw_state);
  ARROW_ASSIGN_OR_RAISE(auto keys, EvaluateKeys(options_.build_keys, *input.batch, ctx));
  state->keys.push_back(std::move(keys));
  state->batches.push_back(std::move(input.batch));
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<const JoinTable>> PhysicalHashJoin::FinishBuild(
    std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx) const {
  auto* pool = ctx.exec->memory_pool();
  const auto& build_schema = *children()[1]->output_schema();
  std::vector<ArrayVector> column_pieces(build_schema.num_fields());
  std::vector<ArrayVector> key_pieces(options_.build_keys.size());
  auto table = std::make_shared<HashJoinTable>();
  for (auto& raw : states) {
    auto* state = static_cast<BuildState*>(raw.get());
    for (size_t b = 0; b < state->batches.size(); ++b) {
      table->num_rows += state->batches[b]->num_rows();
      for (int c = 0; c < build_schema.num_fields(); ++c) {
        column_pieces[c].push_back(state->batches[b]->column(c));
      }
      for (size_t k = 0; k < key_pieces.size(); ++k) key_pieces[k].push_back(state->keys[b][k]);
    }
    raw.reset();  // frees this worker's pieces as soon as they are copied
  }
  // A key that is a plain build column (the same array data) is concatenated once.
  auto same_data = [](const ArrayVector& a, const ArrayVector& b) {
    return !a.empty() &&
           std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const auto& x, const auto& y) { return x->data() == y->data(); });
  };
  std::vector<int> key_column(key_pieces.size(), -1);
  for (size_t k = 0; k < key_pieces.size(); ++k) {
    for (int c = 0; c < build_schema.num_fields() && key_column[k] < 0; ++c) {
      if (same_data(key_pieces[k], column_pieces[c])) key_column[k] = c;
    }
  }
  table->build.columns.resize(build_schema.num_fields());
  table->build.keys.resize(key_pieces.size());
  // The index is the longest job: first, so this thread starts it at once while idle
  // workers concatenate the other columns.
  std::vector<ParallelJob> jobs;
  jobs.push_back([&]() -> arrow::Status {
    for (size_t k = 0; k < key_pieces.size(); ++k) {
      ARROW_ASSIGN_OR_RAISE(table->build.keys[k],
                            Concat(key_pieces[k], options_.build_keys[k]->type(), pool));
      key_pieces[k].clear();
    }
    ARROW_ASSIGN_OR_RAISE(table->index, JoinHashTable::Make(table->build.keys));
    for (const auto& [key, filter] : options_.runtime_filters) filter->Publish(*table->build.keys[key]);
    return arrow::Status::OK();
  });
  for (int c = 0; c < build_schema.num_fields(); ++c) {
    if (std::find(key_column.begin(), key_column.end(), c) != key_column.end()) continue;
    jobs.push_back([&, c]() -> arrow::Status {
      ARROW_ASSIGN_OR_RAISE(table->build.columns[c],
                            Concat(column_pieces[c], build_schema.field(c)->type(), pool));
      column_pieces[c].clear();  // the pieces' memory goes as soon as it is copied
      return arrow::Status::OK();
    });
  }
  ARROW_RETURN_NOT_OK(RunParallelJobs(std::move(jobs), ctx.workers));
  for (size_t k = 0; k < key_column.size(); ++k) {
    if (key_column[k] >= 0) table->build.columns[key_column[k]] = table->build.keys[k];
  }
  return table;
}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalHashJoin::MakeProbeState(
    const JoinTable& raw_table, const TaskContext&) const {
  auto state = std::make_unique<ProbeState>();
  if (build_emit_ != BuildEmit::kNone) {
    state->matched.assign(static_cast<const HashJoinTable&>(raw_table).num_rows, 0);
  }
  return state;
}

arrow::Result<std::vector<Morsel>> PhysicalHashJoin::Probe(Morsel input,
                                                           const JoinTable& raw_table,
                                                           OperatorState* raw_state,
                                                           const TaskContext& ctx) const {
  const auto& table = static_cast<const HashJoinTable&>(raw_table);
  auto* state = static_cast<ProbeState*>(raw_state);
  auto* pool = ctx.exec->memory_pool();
  const auto& batch = *input.batch;
  JoinSide probe;
  probe.columns = batch.columns();
  ARROW_ASSIGN_OR_RAISE(probe.keys, EvaluateKeys(options_.probe_keys, batch, ctx));

  std::vector<Morsel> out;
  if (probe_mode_ == ProbeMode::kIfMatched || probe_mode_ == ProbeMode::kIfUnmatched) {
    std::vector<uint8_t> has_match;
    ARROW_RETURN_NOT_OK(table.index->FindAny(probe.keys, &has_match));
    const uint8_t wanted = probe_mode_ == ProbeMode::kIfMatched ? 1 : 0;
    std::vector<int32_t> rows;
    for (size_t i = 0; i < has_match.size(); ++i) {
      if (has_match[i] == wanted) rows.push_back(static_cast<int32_t>(i));
    }
    ARROW_ASSIGN_OR_RAISE(auto probe_rows, SelectProbeRows(rows, batch.num_rows(), pool));
    ARROW_ASSIGN_OR_RAISE(auto result,
                          GatherJoinRows(output_schema(), probe_phase_sources_, probe, probe_rows,
                                         table.build, RowSelection::Missing(),
                                         static_cast<int64_t>(rows.size()), ctx.exec));
    out.push_back(MakeMorsel(std::move(result)));
    DeriveRows(input, probe_rows.indices, &out.back());
    return out;
  }

  if (probe_mode_ == ProbeMode::kMarkOnly) {
    ARROW_RETURN_NOT_OK(table.index->MarkMatches(probe.keys, state->matched.data()));
    return out;
  }
  JoinMatches matches;
  ARROW_RETURN_NOT_OK(table.index->FindAll(
      probe.keys, probe_mode_ == ProbeMode::kMatchesOrNull, &matches));
  if (!state->matched.empty()) {
    for (int64_t row : matches.build_rows) {
      if (row >= 0) state->matched[row] = 1;
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto probe_rows,
                        SelectProbeRows(matches.probe_rows, batch.num_rows(), pool));
  ARROW_ASSIGN_OR_RAISE(auto build_rows, SelectBuildRows(matches.build_rows, pool));
  ARROW_ASSIGN_OR_RAISE(auto result,
                        GatherJoinRows(output_schema(), probe_phase_sources_, probe, probe_rows,
                                       table.build, build_rows,
                                       static_cast<int64_t>(matches.probe_rows.size()), ctx.exec));
  out.push_back(MakeMorsel(std::move(result)));
  DeriveRows(input, probe_rows.indices, &out.back());  // the probe side's rows
  return out;
}

arrow::Result<std::unique_ptr<MorselReader>> PhysicalHashJoin::FinishProbe(
    const JoinTable& raw_table, std::vector<std::unique_ptr<OperatorState>> states,
    const TaskContext& ctx, const MorselSize& morsel_size) const {
  if (build_emit_ == BuildEmit::kNone) return nullptr;
  const auto& table = static_cast<const HashJoinTable&>(raw_table);
  std::vector<uint8_t> matched(table.num_rows, 0);
  for (const auto& raw : states) {
    const auto& marks = static_cast<const ProbeState&>(*raw).matched;
    for (size_t i = 0; i < marks.size(); ++i) matched[i] |= marks[i];
  }
  const uint8_t wanted = build_emit_ == BuildEmit::kMatched ? 1 : 0;
  std::vector<int64_t> rows;
  for (int64_t i = 0; i < table.num_rows; ++i) {
    if (matched[i] == wanted) rows.push_back(i);
  }
  if (rows.empty()) return nullptr;
  return std::make_unique<BuildRowsReader>(output_schema(), emit_phase_sources_, &table,
                                           std::move(rows), morsel_size.max_rows,
                                           ctx.config->ResolvedThreads());
}

}  // namespace skipjack
