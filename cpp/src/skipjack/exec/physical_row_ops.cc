#include "skipjack/exec/physical_row_ops.h"

#include <algorithm>
#include <random>
#include <sstream>

#include <arrow/array.h>
#include <arrow/array/concatenate.h>
#include <arrow/buffer.h>
#include <arrow/builder.h>
#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/util/bit_util.h>

namespace skipjack {
namespace {

struct CountState final : OperatorState {
  int64_t count = 0;
};

// A random stream per (seed, morsel) so that concurrent morsels draw independently
// and a rerun draws the same numbers.
std::mt19937_64 MorselRng(uint64_t seed, uint64_t input_seq) {
  std::seed_seq sequence{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                         static_cast<uint32_t>(input_seq), static_cast<uint32_t>(input_seq >> 32)};
  return std::mt19937_64(sequence);
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> TakeRows(
    const std::shared_ptr<arrow::RecordBatch>& batch, std::vector<int64_t> rows,
    arrow::compute::ExecContext* exec) {
  arrow::Int64Array indices(static_cast<int64_t>(rows.size()), arrow::Buffer::Wrap(rows));
  ARROW_ASSIGN_OR_RAISE(auto taken,
                        arrow::compute::Take(arrow::Datum(batch), indices,
                                             arrow::compute::TakeOptions(), exec));
  return taken.record_batch();
}

// Offsets of a list array's row `i` into its values, for List, LargeList and
// FixedSizeList alike.
struct ListView {
  const arrow::Array* array;
  std::shared_ptr<arrow::Array> values;
  int64_t begin(int64_t i) const {
    switch (array->type_id()) {
      case arrow::Type::LIST:
        return static_cast<const arrow::ListArray&>(*array).value_offset(i);
      case arrow::Type::LARGE_LIST:
        return static_cast<const arrow::LargeListArray&>(*array).value_offset(i);
      default:
        return static_cast<const arrow::FixedSizeListArray&>(*array).value_offset(i);
    }
  }
  int64_t length(int64_t i) const {
    if (array->IsNull(i)) return 0;
    switch (array->type_id()) {
      case arrow::Type::LIST:
        return static_cast<const arrow::ListArray&>(*array).value_length(i);
      case arrow::Type::LARGE_LIST:
        return static_cast<const arrow::LargeListArray&>(*array).value_length(i);
      default:
        return static_cast<const arrow::FixedSizeListArray&>(*array).value_length(i);
    }
  }
};

ListView ViewOf(const arrow::Array& array) {
  switch (array.type_id()) {
    case arrow::Type::LIST:
      return {&array, static_cast<const arrow::ListArray&>(array).values()};
    case arrow::Type::LARGE_LIST:
      return {&array, static_cast<const arrow::LargeListArray&>(array).values()};
    default:
      return {&array, static_cast<const arrow::FixedSizeListArray&>(array).values()};
  }
}

// One batch of candidate rows and their random keys, for the size sample.
struct ReservoirState final : OperatorState {
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  std::vector<std::vector<double>> keys;  // per batch row
  int64_t rows = 0;
  double threshold = 2.0;  // keys above it cannot be among the smallest `size`
};

class OneBatch final : public MorselReader {
 public:
  explicit OneBatch(std::shared_ptr<arrow::RecordBatch> batch) : batch_(std::move(batch)) {}
  arrow::Result<std::optional<Item>> Next(const TaskContext&) override {
    if (!batch_) return std::nullopt;
    return Item{0, MakeMorsel(std::move(batch_))};
  }

 private:
  std::shared_ptr<arrow::RecordBatch> batch_;
};

}  // namespace

// -- offset -----------------------------------------------------------------------------

PhysicalOffset::PhysicalOffset(PhysicalOperatorPtr input, int64_t offset)
    : StreamingSinkOperator({input}, input->output_schema()), offset_(offset) {}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalOffset::MakeState(const TaskContext&) const {
  return std::make_unique<CountState>();
}

arrow::Result<StreamingSinkOperator::Output> PhysicalOffset::Sink(Morsel input,
                                                                  OperatorState* raw_state,
                                                                  const TaskContext&) const {
  auto& skipped = static_cast<CountState*>(raw_state)->count;
  Output output;
  const int64_t skip = std::min(offset_ - skipped, input.num_rows());
  skipped += skip;
  if (skip == 0) {
    output.morsels.push_back(std::move(input));
  } else if (skip < input.num_rows()) {
    output.morsels.push_back(MakeMorsel(input.batch->Slice(skip)));
  }
  return output;
}

// -- concat -----------------------------------------------------------------------------

PhysicalConcat::PhysicalConcat(std::vector<PhysicalOperatorPtr> inputs,
                               std::shared_ptr<arrow::Schema> schema)
    : IntermediateOperator(std::move(inputs), std::move(schema)) {}

arrow::Result<std::vector<Morsel>> PhysicalConcat::Execute(Morsel input, OperatorState*,
                                                           const TaskContext&) const {
  // Inputs differ at most in nullability: present every batch with the one schema.
  std::vector<Morsel> out;
  out.push_back(MakeMorsel(arrow::RecordBatch::Make(output_schema(), input.batch->num_rows(),
                                                    input.batch->columns())));
  return out;
}

// -- explode ----------------------------------------------------------------------------

PhysicalExplode::PhysicalExplode(PhysicalOperatorPtr input, std::shared_ptr<arrow::Schema> schema,
                                 std::vector<int> columns, bool with_index,
                                 bool ignore_empty_and_null)
    : IntermediateOperator({std::move(input)}, std::move(schema)),
      columns_(std::move(columns)),
      with_index_(with_index),
      ignore_empty_and_null_(ignore_empty_and_null) {}

std::vector<std::string> PhysicalExplode::Details() const {
  std::string names;
  for (int c : columns_) {
    names += (names.empty() ? "" : ", ") + children()[0]->output_schema()->field(c)->name();
  }
  std::vector<std::string> lines = {"Columns = " + names};
  if (with_index_) lines.push_back("Index column = " + output_schema()->fields().back()->name());
  return lines;
}

arrow::Result<std::vector<Morsel>> PhysicalExplode::Execute(Morsel input, OperatorState*,
                                                            const TaskContext& ctx) const {
  const auto& batch = *input.batch;
  std::vector<ListView> lists;
  for (int c : columns_) lists.push_back(ViewOf(*batch.column(c)));
  // Output rows per input row; lists of one row must be equally long.
  std::vector<int64_t> parents;
  std::vector<int64_t> positions;  // element position, -1 for the row of an empty list
  for (int64_t row = 0; row < batch.num_rows(); ++row) {
    const int64_t n = lists[0].length(row);
    for (size_t l = 1; l < lists.size(); ++l) {
      if (lists[l].length(row) != n) {
        return arrow::Status::Invalid(
            "explode(): in a row, the lists of '", batch.schema()->field(columns_[0])->name(),
            "' and '", batch.schema()->field(columns_[l])->name(),
            "' have different lengths (", n, " and ", lists[l].length(row), ")");
      }
    }
    if (n == 0) {
      if (!ignore_empty_and_null_) {
        parents.push_back(row);
        positions.push_back(-1);
      }
      continue;
    }
    for (int64_t k = 0; k < n; ++k) {
      parents.push_back(row);
      positions.push_back(k);
    }
  }
  const auto length = static_cast<int64_t>(parents.size());
  arrow::Int64Array parent_indices(length, arrow::Buffer::Wrap(parents));
  std::vector<std::shared_ptr<arrow::Array>> columns;
  for (int c = 0; c < batch.num_columns(); ++c) {
    auto it = std::find(columns_.begin(), columns_.end(), c);
    if (it == columns_.end()) {
      ARROW_ASSIGN_OR_RAISE(auto taken, arrow::compute::Take(batch.column(c), parent_indices,
                                                             arrow::compute::TakeOptions(),
                                                             ctx.exec));
      columns.push_back(taken.make_array());
      continue;
    }
    // Elements taken from the list's values; a null index makes the empty/null row.
    const ListView& list = lists[it - columns_.begin()];
    arrow::Int64Builder indices(ctx.exec->memory_pool());
    ARROW_RETURN_NOT_OK(indices.Reserve(length));
    for (int64_t i = 0; i < length; ++i) {
      if (positions[i] < 0) {
        indices.UnsafeAppendNull();
      } else {
        indices.UnsafeAppend(list.begin(parents[i]) + positions[i]);
      }
    }
    ARROW_ASSIGN_OR_RAISE(auto index_array, indices.Finish());
    ARROW_ASSIGN_OR_RAISE(auto taken, arrow::compute::Take(list.values, index_array,
                                                           arrow::compute::TakeOptions(), ctx.exec));
    columns.push_back(taken.make_array());
  }
  if (with_index_) {
    arrow::UInt64Builder index(ctx.exec->memory_pool());
    ARROW_RETURN_NOT_OK(index.Reserve(length));
    for (int64_t i = 0; i < length; ++i) {
      if (positions[i] < 0) {
        index.UnsafeAppendNull();
      } else {
        index.UnsafeAppend(static_cast<uint64_t>(positions[i]));
      }
    }
    ARROW_ASSIGN_OR_RAISE(auto index_array, index.Finish());
    columns.push_back(std::move(index_array));
  }
  std::vector<Morsel> out;
  out.push_back(MakeMorsel(arrow::RecordBatch::Make(output_schema(), length, std::move(columns))));
  return out;
}

// -- sample -----------------------------------------------------------------------------

PhysicalSampleFraction::PhysicalSampleFraction(PhysicalOperatorPtr input, double fraction,
                                               bool with_replacement, uint64_t seed)
    : IntermediateOperator({input}, input->output_schema()),
      fraction_(fraction),
      with_replacement_(with_replacement),
      seed_(seed) {}

std::string PhysicalSampleFraction::Summary() const {
  std::ostringstream out;
  out << "Fraction = " << fraction_ << (with_replacement_ ? ", with replacement" : "");
  return out.str();
}

arrow::Result<std::vector<Morsel>> PhysicalSampleFraction::Execute(Morsel input, OperatorState*,
                                                                   const TaskContext& ctx) const {
  auto rng = MorselRng(seed_, ctx.input_seq);
  std::vector<int64_t> rows;
  if (with_replacement_) {
    std::poisson_distribution<int> copies(fraction_);
    for (int64_t i = 0; i < input.num_rows(); ++i) {
      for (int c = copies(rng); c > 0; --c) rows.push_back(i);
    }
  } else {
    std::bernoulli_distribution keep(fraction_);
    for (int64_t i = 0; i < input.num_rows(); ++i) {
      if (keep(rng)) rows.push_back(i);
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto sampled, TakeRows(input.batch, std::move(rows), ctx.exec));
  std::vector<Morsel> out;
  out.push_back(MakeMorsel(std::move(sampled)));
  return out;
}

PhysicalSampleSize::PhysicalSampleSize(PhysicalOperatorPtr input, int64_t size,
                                       bool with_replacement, uint64_t seed)
    : BlockingSinkOperator({input}, input->output_schema()),
      size_(size),
      with_replacement_(with_replacement),
      seed_(seed) {}

std::string PhysicalSampleSize::Summary() const {
  return "Size = " + std::to_string(size_) + (with_replacement_ ? ", with replacement" : "");
}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalSampleSize::MakeState(
    const TaskContext&) const {
  return std::make_unique<ReservoirState>();
}

arrow::Status PhysicalSampleSize::Sink(Morsel input, OperatorState* raw_state,
                                       const TaskContext& ctx) const {
  auto* state = static_cast<ReservoirState*>(raw_state);
  if (with_replacement_) {  // every row is a candidate: draws happen at the end
    state->rows += input.num_rows();
    state->batches.push_back(input.batch);
    state->keys.emplace_back();
    return arrow::Status::OK();
  }
  auto rng = MorselRng(seed_, ctx.input_seq);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<int64_t> rows;
  std::vector<double> keys;
  for (int64_t i = 0; i < input.num_rows(); ++i) {
    const double key = uniform(rng);
    if (key < state->threshold) {
      rows.push_back(i);
      keys.push_back(key);
    }
  }
  if (rows.empty()) return arrow::Status::OK();
  ARROW_ASSIGN_OR_RAISE(auto kept, TakeRows(input.batch, std::move(rows), ctx.exec));
  state->rows += kept->num_rows();
  state->batches.push_back(std::move(kept));
  state->keys.push_back(std::move(keys));
  // Compact when the candidates are twice the sample: keep the `size` smallest keys.
  if (state->rows > 2 * std::max<int64_t>(size_, 1024)) {
    std::vector<double> all;
    for (const auto& batch_keys : state->keys) all.insert(all.end(), batch_keys.begin(), batch_keys.end());
    std::nth_element(all.begin(), all.begin() + std::min<int64_t>(size_, all.size() - 1), all.end());
    state->threshold = all[std::min<int64_t>(size_, all.size() - 1)];
    std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
    std::vector<std::vector<double>> kept_keys;
    int64_t total = 0;
    for (size_t b = 0; b < state->batches.size(); ++b) {
      std::vector<int64_t> keep;
      std::vector<double> keep_keys;
      for (size_t i = 0; i < state->keys[b].size(); ++i) {
        if (state->keys[b][i] < state->threshold) {
          keep.push_back(static_cast<int64_t>(i));
          keep_keys.push_back(state->keys[b][i]);
        }
      }
      if (keep.empty()) continue;
      ARROW_ASSIGN_OR_RAISE(auto batch, TakeRows(state->batches[b], std::move(keep), ctx.exec));
      total += batch->num_rows();
      batches.push_back(std::move(batch));
      kept_keys.push_back(std::move(keep_keys));
    }
    state->batches = std::move(batches);
    state->keys = std::move(kept_keys);
    state->rows = total;
  }
  return arrow::Status::OK();
}

arrow::Result<std::unique_ptr<MorselReader>> PhysicalSampleSize::Finalize(
    std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx,
    const MorselSize&) const {
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  std::vector<double> keys;
  for (auto& raw : states) {
    auto* state = static_cast<ReservoirState*>(raw.get());
    for (size_t b = 0; b < state->batches.size(); ++b) {
      batches.push_back(state->batches[b]);
      keys.insert(keys.end(), state->keys[b].begin(), state->keys[b].end());
    }
  }
  std::shared_ptr<arrow::RecordBatch> all;
  if (batches.empty()) {
    ARROW_ASSIGN_OR_RAISE(all, arrow::RecordBatch::MakeEmpty(output_schema()));
  } else {
    ARROW_ASSIGN_OR_RAISE(auto table, arrow::Table::FromRecordBatches(output_schema(), batches));
    ARROW_ASSIGN_OR_RAISE(table, table->CombineChunks(ctx.exec->memory_pool()));
    ARROW_ASSIGN_OR_RAISE(all, table->CombineChunksToBatch(ctx.exec->memory_pool()));
  }
  std::vector<int64_t> rows;
  if (with_replacement_) {
    auto rng = MorselRng(seed_, 0);
    if (all->num_rows() > 0) {
      std::uniform_int_distribution<int64_t> pick(0, all->num_rows() - 1);
      for (int64_t i = 0; i < size_; ++i) rows.push_back(pick(rng));
    }
  } else {
    std::vector<int64_t> order(all->num_rows());
    for (int64_t i = 0; i < all->num_rows(); ++i) order[i] = i;
    const int64_t n = std::min<int64_t>(size_, all->num_rows());
    std::partial_sort(order.begin(), order.begin() + n, order.end(),
                      [&](int64_t a, int64_t b) { return keys[a] < keys[b]; });
    rows.assign(order.begin(), order.begin() + n);
    std::sort(rows.begin(), rows.end());  // keep the input's order
  }
  ARROW_ASSIGN_OR_RAISE(auto sampled, TakeRows(all, std::move(rows), ctx.exec));
  return std::make_unique<OneBatch>(std::move(sampled));
}

// -- row number -------------------------------------------------------------------------

PhysicalRowNumber::PhysicalRowNumber(PhysicalOperatorPtr input,
                                     std::shared_ptr<arrow::Schema> schema, int64_t offset)
    : StreamingSinkOperator({std::move(input)}, std::move(schema)), offset_(offset) {}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalRowNumber::MakeState(
    const TaskContext&) const {
  return std::make_unique<CountState>();
}

arrow::Result<StreamingSinkOperator::Output> PhysicalRowNumber::Sink(Morsel input,
                                                                     OperatorState* raw_state,
                                                                     const TaskContext& ctx) const {
  auto& count = static_cast<CountState*>(raw_state)->count;
  const int64_t n = input.num_rows();
  ARROW_ASSIGN_OR_RAISE(auto buffer, arrow::AllocateBuffer(n * sizeof(uint64_t),
                                                           ctx.exec->memory_pool()));
  auto* values = reinterpret_cast<uint64_t*>(buffer->mutable_data());
  for (int64_t i = 0; i < n; ++i) values[i] = static_cast<uint64_t>(offset_ + count + i);
  count += n;
  auto columns = input.batch->columns();
  columns.push_back(std::make_shared<arrow::UInt64Array>(n, std::move(buffer)));
  Output output;
  output.morsels.push_back(
      MakeMorsel(arrow::RecordBatch::Make(output_schema(), n, std::move(columns))));
  return output;
}

}  // namespace skipjack
