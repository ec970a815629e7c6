#include "skipjack/exec/query_execution.h"

#include <algorithm>
#include <atomic>

#include <arrow/array/builder_primitive.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <arrow/table.h>
#include <arrow/type.h>
#include <gtest/gtest.h>

#include "skipjack/exec/physical_planner.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_limit.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/logical_source.h"
#include "skipjack/plan/optimizer/optimizer.h"
#include "skipjack/testing/gtest_util.h"

namespace skipjack {
namespace {

ExprPtr Int(int64_t value) { return Lit(arrow::MakeScalar(value)); }

std::shared_ptr<arrow::RecordBatch> Range(int64_t start, int64_t count) {
  arrow::Int64Builder builder;
  for (int64_t i = start; i < start + count; ++i) EXPECT_TRUE(builder.Append(i).ok());
  auto schema = arrow::schema({arrow::field("x", arrow::int64())});
  return arrow::RecordBatch::Make(schema, count, {builder.Finish().ValueOrDie()});
}

LogicalPlanPtr RangeSource(int64_t rows, int64_t per_batch) {
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
  for (int64_t start = 0; start < rows; start += per_batch) {
    batches.push_back(Range(start, std::min(per_batch, rows - start)));
  }
  auto info = std::make_shared<InMemorySourceInfo>(batches[0]->schema(), batches);
  return LogicalSource::Make(info).ValueOrDie();
}

// Runs the plan to completion and returns every result row of column 0.
std::vector<int64_t> RunToEnd(const LogicalPlanPtr& plan, ExecutionConfig config) {
  auto optimized = Optimize(plan).ValueOrDie();
  auto physical = PlanPhysical(optimized).ValueOrDie();
  auto query = QueryExecution::Start(physical, config).ValueOrDie();
  std::vector<int64_t> values;
  for (;;) {
    auto next = query->Next(std::chrono::milliseconds(1000));
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    if (!next.ok() || next->status == QueryExecution::NextStatus::kEnd) break;
    if (next->status == QueryExecution::NextStatus::kTimeout) continue;
    auto column = std::static_pointer_cast<arrow::Int64Array>(next->batch->column(0));
    for (int64_t i = 0; i < column->length(); ++i) values.push_back(column->Value(i));
  }
  return values;
}

class QueryExecutionTest : public ::testing::TestWithParam<std::tuple<int, int64_t>> {
 protected:
  ExecutionConfig Config() const {
    ExecutionConfig config;
    config.num_threads = std::get<0>(GetParam());
    config.morsel_max_rows = std::get<1>(GetParam());
    return config;
  }
};

TEST_P(QueryExecutionTest, ProjectFilterPreservesOrder) {
  ASSERT_OK_AND_ASSIGN(auto plan, LogicalProject::Make(RangeSource(10000, 777),
                                                       {Alias(Call("multiply", {Col("x"), Int(3)}), "y")}));
  ASSERT_OK_AND_ASSIGN(plan, LogicalFilter::Make(plan, Call("equal", {Call("modulo", {Col("y"), Int(2)}), Int(0)})));
  std::vector<int64_t> expected;
  for (int64_t x = 0; x < 10000; ++x) {
    if ((3 * x) % 2 == 0) expected.push_back(3 * x);
  }
  EXPECT_EQ(RunToEnd(plan, Config()), expected);
}

TEST_P(QueryExecutionTest, LimitReturnsExactlyTheFirstRows) {
  ASSERT_OK_AND_ASSIGN(auto plan, LogicalFilter::Make(RangeSource(100000, 1000),
                                                      Call("greater", {Col("x"), Int(50)})));
  ASSERT_OK_AND_ASSIGN(plan, LogicalLimit::Make(plan, 7));
  EXPECT_EQ(RunToEnd(plan, Config()), (std::vector<int64_t>{51, 52, 53, 54, 55, 56, 57}));
  ASSERT_OK_AND_ASSIGN(auto zero, LogicalLimit::Make(RangeSource(10, 10), 0));
  EXPECT_TRUE(RunToEnd(zero, Config()).empty());
}

// Yields batches of 1000 rows forever (or fails at batch `fail_at`), counting reads.
class EndlessReader final : public arrow::RecordBatchReader {
 public:
  explicit EndlessReader(int fail_at = -1, int end_at = -1)
      : fail_at_(fail_at), end_at_(end_at) {}
  std::shared_ptr<arrow::Schema> schema() const override { return Range(0, 1)->schema(); }
  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* batch) override {
    if (reads_ == fail_at_) return arrow::Status::IOError("disk on fire at batch ", reads_.load());
    if (reads_ == end_at_) {
      batch->reset();
      return arrow::Status::OK();
    }
    *batch = Range(1000 * reads_, 1000);
    ++reads_;
    return arrow::Status::OK();
  }
  int reads() const { return reads_; }

 private:
  int fail_at_;
  int end_at_;
  std::atomic<int> reads_{0};
};

LogicalPlanPtr StreamSource(std::shared_ptr<arrow::RecordBatchReader> reader) {
  return LogicalSource::Make(std::make_shared<ArrowStreamSourceInfo>(std::move(reader)))
      .ValueOrDie();
}

TEST_P(QueryExecutionTest, ErrorsReachTheConsumerWithTheOperatorName) {
  ASSERT_OK_AND_ASSIGN(auto plan,
                       LogicalFilter::Make(StreamSource(std::make_shared<EndlessReader>(3)),
                                           Call("greater", {Col("x"), Int(10)})));
  auto physical = PlanPhysical(Optimize(plan).ValueOrDie()).ValueOrDie();
  ASSERT_OK_AND_ASSIGN(auto query, QueryExecution::Start(physical, Config()));
  arrow::Status status;
  for (int i = 0; i < 1000 && status.ok(); ++i) {
    auto next = query->Next(std::chrono::milliseconds(1000));
    status = next.status();
    if (next.ok() && next->status == QueryExecution::NextStatus::kEnd) break;
  }
  ASSERT_TRUE(status.IsIOError()) << status.ToString();
  EXPECT_NE(status.message().find("disk on fire at batch 3"), std::string::npos);
  EXPECT_NE(status.message().find("Arrow Stream Scan"), std::string::npos);
}

TEST_P(QueryExecutionTest, LimitStopsAnEndlessStream) {
  auto reader = std::make_shared<EndlessReader>();
  ASSERT_OK_AND_ASSIGN(auto plan, LogicalLimit::Make(StreamSource(reader), 10));
  auto values = RunToEnd(plan, Config());
  EXPECT_EQ(values.size(), 10u);
  EXPECT_EQ(values[9], 9);
  // Backpressure bounds how far the source can run ahead of the limit.
  EXPECT_LT(reader->reads(), 10);
}

TEST_P(QueryExecutionTest, StreamingKeepsBufferedBytesFlat) {
  // 2,000 batches pass through; the executor may hold only a few at a time.
  auto reader = std::make_shared<EndlessReader>(/*fail_at=*/-1, /*end_at=*/2000);
  ASSERT_OK_AND_ASSIGN(auto plan, LogicalProject::Make(StreamSource(reader),
                                                       {Call("add", {Col("x"), Int(1)})}));
  auto physical = PlanPhysical(Optimize(plan).ValueOrDie()).ValueOrDie();
  ASSERT_OK_AND_ASSIGN(auto query, QueryExecution::Start(physical, Config()));
  int64_t rows = 0;
  for (;;) {
    auto next = query->Next(std::chrono::milliseconds(1000));
    ASSERT_TRUE(next.ok()) << next.status().ToString();
    if (next->status == QueryExecution::NextStatus::kEnd) break;
    if (next->batch) rows += next->batch->num_rows();
  }
  EXPECT_EQ(rows, 2000 * 1000);
  // A few morsels at most, far below the 16 MB that pass through. Small batches are
  // gathered into morsels of up to morsel_max_rows, so one morsel of the large setting
  // (131,072 rows) alone may hold 1 MB, depending on how fast the consumer reads.
  const int64_t morsel_bytes = std::get<1>(GetParam()) * 8;
  EXPECT_LT(query->memory().peak_buffered_bytes(),
            std::max<int64_t>(64 * 8 * 1000, 4 * morsel_bytes));
}

INSTANTIATE_TEST_SUITE_P(ThreadsAndMorsels, QueryExecutionTest,
                         ::testing::Combine(::testing::Values(1, 2),
                                            ::testing::Values(int64_t{7}, int64_t{1 << 17})));

}  // namespace
}  // namespace skipjack
