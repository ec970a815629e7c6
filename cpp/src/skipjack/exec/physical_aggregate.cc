#include "skipjack/exec/physical_aggregate.h"

#include <algorithm>
#include <atomic>

#include <arrow/array/util.h>
#include <arrow/compute/api.h>
#include <arrow/compute/exec.h>
#include <arrow/compute/row/grouper.h>
#include <arrow/record_batch.h>

#include "skipjack/exec/hash_partition.h"
#include "skipjack/exec/key_grouper.h"
#include "skipjack/exec/key_runs.h"
#include "skipjack/exec/ordered_group_merge.h"
#include "skipjack/exec/parallel_jobs.h"
#include "skipjack/functions/arrow_call.h"

namespace skipjack {
namespace {

using ArrayVector = std::vector<std::shared_ptr<arrow::Array>>;

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

// One worker's groups: keys -> ids (no grouper without keys: one group), and one
// accumulator per aggregation.
struct GroupTable {
  std::unique_ptr<KeyGrouper> grouper;  // null without keys
  std::vector<std::unique_ptr<GroupedAccumulator>> accumulators;
  int64_t rows = 0;  // consumed so far
  uint32_t num_groups() const { return grouper ? grouper->num_groups() : 1; }
};

// A worker's groups: the table it is filling, and the tables it filled before. A table
// that reaches kFlushGroups is set aside and a fresh one started, so the tables being
// probed stay small enough for the caches; the final merge combines them all.
// When a full table holds more than kPassThroughRatio groups per row (or per run of
// rows with equal keys), grouping is not paying off and the worker passes its later
// rows (or runs) through ungrouped.
struct AggregateState final : OperatorState {
  GroupTable table;
  std::vector<GroupTable> full_tables;
  bool pass_through = false;
  bool by_runs = false;  // passing runs of equal keys through, not single rows
  std::unique_ptr<arrow::compute::ExecContext> exec;
};

arrow::Result<GroupTable> MakeGroupTable(const std::vector<std::shared_ptr<arrow::DataType>>& key_types,
                                         const std::vector<PhysicalAggregate::Aggregation>& aggs,
                                         arrow::compute::ExecContext* exec) {
  GroupTable table;
  if (!key_types.empty()) {
    ARROW_ASSIGN_OR_RAISE(table.grouper, KeyGrouper::Make(key_types, exec));
  }
  for (const auto& aggregation : aggs) {
    table.accumulators.push_back(aggregation.function->MakeAccumulator(exec->memory_pool()));
  }
  return table;
}

// Groups `keys` rows into `table` and feeds the aggregation inputs.
arrow::Status ConsumeInto(GroupTable* table, const ArrayVector& keys, const ArrayVector& inputs,
                          int64_t length) {
  std::shared_ptr<arrow::Array> ids;
  std::vector<uint32_t> zeros;
  const uint32_t* group_ids;
  if (table->grouper) {
    ARROW_ASSIGN_OR_RAISE(ids, table->grouper->Consume(keys, length));
    group_ids = ids->data()->GetValues<uint32_t>(1);
  } else {
    zeros.assign(length, 0);
    group_ids = zeros.data();
  }
  table->rows += length;
  const uint32_t num_groups = table->num_groups();
  for (size_t a = 0; a < inputs.size(); ++a) {
    ARROW_RETURN_NOT_OK(table->accumulators[a]->Consume(*inputs[a], group_ids, num_groups));
  }
  return arrow::Status::OK();
}

// A worker's groups split by key hash: partition p holds the groups listed in
// groups[p]. Computed once, read by all partition merges.
struct SplitGroups {
  ArrayVector keys;  // the worker's distinct keys, by group id (none when merging stored keys)
  std::vector<std::vector<int64_t>> groups;   // per partition
};

// Whether every table's groups merge from the keys as their groupers store them
// (KeyGrouper::ConsumeGroups): no decoding, taking and re-encoding of the keys.
bool MergesStoredKeys(const std::vector<GroupTable>& tables) {
  if (tables.empty() || !tables[0].grouper) return false;
  for (const auto& table : tables) {
    if (!table.grouper || !tables[0].grouper->MergesFrom(*table.grouper)) return false;
  }
  return true;
}

// `keys` are the table's distinct keys, by group id; none when the grouper's stored
// hashes decide the partitions.
arrow::Result<SplitGroups> SplitByPartition(GroupTable& table, ArrayVector keys,
                                            int num_partitions) {
  SplitGroups split;
  split.groups.resize(num_partitions);
  if (!table.grouper) {
    split.groups[0].push_back(0);
    return split;
  }
  split.keys = std::move(keys);
  const int64_t num_groups = table.grouper->num_groups();
  if (num_groups == 0) return split;
  if (num_partitions == 1) {
    split.groups[0].resize(num_groups);
    for (int64_t g = 0; g < num_groups; ++g) split.groups[0][g] = g;
    return split;
  }
  std::vector<uint64_t> computed;
  const uint64_t* hashes = table.grouper->GroupHashes();
  if (!split.keys.empty() || hashes == nullptr) {
    ARROW_ASSIGN_OR_RAISE(computed, HashRows(split.keys));
    hashes = computed.data();
  }
  for (int64_t g = 0; g < num_groups; ++g) {
    split.groups[(hashes[g] >> 32) % num_partitions].push_back(g);
  }
  return split;
}

// The output batch of `num_groups` merged groups: their keys, then each aggregation's
// final values in the output schema's types.
arrow::Result<std::shared_ptr<arrow::RecordBatch>> GroupsBatch(
    const std::shared_ptr<arrow::Schema>& schema, ArrayVector keys,
    const std::vector<std::unique_ptr<GroupedAccumulator>>& accumulators, uint32_t num_groups,
    const TaskContext& ctx) {
  ArrayVector columns = std::move(keys);
  for (const auto& accumulator : accumulators) {
    ARROW_ASSIGN_OR_RAISE(auto values, accumulator->Finalize(num_groups));
    const auto& expected = schema->field(static_cast<int>(columns.size()))->type();
    if (!values->type()->Equals(*expected)) {
      ARROW_ASSIGN_OR_RAISE(auto cast, CastDatum(values, expected, ctx.exec));
      values = cast.make_array();
    }
    columns.push_back(std::move(values));
  }
  return arrow::RecordBatch::Make(schema, num_groups, std::move(columns));
}

// Merges partition `p` of every worker's groups and emits them, one partition per
// call, so the merge of several partitions runs in parallel. Workers' states are only
// read, so partitions never share mutable data.
class MergeReader final : public MorselReader {
 public:
  MergeReader(const PhysicalAggregate* op, std::vector<std::unique_ptr<OperatorState>> states,
              std::vector<GroupTable> tables, std::vector<SplitGroups> splits, bool stored_keys,
              int num_partitions, int concurrency)
      : op_(op),
        states_(std::move(states)),
        tables_(std::move(tables)),
        splits_(std::move(splits)),
        stored_keys_(stored_keys),
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
  std::vector<std::unique_ptr<OperatorState>> states_;  // own the tables' exec contexts
  std::vector<GroupTable> tables_;  // every worker's tables
  std::vector<SplitGroups> splits_;  // by table
  bool stored_keys_;  // groups merge from their groupers' stored keys (MergesStoredKeys)
  int num_partitions_;
  int concurrency_;
  std::atomic<int> next_{0};
};

// Merges tables whose keys arrive in order (ordered_group_merge.h): partition p is a
// range of the merged groups, so no keys are hashed or compared.
class OrderedMergeReader final : public MorselReader {
 public:
  OrderedMergeReader(const PhysicalAggregate* op, std::vector<std::unique_ptr<OperatorState>> states,
                     std::vector<GroupTable> tables, OrderedMerge merge, int num_partitions,
                     int concurrency)
      : op_(op),
        states_(std::move(states)),
        tables_(std::move(tables)),
        keys_(std::move(merge.keys)),
        targets_(std::move(merge.targets)),
        stretch_starts_(std::move(merge.stretch_starts)),
        range_(std::max<int64_t>(1, (keys_->length() + num_partitions - 1) / num_partitions)),
        num_partitions_(static_cast<int>((keys_->length() + range_ - 1) / range_)),
        concurrency_(concurrency) {}

  int max_concurrency() const override { return concurrency_; }

  arrow::Result<std::optional<Item>> Next(const TaskContext& ctx) override {
    const int p = next_.fetch_add(1);
    if (p >= num_partitions_) return std::nullopt;
    const int64_t begin = p * range_;
    const auto count = static_cast<uint32_t>(std::min(range_, keys_->length() - begin));
    std::vector<std::unique_ptr<GroupedAccumulator>> merged;
    for (size_t a = 0; a < op_->num_aggregations(); ++a) {
      merged.push_back(op_->NewAccumulator(a, ctx.exec->memory_pool()));
    }
    // Each partition finds its groups itself, in the partitions' parallel tasks (1.5M
    // groups took 17 ms on one core when the reader was made): within each stretch of
    // a table, the groups whose targets fall in this partition's range.
    std::vector<int64_t> from;
    std::vector<uint32_t> to;
    for (size_t t = 0; t < tables_.size(); ++t) {
      from.clear();
      to.clear();
      const auto& targets = targets_[t];
      const auto& starts = stretch_starts_[t];
      for (size_t s = 0; s < starts.size(); ++s) {
        const auto first = targets.begin() + starts[s];
        const auto last = s + 1 < starts.size() ? targets.begin() + starts[s + 1] : targets.end();
        auto g = std::lower_bound(first, last, static_cast<uint32_t>(begin));
        const auto end = std::lower_bound(g, last, static_cast<uint32_t>(begin + count));
        for (; g != end; ++g) {
          from.push_back(g - targets.begin());
          to.push_back(static_cast<uint32_t>(*g - begin));
        }
      }
      if (from.empty()) continue;
      const GroupMapping mapping{from.data(), to.data(), static_cast<int64_t>(from.size())};
      for (size_t a = 0; a < merged.size(); ++a) {
        ARROW_RETURN_NOT_OK(merged[a]->Merge(*tables_[t].accumulators[a], mapping, count));
      }
    }
    ARROW_ASSIGN_OR_RAISE(auto batch, GroupsBatch(op_->output_schema(), {keys_->Slice(begin, count)},
                                                  merged, count, ctx));
    return Item{static_cast<uint64_t>(p), MakeMorsel(std::move(batch))};
  }

 private:
  const PhysicalAggregate* op_;
  std::vector<std::unique_ptr<OperatorState>> states_;  // own the tables' exec contexts
  std::vector<GroupTable> tables_;
  std::shared_ptr<arrow::Array> keys_;  // merged, ascending
  std::vector<std::vector<uint32_t>> targets_;  // per table: its groups' merged ids
  std::vector<std::vector<int64_t>> stretch_starts_;  // per table (OrderedMerge)
  int64_t range_;  // merged groups per partition
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
  ARROW_ASSIGN_OR_RAISE(state->table,
                        MakeGroupTable(KeyTypes(), aggregations_, state->exec.get()));
  return state;
}

std::vector<std::shared_ptr<arrow::DataType>> PhysicalAggregate::KeyTypes() const {
  std::vector<std::shared_ptr<arrow::DataType>> key_types;
  for (const auto& key : keys_) key_types.push_back(key->type());
  return key_types;
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
  ARROW_RETURN_NOT_OK(ConsumeInto(&state->table, keys, inputs, batch.num_rows()));
  if (state->table.grouper && state->table.num_groups() >= kFlushGroups) {
    const double groups_per_row =
        static_cast<double>(state->table.num_groups()) / static_cast<double>(state->table.rows);
    if (groups_per_row > kPassThroughRatio) state->pass_through = true;
    // Keys clustered in runs (lineitem's order keys) may repeat a lot yet be nearly
    // unique per run: then the runs are passed through, one row each.
    if (!state->pass_through) {
      const auto starts = KeyRunStarts(keys, batch.num_rows());
      const double rows_per_run =
          starts && !starts->empty()
              ? static_cast<double>(batch.num_rows()) / static_cast<double>(starts->size())
              : 1;
      state->by_runs = state->pass_through = groups_per_row * rows_per_run > kPassThroughRatio;
    }
    state->full_tables.push_back(std::move(state->table));
    ARROW_ASSIGN_OR_RAISE(state->table,
                          MakeGroupTable(KeyTypes(), aggregations_, state->exec.get()));
    if (state->pass_through) {
      state->table.grouper = KeyGrouper::MakePassThrough(state->exec->memory_pool(), state->by_runs);
    } else {
      // Many groups so far: the next table is likely to fill too, so it starts full size
      // instead of rehashing its way up.
      state->table.grouper->Reserve(kFlushGroups);
    }
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
  std::vector<GroupTable> tables;
  int64_t total_groups = 0;
  for (auto& raw : states) {
    auto& state = static_cast<AggregateState&>(*raw);
    for (auto& table : state.full_tables) tables.push_back(std::move(table));
    // An empty current table adds nothing (unless it is a worker's only table).
    if (state.table.num_groups() > 0 || state.full_tables.empty() || !state.table.grouper) {
      tables.push_back(std::move(state.table));
    }
    state.full_tables.clear();
  }
  for (const auto& table : tables) total_groups += table.num_groups();
  // Few groups merge in one task; many are split by key hash and merged in parallel,
  // in partitions small enough that each merged table stays in the caches.
  int partitions = 1;
  if (!keys_.empty() && total_groups >= kParallelMergeGroups) {
    const int64_t by_size = (total_groups + kMergePartitionGroups - 1) / kMergePartitionGroups;
    partitions = static_cast<int>(std::clamp<int64_t>(by_size, num_partitions_, kMaxMergePartitions));
  }
  // Each table's keys and split are computed on their own: in parallel when idle
  // workers can take some.
  const bool stored_keys = MergesStoredKeys(tables);
  std::vector<ArrayVector> table_keys(tables.size());
  std::vector<ParallelJob> jobs;
  for (size_t t = 0; t < tables.size(); ++t) {
    if (!tables[t].grouper || stored_keys) continue;
    jobs.push_back([&, t]() -> arrow::Status {
      ARROW_ASSIGN_OR_RAISE(table_keys[t], tables[t].grouper->Uniques());
      return arrow::Status::OK();
    });
  }
  ARROW_RETURN_NOT_OK(RunParallelJobs(std::move(jobs), ctx.workers));
  if (partitions > 1 && !stored_keys && keys_.size() == 1 &&
      SupportsOrderedMerge(*keys_[0]->type())) {
    std::vector<std::shared_ptr<arrow::Array>> keys;
    for (const auto& columns : table_keys) keys.push_back(columns[0]);
    ARROW_ASSIGN_OR_RAISE(auto ordered,
                          PlanOrderedMerge(keys, kMinOrderedStretch, ctx.exec->memory_pool()));
    if (ordered) {
      return std::make_unique<OrderedMergeReader>(this, std::move(states), std::move(tables),
                                                  std::move(*ordered), partitions,
                                                  ctx.config->ResolvedThreads());
    }
  }
  std::vector<SplitGroups> splits(tables.size());
  jobs.clear();
  for (size_t t = 0; t < tables.size(); ++t) {
    jobs.push_back([&, t]() -> arrow::Status {
      ARROW_ASSIGN_OR_RAISE(splits[t],
                            SplitByPartition(tables[t], std::move(table_keys[t]), partitions));
      return arrow::Status::OK();
    });
  }
  ARROW_RETURN_NOT_OK(RunParallelJobs(std::move(jobs), ctx.workers));
  return std::make_unique<MergeReader>(this, std::move(states), std::move(tables),
                                       std::move(splits), stored_keys, partitions,
                                       ctx.config->ResolvedThreads());
}

namespace {

arrow::Result<std::shared_ptr<arrow::RecordBatch>> MergeReader::MergePartition(
    int p, const TaskContext& ctx) {
  const auto& schema = op_->output_schema();
  if (tables_.empty()) return arrow::RecordBatch::MakeEmpty(schema);
  arrow::compute::ExecContext exec(ctx.exec->memory_pool());
  exec.set_use_threads(false);
  auto& first = tables_[0];
  // A single table's groups need no merge at all.
  const bool single = tables_.size() == 1 && num_partitions_ == 1;
  GroupTable merged;
  if (!single) {
    std::vector<std::shared_ptr<arrow::DataType>> key_types;
    if (stored_keys_) {
      key_types = op_->KeyTypes();
    } else if (first.grouper) {
      for (const auto& key : splits_[0].keys) key_types.push_back(key->type());
    }
    ARROW_ASSIGN_OR_RAISE(merged, MakeGroupTable(key_types, {}, &exec));
    if (merged.grouper) {
      int64_t incoming = 0;  // at most this many groups: no rehash while merging
      for (const auto& split : splits_) incoming += static_cast<int64_t>(split.groups[p].size());
      merged.grouper->Reserve(incoming);
    }
    for (size_t s = 0; s < tables_.size(); ++s) {
      auto& table = tables_[s];
      const auto& rows = splits_[s].groups[p];
      if (rows.empty()) continue;
      // Re-group this table's keys of the partition: their ids here are the mapping.
      std::shared_ptr<arrow::UInt32Array> ids;
      const uint32_t global_group = 0;
      GroupMapping mapping{rows.data(), &global_group, 1};
      if (stored_keys_) {
        if (!merged.grouper->MergesFrom(*table.grouper)) {
          return arrow::Status::Invalid("internal: partial groups of another kind of grouper");
        }
        ARROW_ASSIGN_OR_RAISE(ids, merged.grouper->ConsumeGroups(
                                       *table.grouper, rows.data(), static_cast<int64_t>(rows.size())));
      } else if (merged.grouper) {
        arrow::Int64Array indices(static_cast<int64_t>(rows.size()), arrow::Buffer::Wrap(rows));
        ARROW_ASSIGN_OR_RAISE(auto keys, TakeRows(splits_[s].keys, indices, &exec));
        ARROW_ASSIGN_OR_RAISE(ids, merged.grouper->Consume(keys, static_cast<int64_t>(rows.size())));
      }
      if (ids) {
        mapping = GroupMapping{rows.data(), ids->raw_values(), static_cast<int64_t>(rows.size())};
      }
      if (merged.accumulators.empty()) {
        for (size_t a = 0; a < table.accumulators.size(); ++a) {
          merged.accumulators.push_back(op_->NewAccumulator(a, exec.memory_pool()));
        }
      }
      for (size_t a = 0; a < table.accumulators.size(); ++a) {
        ARROW_RETURN_NOT_OK(merged.accumulators[a]->Merge(*table.accumulators[a], mapping,
                                                          merged.num_groups()));
      }
    }
    if (merged.accumulators.empty()) {
      for (size_t a = 0; a < first.accumulators.size(); ++a) {
        merged.accumulators.push_back(op_->NewAccumulator(a, exec.memory_pool()));
      }
    }
  }
  GroupTable& result = single ? first : merged;
  // An empty partition of a grouped aggregation has no groups (a grouper-less merge
  // of a global aggregation always has its one group).
  ArrayVector keys;
  if (result.grouper) {
    ARROW_ASSIGN_OR_RAISE(keys, result.grouper->Uniques());
  }
  return GroupsBatch(schema, std::move(keys), result.accumulators, result.num_groups(), ctx);
}

}  // namespace

}  // namespace skipjack
