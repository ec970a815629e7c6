#include "skipjack/exec/arrow_stream_scan.h"

#include <atomic>
#include <deque>

#include <arrow/record_batch.h>

#include "skipjack/types/display_name.h"

namespace skipjack {
namespace {

class StreamReader final : public MorselReader {
 public:
  StreamReader(std::shared_ptr<const ArrowStreamSourceInfo> source,
               std::shared_ptr<arrow::RecordBatchReader> reader,
               std::optional<std::vector<int>> columns, MorselSize morsel_size)
      : source_(std::move(source)),
        reader_(std::move(reader)),
        columns_(std::move(columns)),
        morsel_size_(morsel_size) {}

  // Pulling a batch may wait on Python or another engine: never on a CPU worker. Pieces
  // of a batch already read are handed out without waiting.
  bool blocking() const override { return pending_.empty(); }
  int64_t rows_consumed() const override { return rows_consumed_.load(); }

  arrow::Result<std::optional<Item>> Next(const TaskContext& ctx) override {
    while (pending_.empty()) {
      std::shared_ptr<arrow::RecordBatch> batch;
      ARROW_RETURN_NOT_OK(reader_->ReadNext(&batch));
      if (!batch) return std::nullopt;
      rows_consumed_ += batch->num_rows();
      ARROW_ASSIGN_OR_RAISE(batch, source_->Normalize(batch, ctx.exec));
      if (columns_) {
        ARROW_ASSIGN_OR_RAISE(batch, batch->SelectColumns(*columns_));
      }
      for (auto& piece : SplitMorsel(MakeMorsel(std::move(batch)), morsel_size_)) {
        pending_.push_back(std::move(piece));
      }
    }
    Item item{next_seq_++, std::move(pending_.front())};
    pending_.pop_front();
    return item;
  }

 private:
  std::shared_ptr<const ArrowStreamSourceInfo> source_;
  std::shared_ptr<arrow::RecordBatchReader> reader_;
  std::optional<std::vector<int>> columns_;
  MorselSize morsel_size_;
  std::deque<Morsel> pending_;
  uint64_t next_seq_ = 0;
  std::atomic<int64_t> rows_consumed_{0};
};

}  // namespace

ArrowStreamScan::ArrowStreamScan(std::shared_ptr<const ArrowStreamSourceInfo> source,
                                 std::shared_ptr<arrow::Schema> output_schema,
                                 std::optional<std::vector<int>> columns)
    : SourceOperator({}, std::move(output_schema)),
      source_(std::move(source)),
      columns_(std::move(columns)) {}

std::vector<std::string> ArrowStreamScan::Details() const {
  return {"Schema = " + SchemaToPlanString(*output_schema())};
}

arrow::Result<std::unique_ptr<MorselReader>> ArrowStreamScan::Open(
    const TaskContext&, const MorselSize& morsel_size) const {
  ARROW_ASSIGN_OR_RAISE(auto reader, source_->TakeReader());
  return std::make_unique<StreamReader>(source_, std::move(reader), columns_, morsel_size);
}

}  // namespace skipjack
