#include "skipjack/exec/physical_aggregate.h"

#include <atomic>

#include <arrow/array/util.h>
#include <arrow/compute/api.h>
#include <arrow/compute/exec.h>
#include <arrow/compute/row/grouper.h>
#include <arrow/record_batch.h>

#include "skipjack/exec/hash_partition.h"
#include "skipjack/functions/arrow_call.h"

namespace skipjack {
namespace {

using ArrayVector = std::vector<std::shared_ptr<arrow::Array>>;

// The groups of one partition of one worker: keys -> ids, and one accumulator each.
struct Partition {
  std::unique_ptr<arrow::compute::Grouper> grouper;  // null without keys
  std::vector<std::unique_ptr<GroupedAccumulator>> accumulators;
  uint32_t num_groups() const { return grouper ? grouper->num_groups() : 1; }
};

struct AggregateState final : OperatorState {
  std::vector<Partition> partitions;
  std::unique_ptr<arrow::compute::ExecContext> exec;
};

arrow::Result<Partition> MakePartition(const std::vector<arrow::TypeHolder>& key_types,
                                       const std::vector<PhysicalAggregate::Aggregation>& aggs,
                                       arrow::compute::ExecContext* exec) {
  Partition partition;
  if (!key_types.empty()) {
    ARROW_ASSIGN_OR_RAISE(partition.grouper, arrow::compute::Grouper::Make(key_types, exec));
  }
  for (const auto& aggregation : aggs) {
    partition.accumulators.push_back(aggregation.function->MakeAccumulator(exec->memory_pool()));
  }
  return partition;
}

arrow::Result<ArrayVector> TakeRows(const ArrayVector& columns, const arrow::Array& rows,
                                    arrow::compute::ExecContext* exec) {
  ArrayVector out;
  for (const auto& column : columns) {
    ARROW_ASSIGN_OR_RAISE(auto taken, arrow::compute::Take(column, rows,
                                                           arrow::compute::TakeOptions(), exec));
    out.push_back(taken.make_array());
  }
  return out;
}

// Groups `keys` rows into `partition` and feeds the aggregation inputs.
arrow::Status ConsumeInto(Partition* partition, const ArrayVector& keys, const ArrayVector& inputs,
                          int64_t length) {
  std::shared_ptr<arrow::Array> ids;
  std::vector<uint32_t> zeros;
  const uint32_t* group_ids;
  if (partition->grouper) {
    std::vector<arrow::Datum> key_values(keys.begin(), keys.end());
    arrow::compute::ExecBatch batch(std::move(key_values), length);
    ARROW_ASSIGN_OR_RAISE(auto datum, partition->grouper->Consume(arrow::compute::ExecSpan(batch)));
    ids = datum.make_array();
    group_ids = ids->data()->GetValues<uint32_t>(1);
  } else {
    zeros.assign(length, 0);
    group_ids = zeros.data();
  }
  const uint32_t num_groups = partition->num_groups();
  for (size_t a = 0; a < inputs.size(); ++a) {
    ARROW_RETURN_NOT_OK(partition->accumulators[a]->Consume(*inputs[a], group_ids, num_groups));
  }
  return arrow::Status::OK();
}

// Merges partition `p` of every worker state and emits its groups, one partition per
// call, so the merge of several partitions runs in parallel.
class MergeReader final : public MorselReader {
 public:
  MergeReader(const PhysicalAggregate* op, std::vector<std::unique_ptr<OperatorState>> states,
              int num_partitions, int concurrency)
      : op_(op),
        states_(std::move(states)),
        num_partitions_(num_partitions),
        concurrency_(concurrency) {}

  int max_concurrency() const override { return concurrency_; }

  arrow::Result<std::optional<Item>> Next(const TaskContext& ctx) override {
    const int p = next_.fetch_add(1);
    if (p >= num_partitions_) return std::nullopt;
    ARROW_ASSIGN_OR_RAISE(auto batch, MergePartition(p, ctx));
    return Item{static_cast<uint64_t>(p), MakeMorsel(std::move(batch))};
  }

 private:
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> MergePartition(int p, const TaskContext& ctx);

  const PhysicalAggregate* op_;
  std::vector<std::unique_ptr<OperatorState>> states_;
  int num_partitions_;
  int concurrency_;
  std::atomic<int> next_{0};
};

}  // namespace

PhysicalAggregate::PhysicalAggregate(PhysicalOperatorPtr input,
                                     std::shared_ptr<arrow::Schema> output_schema,
                                     std::vector<BoundExprPtr> keys,
                                     std::vector<Aggregation> aggregations,
                                     std::vector<std::string> display, int num_partitions)
    : BlockingSinkOperator({std::move(input)}, std::move(output_schema)),
      keys_(std::move(keys)),
      aggregations_(std::move(aggregations)),
      display_(std::move(display)),
      num_partitions_(num_partitions) {}

int PhysicalAggregate::PartitionsFor(size_t num_keys, const ExecutionConfig& config) {
  return num_keys == 0 ? 1 : config.ResolvedThreads();
}

std::string PhysicalAggregate::Summary() const {
  std::string out;
  for (size_t i = keys_.size(); i < display_.size(); ++i) {
    out += (i > keys_.size() ? ", " : "") + display_[i];
  }
  return out;
}

std::vector<std::string> PhysicalAggregate::Details() const {
  std::vector<std::string> lines;
  if (!keys_.empty()) {
    std::string keys;
    for (size_t i = 0; i < keys_.size(); ++i) keys += (i ? ", " : "") + display_[i];
    lines.push_back("Group by = " + keys);
  }
  lines.push_back("Partitions = " + std::to_string(num_partitions_));
  return lines;
}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalAggregate::MakeState(
    const TaskContext& ctx) const {
  auto state = std::make_unique<AggregateState>();
  state->exec = std::make_unique<arrow::compute::ExecContext>(ctx.exec->memory_pool());
  std::vector<arrow::TypeHolder> key_types;
  for (const auto& key : keys_) key_types.emplace_back(key->type());
  for (int p = 0; p < num_partitions_; ++p) {
    ARROW_ASSIGN_OR_RAISE(auto partition, MakePartition(key_types, aggregations_, state->exec.get()));
    state->partitions.push_back(std::move(partition));
  }
  return state;
}

arrow::Status PhysicalAggregate::Sink(Morsel input, OperatorState* raw_state,
                                      const TaskContext& ctx) const {
  auto* state = static_cast<AggregateState*>(raw_state);
  const auto& batch = *input.batch;
  ArrayVector keys, inputs;
  for (const auto& key : keys_) {
    ARROW_ASSIGN_OR_RAISE(auto array, EvaluateToArray(*key, batch, ctx.exec));
    keys.push_back(std::move(array));
  }
  for (const auto& aggregation : aggregations_) {
    std::shared_ptr<arrow::Array> values;
    if (aggregation.input) {
      ARROW_ASSIGN_OR_RAISE(values, EvaluateToArray(*aggregation.input, batch, ctx.exec));
      const auto& wanted = aggregation.function->input_type();
      if (!values->type()->Equals(*wanted)) {
        ARROW_ASSIGN_OR_RAISE(auto cast, CastDatum(values, wanted, ctx.exec));
        values = cast.make_array();
      }
    } else {
      values = std::make_shared<arrow::NullArray>(batch.num_rows());
    }
    inputs.push_back(std::move(values));
  }
  if (num_partitions_ == 1) {
    return ConsumeInto(&state->partitions[0], keys, inputs, batch.num_rows());
  }
  ARROW_ASSIGN_OR_RAISE(auto hashes, HashRows(keys));
  ARROW_ASSIGN_OR_RAISE(auto split, PartitionRows(hashes, num_partitions_, ctx.exec->memory_pool()));
  // One take per column brings each partition's rows together; then slice per partition.
  ARROW_ASSIGN_OR_RAISE(auto sorted_keys, TakeRows(keys, *split.order, ctx.exec));
  ARROW_ASSIGN_OR_RAISE(auto sorted_inputs, TakeRows(inputs, *split.order, ctx.exec));
  for (int p = 0; p < num_partitions_; ++p) {
    const int64_t begin = split.offsets[p], length = split.offsets[p + 1] - begin;
    if (length == 0) continue;
    ArrayVector part_keys, part_inputs;
    for (const auto& key : sorted_keys) part_keys.push_back(key->Slice(begin, length));
    for (const auto& value : sorted_inputs) part_inputs.push_back(value->Slice(begin, length));
    ARROW_RETURN_NOT_OK(ConsumeInto(&state->partitions[p], part_keys, part_inputs, length));
  }
  return arrow::Status::OK();
}

arrow::Result<std::unique_ptr<MorselReader>> PhysicalAggregate::Finalize(
    std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx,
    const MorselSize&) const {
  if (states.empty() && keys_.empty()) {
    // No input at all: a global aggregation still has one (empty) group.
    ARROW_ASSIGN_OR_RAISE(auto state, MakeState(ctx));
    states.push_back(std::move(state));
  }
  return std::make_unique<MergeReader>(this, std::move(states), num_partitions_,
                                       ctx.config->ResolvedThreads());
}

namespace {

arrow::Result<std::shared_ptr<arrow::RecordBatch>> MergeReader::MergePartition(
    int p, const TaskContext& ctx) {
  const auto& schema = op_->output_schema();
  if (states_.empty()) return arrow::RecordBatch::MakeEmpty(schema);
  auto& base = static_cast<AggregateState&>(*states_[0]).partitions[p];
  for (size_t s = 1; s < states_.size(); ++s) {
    auto& other = static_cast<AggregateState&>(*states_[s]).partitions[p];
    std::vector<uint32_t> mapping;
    if (base.grouper) {
      // Re-group the other worker's keys: the ids they get here are the mapping.
      ARROW_ASSIGN_OR_RAISE(auto uniques, other.grouper->GetUniques());
      if (uniques.length == 0) continue;
      ARROW_ASSIGN_OR_RAISE(auto ids, base.grouper->Consume(arrow::compute::ExecSpan(uniques)));
      const auto* raw = ids.array()->GetValues<uint32_t>(1);
      mapping.assign(raw, raw + uniques.length);
    } else {
      mapping.assign(1, 0);
    }
    for (size_t a = 0; a < base.accumulators.size(); ++a) {
      ARROW_RETURN_NOT_OK(base.accumulators[a]->Merge(*other.accumulators[a], mapping.data(),
                                                      base.num_groups()));
    }
    other.accumulators.clear();  // merged: free it now, not at the end of the query
  }
  const uint32_t num_groups = base.num_groups();
  ArrayVector columns;
  if (base.grouper) {
    ARROW_ASSIGN_OR_RAISE(auto uniques, base.grouper->GetUniques());
    for (const auto& key : uniques.values) columns.push_back(key.make_array());
  }
  for (size_t a = 0; a < base.accumulators.size(); ++a) {
    ARROW_ASSIGN_OR_RAISE(auto values, base.accumulators[a]->Finalize(num_groups));
    const auto& expected = schema->field(static_cast<int>(columns.size()))->type();
    if (!values->type()->Equals(*expected)) {
      ARROW_ASSIGN_OR_RAISE(auto cast, CastDatum(values, expected, ctx.exec));
      values = cast.make_array();
    }
    columns.push_back(std::move(values));
  }
  return arrow::RecordBatch::Make(schema, num_groups, std::move(columns));
}

}  // namespace

}  // namespace skipjack
