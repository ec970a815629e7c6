#include "skipjack/io/external_source.h"

#include <atomic>
#include <deque>

#include "skipjack/types/display_name.h"
#include "skipjack/types/kernel_type.h"

namespace skipjack {
namespace {

class ExternalReader final : public MorselReader {
 public:
  ExternalReader(std::shared_ptr<arrow::RecordBatchReader> reader,
                 std::shared_ptr<arrow::Schema> schema, MorselSize morsel_size)
      : reader_(std::move(reader)), schema_(std::move(schema)), morsel_size_(morsel_size) {}

  bool blocking() const override { return pending_.empty(); }
  int64_t rows_consumed() const override { return rows_.load(); }

  arrow::Result<std::optional<Item>> Next(const TaskContext& ctx) override {
    while (pending_.empty()) {
      std::shared_ptr<arrow::RecordBatch> batch;
      ARROW_RETURN_NOT_OK(reader_->ReadNext(&batch));
      if (!batch) return std::nullopt;
      rows_ += batch->num_rows();
      ARROW_ASSIGN_OR_RAISE(batch, ConformBatch(batch, schema_, ctx.exec));
      for (auto& piece : SplitMorsel(MakeMorsel(std::move(batch)), morsel_size_)) {
        pending_.push_back(std::move(piece));
      }
    }
    Item item{next_seq_++, std::move(pending_.front())};
    pending_.pop_front();
    return item;
  }

 private:
  std::shared_ptr<arrow::RecordBatchReader> reader_;
  std::shared_ptr<arrow::Schema> schema_;
  MorselSize morsel_size_;
  std::deque<Morsel> pending_;
  uint64_t next_seq_ = 0;
  std::atomic<int64_t> rows_{0};
};

}  // namespace

ExternalSourceInfo::ExternalSourceInfo(std::string format, std::string location,
                                       std::shared_ptr<arrow::Schema> schema, int64_t num_rows,
                                       std::shared_ptr<const ExternalScanner> scanner)
    : format_(std::move(format)),
      location_(std::move(location)),
      schema_(KernelSchema(*schema)),
      num_rows_(num_rows),
      scanner_(std::move(scanner)) {}

std::vector<std::string> ExternalSourceInfo::DisplayLines() const {
  std::vector<std::string> lines = {format_ + " = " + location_,
                                    "Output schema = " + SchemaToPlanString(*schema_)};
  if (num_rows_ >= 0) lines.push_back("Num rows = " + std::to_string(num_rows_));
  return lines;
}

ExternalScan::ExternalScan(std::shared_ptr<const ExternalSourceInfo> source,
                           std::shared_ptr<arrow::Schema> output_schema,
                           std::optional<std::vector<std::string>> columns,
                           std::optional<int64_t> limit)
    : SourceOperator({}, std::move(output_schema)),
      source_(std::move(source)),
      columns_(std::move(columns)),
      limit_(limit) {}

std::vector<std::string> ExternalScan::Details() const {
  std::vector<std::string> lines;
  if (columns_) {
    std::string names;
    for (const auto& name : *columns_) names += (names.empty() ? "" : ", ") + name;
    lines.push_back("Projection pushdown = [" + names + "]");
  }
  if (limit_) lines.push_back("Limit pushdown = " + std::to_string(*limit_));
  lines.push_back("Schema = " + SchemaToPlanString(*output_schema()));
  return lines;
}

int64_t ExternalScan::EstimatedRows() const {
  const int64_t rows = source_->num_rows();
  if (rows >= 0 && limit_) return std::min(rows, *limit_);
  return rows;
}

arrow::Result<std::unique_ptr<MorselReader>> ExternalScan::Open(const TaskContext&,
                                                                const MorselSize& morsel_size) const {
  ARROW_ASSIGN_OR_RAISE(auto reader, source_->scanner().Open(columns_, limit_));
  return std::make_unique<ExternalReader>(std::move(reader), output_schema(), morsel_size);
}

}  // namespace skipjack
