#include "skipjack/exec/physical_cross_join.h"

#include <arrow/array.h>
#include <arrow/array/concatenate.h>
#include <arrow/array/util.h>
#include <arrow/buffer.h>
#include <arrow/compute/exec.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>

namespace skipjack {
namespace {

struct CrossJoinTable final : JoinTable {
  JoinSide right;
  int64_t num_rows = 0;
};

// Left morsels of at most this many rows.
constexpr int64_t kLeftRowsPerMorsel = 1024;

arrow::Result<std::shared_ptr<arrow::Array>> Int64Indices(int64_t length, arrow::MemoryPool* pool,
                                                          auto value_of) {
  ARROW_ASSIGN_OR_RAISE(auto buffer, arrow::AllocateBuffer(length * sizeof(int64_t), pool));
  auto* out = reinterpret_cast<int64_t*>(buffer->mutable_data());
  for (int64_t i = 0; i < length; ++i) out[i] = value_of(i);
  return std::make_shared<arrow::Int64Array>(length, std::move(buffer));
}

}  // namespace

PhysicalCrossJoin::PhysicalCrossJoin(PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                                     std::shared_ptr<arrow::Schema> output_schema,
                                     std::vector<JoinOutputColumn> layout)
    : JoinOperator({std::move(left), std::move(right)}, std::move(output_schema)) {
  for (const auto& column : layout) {
    sources_.push_back({column.source == JoinOutputColumn::Source::kLeft, false, column.index});
  }
}

MorselSize PhysicalCrossJoin::InputMorselSize(const ExecutionConfig& config) const {
  return {std::min<int64_t>(config.morsel_max_rows, kLeftRowsPerMorsel),
          config.morsel_target_bytes};
}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalCrossJoin::MakeState(
    const TaskContext&) const {
  return std::make_unique<CollectedBatches>();
}

arrow::Status PhysicalCrossJoin::Build(Morsel input, OperatorState* state,
                                       const TaskContext&) const {
  static_cast<CollectedBatches*>(state)->batches.push_back(std::move(input.batch));
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<const JoinTable>> PhysicalCrossJoin::FinishBuild(
    std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx) const {
  const auto& schema = *children()[1]->output_schema();
  auto table = std::make_shared<CrossJoinTable>();
  ARROW_ASSIGN_OR_RAISE(table->right.columns,
                        ConcatenateCollected(states, schema, ctx.exec->memory_pool()));
  for (const auto& raw : states) {  // counted from the batches: the right may have no columns
    for (const auto& batch : static_cast<const CollectedBatches&>(*raw).batches) {
      table->num_rows += batch->num_rows();
    }
  }
  return table;
}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalCrossJoin::MakeProbeState(
    const JoinTable&, const TaskContext&) const {
  return nullptr;
}

arrow::Result<std::vector<Morsel>> PhysicalCrossJoin::Probe(Morsel input,
                                                            const JoinTable& raw_table,
                                                            OperatorState*,
                                                            const TaskContext& ctx) const {
  const auto& table = static_cast<const CrossJoinTable&>(raw_table);
  std::vector<Morsel> out;
  const int64_t right_rows = table.num_rows;
  if (right_rows == 0) return out;
  JoinSide left;
  left.columns = input.batch->columns();
  // Whole left rows per output morsel, about one morsel's worth of rows each.
  const int64_t left_per_chunk =
      std::max<int64_t>(1, ctx.config->morsel_max_rows / right_rows);
  auto* pool = ctx.exec->memory_pool();
  for (int64_t begin = 0; begin < input.batch->num_rows(); begin += left_per_chunk) {
    const int64_t count = std::min(left_per_chunk, input.batch->num_rows() - begin);
    const int64_t length = count * right_rows;
    ARROW_ASSIGN_OR_RAISE(auto left_rows,
                          Int64Indices(length, pool, [&](int64_t i) { return begin + i / right_rows; }));
    ARROW_ASSIGN_OR_RAISE(auto right_index,
                          Int64Indices(length, pool, [&](int64_t i) { return i % right_rows; }));
    ARROW_ASSIGN_OR_RAISE(
        auto batch, GatherJoinRows(output_schema(), sources_, left, RowSelection::Take(left_rows),
                                   table.right, RowSelection::Take(right_index), length, ctx.exec));
    out.push_back(MakeMorsel(std::move(batch)));
  }
  return out;
}

arrow::Result<std::unique_ptr<MorselReader>> PhysicalCrossJoin::FinishProbe(
    const JoinTable&, std::vector<std::unique_ptr<OperatorState>>, const TaskContext&,
    const MorselSize&) const {
  return nullptr;
}

}  // namespace skipjack
