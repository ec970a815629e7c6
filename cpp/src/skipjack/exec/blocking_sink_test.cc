// The blocking-sink path of the executor: parallel Sink into per-slot states, one
// Finalize, then the result streamed through a MorselReader under backpressure.

#include <atomic>
#include <mutex>

#include <arrow/array/builder_primitive.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <gtest/gtest.h>

#include "skipjack/exec/in_memory_scan.h"
#include "skipjack/exec/query_execution.h"
#include "skipjack/testing/gtest_util.h"

namespace skipjack {
namespace {

std::shared_ptr<arrow::RecordBatch> Range(int64_t start, int64_t count) {
  arrow::Int64Builder builder;
  for (int64_t i = start; i < start + count; ++i) EXPECT_TRUE(builder.Append(i).ok());
  return arrow::RecordBatch::Make(arrow::schema({arrow::field("x", arrow::int64())}), count,
                                  {builder.Finish().ValueOrDie()});
}

// Collects every morsel, then emits them in reverse order: only correct if it really
// saw all input before emitting anything.
class ReverseSink final : public BlockingSinkOperator {
 public:
  explicit ReverseSink(PhysicalOperatorPtr input)
      : BlockingSinkOperator({input}, input->output_schema()) {}

  std::string name() const override { return "Reverse"; }
  std::atomic<int> states_made{0};
  std::atomic<int> finalized{0};

  struct State final : OperatorState {
    std::vector<Morsel> morsels;
  };

  arrow::Result<std::unique_ptr<OperatorState>> MakeState(const TaskContext&) const override {
    ++const_cast<ReverseSink*>(this)->states_made;
    return std::make_unique<State>();
  }

  arrow::Status Sink(Morsel input, OperatorState* state, const TaskContext&) const override {
    static_cast<State*>(state)->morsels.push_back(std::move(input));
    return arrow::Status::OK();
  }

  arrow::Result<std::unique_ptr<MorselReader>> Finalize(
      std::vector<std::unique_ptr<OperatorState>> states, const TaskContext&,
      const MorselSize&) const override {
    ++const_cast<ReverseSink*>(this)->finalized;
    std::vector<Morsel> all;
    for (auto& state : states) {
      for (auto& morsel : static_cast<State&>(*state).morsels) all.push_back(std::move(morsel));
    }
    std::sort(all.begin(), all.end(), [](const Morsel& a, const Morsel& b) {
      return FirstValue(a) > FirstValue(b);
    });
    return std::make_unique<VectorReader>(std::move(all));
  }

 private:
  static int64_t FirstValue(const Morsel& morsel) {
    return std::static_pointer_cast<arrow::Int64Array>(morsel.batch->column(0))->Value(0);
  }

  class VectorReader final : public MorselReader {
   public:
    explicit VectorReader(std::vector<Morsel> morsels) : morsels_(std::move(morsels)) {}
    arrow::Result<std::optional<Item>> Next(const TaskContext&) override {
      std::lock_guard<std::mutex> lock(mu_);
      if (next_ >= morsels_.size()) return std::nullopt;
      const uint64_t seq = next_;
      return Item{seq, std::move(morsels_[next_++])};
    }

   private:
    std::mutex mu_;
    std::vector<Morsel> morsels_;
    size_t next_ = 0;
  };
};

TEST(BlockingSinkTest, ConsumesEverythingThenStreamsTheResult) {
  for (int threads : {1, 2}) {
    auto batch = Range(0, 10000);
    auto info = std::make_shared<InMemorySourceInfo>(batch->schema(),
                                                     std::vector<std::shared_ptr<arrow::RecordBatch>>{batch});
    auto scan = std::make_shared<InMemoryScan>(info, batch->schema(), std::nullopt, nullptr, "",
                                               std::nullopt);
    auto sink = std::make_shared<ReverseSink>(scan);
    ExecutionConfig config;
    config.num_threads = threads;
    config.morsel_max_rows = 100;
    ASSERT_OK_AND_ASSIGN(auto query, QueryExecution::Start(sink, config));
    std::vector<int64_t> firsts;
    int64_t rows = 0;
    for (;;) {
      ASSERT_OK_AND_ASSIGN(auto next, query->Next(std::chrono::milliseconds(1000)));
      if (next.status == QueryExecution::NextStatus::kEnd) break;
      if (!next.batch) continue;
      rows += next.batch->num_rows();
      firsts.push_back(std::static_pointer_cast<arrow::Int64Array>(next.batch->column(0))->Value(0));
    }
    EXPECT_EQ(rows, 10000);
    ASSERT_EQ(firsts.size(), 100u);
    for (size_t i = 0; i < firsts.size(); ++i) {
      EXPECT_EQ(firsts[i], static_cast<int64_t>(9900 - 100 * i));
    }
    EXPECT_EQ(sink->finalized.load(), 1);
    EXPECT_LE(sink->states_made.load(), threads);
  }
}

}  // namespace
}  // namespace skipjack
