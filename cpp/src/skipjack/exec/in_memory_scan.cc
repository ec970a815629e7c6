#include "skipjack/exec/in_memory_scan.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/util/byte_size.h>

#include "skipjack/exec/keep_rows.h"
#include "skipjack/types/display_name.h"

namespace skipjack {
namespace {

struct Slice {
  size_t batch;
  int64_t offset;
  int64_t length;
  int64_t first_row;  // in the whole source
};

class InMemoryReader final : public MorselReader {
 public:
  InMemoryReader(std::shared_ptr<const InMemorySourceInfo> source, std::vector<Slice> slices,
                 std::optional<std::vector<int>> columns, BoundExprPtr filter, int concurrency)
      : source_(std::move(source)),
        slices_(std::move(slices)),
        columns_(std::move(columns)),
        filter_(std::move(filter)),
        concurrency_(concurrency) {}

  arrow::Result<std::optional<Item>> Next(const TaskContext& ctx) override {
    size_t index;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (next_ >= slices_.size()) return std::nullopt;
      index = next_++;
    }
    const Slice& slice = slices_[index];
    rows_consumed_ += slice.length;
    auto batch = source_->batches()[slice.batch]->Slice(slice.offset, slice.length);
    Morsel origin;  // where the rows stand before the filter
    origin.first_row = slice.first_row;
    std::shared_ptr<arrow::Array> kept_rows;
    if (filter_) {
      ARROW_ASSIGN_OR_RAISE(kept_rows, EvaluateToArray(*filter_, *batch, ctx.exec));
    }
    if (columns_) {
      ARROW_ASSIGN_OR_RAISE(batch, batch->SelectColumns(*columns_));
    }
    if (filter_) {
      ARROW_ASSIGN_OR_RAISE(batch, KeepRows(batch, kept_rows, ctx.exec));
    }
    Morsel morsel = MakeMorsel(std::move(batch));
    KeepSourceRows(origin, &morsel);
    if (filter_) DeriveRows(origin, kept_rows, &morsel);
    return Item{index, std::move(morsel)};
  }

  int max_concurrency() const override { return concurrency_; }
  int64_t rows_consumed() const override { return rows_consumed_.load(); }

 private:
  std::shared_ptr<const InMemorySourceInfo> source_;
  std::vector<Slice> slices_;
  std::optional<std::vector<int>> columns_;
  BoundExprPtr filter_;
  int concurrency_;
  std::mutex mu_;
  size_t next_ = 0;
  std::atomic<int64_t> rows_consumed_{0};
};

}  // namespace

InMemoryScan::InMemoryScan(std::shared_ptr<const InMemorySourceInfo> source,
                           std::shared_ptr<arrow::Schema> output_schema,
                           std::optional<std::vector<int>> columns, BoundExprPtr filter,
                           std::string filter_text, std::optional<int64_t> limit)
    : SourceOperator({}, std::move(output_schema)),
      source_(std::move(source)),
      columns_(std::move(columns)),
      filter_(std::move(filter)),
      filter_text_(std::move(filter_text)),
      limit_(limit) {}

std::vector<std::string> InMemoryScan::Details() const {
  // Pushed-down filters refer to the source's columns by position, so print its schema.
  std::vector<std::string> lines = {"Schema = " + SchemaToPlanString(*source_->schema()),
                                    "Num rows = " + std::to_string(source_->num_rows()),
                                    "Size bytes = " + std::to_string(source_->size_bytes())};
  if (columns_) {
    std::string names;
    for (int index : *columns_) {
      names += (names.empty() ? "" : ", ") + source_->schema()->field(index)->name();
    }
    lines.push_back("Projection pushdown = [" + names + "]");
  }
  if (filter_) lines.push_back("Filter pushdown = " + filter_text_);
  if (limit_) lines.push_back("Limit pushdown = " + std::to_string(*limit_));
  return lines;
}

int InMemoryScan::MaxConcurrency(const ExecutionConfig& config) const {
  // Slicing costs nothing; only a pushed-down filter is work worth spreading.
  return filter_ ? config.ResolvedThreads() : 1;
}

int64_t InMemoryScan::EstimatedRows() const {
  if (limit_ && !filter_) return std::min(*limit_, source_->num_rows());
  return source_->num_rows();
}

arrow::Result<std::unique_ptr<MorselReader>> InMemoryScan::Open(
    const TaskContext& ctx, const MorselSize& morsel_size) const {
  std::vector<Slice> slices;
  // Without a filter the limit is exact in rows, so slicing can stop early.
  int64_t remaining = (limit_ && !filter_) ? *limit_ : -1;
  const auto& batches = source_->batches();
  int64_t batch_start = 0;
  for (size_t b = 0; b < batches.size() && remaining != 0; ++b) {
    const int64_t rows = batches[b]->num_rows();
    ARROW_ASSIGN_OR_RAISE(int64_t bytes, arrow::util::ReferencedBufferSize(*batches[b]));
    const int64_t step = morsel_size.RowsFor(rows, bytes);
    for (int64_t offset = 0; offset < rows && remaining != 0; offset += step) {
      int64_t length = std::min(step, rows - offset);
      if (remaining > 0) {
        length = std::min(length, remaining);
        remaining -= length;
      }
      slices.push_back({b, offset, length, batch_start + offset});
    }
    batch_start += rows;
  }
  return std::make_unique<InMemoryReader>(source_, std::move(slices), columns_, filter_,
                                          MaxConcurrency(*ctx.config));
}

}  // namespace skipjack
