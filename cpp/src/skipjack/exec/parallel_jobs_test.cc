#include "skipjack/exec/parallel_jobs.h"

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "skipjack/exec/worker_pool.h"

namespace skipjack {
namespace {

std::vector<ParallelJob> CountingJobs(int n, std::vector<std::atomic<int>>* runs,
                                      std::mutex* mu, std::set<std::thread::id>* threads) {
  std::vector<ParallelJob> jobs;
  for (int j = 0; j < n; ++j) {
    jobs.push_back([j, runs, mu, threads] {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      ++(*runs)[j];
      std::lock_guard<std::mutex> lock(*mu);
      threads->insert(std::this_thread::get_id());
      return arrow::Status::OK();
    });
  }
  return jobs;
}

TEST(RunParallelJobs, EveryJobOnceOnCallerAndWorkers) {
  WorkerPool pool(3);
  std::vector<std::atomic<int>> runs(40);
  std::mutex mu;
  std::set<std::thread::id> threads;
  ASSERT_TRUE(RunParallelJobs(CountingJobs(40, &runs, &mu, &threads), &pool).ok());
  for (const auto& count : runs) EXPECT_EQ(count.load(), 1);
  EXPECT_TRUE(threads.count(std::this_thread::get_id()));  // the caller works too
  EXPECT_GT(threads.size(), 1u);
}

TEST(RunParallelJobs, WithoutPoolAllOnCaller) {
  std::vector<std::atomic<int>> runs(5);
  std::mutex mu;
  std::set<std::thread::id> threads;
  ASSERT_TRUE(RunParallelJobs(CountingJobs(5, &runs, &mu, &threads), nullptr).ok());
  for (const auto& count : runs) EXPECT_EQ(count.load(), 1);
  EXPECT_EQ(threads, std::set<std::thread::id>{std::this_thread::get_id()});
  EXPECT_TRUE(RunParallelJobs({}, nullptr).ok());
}

TEST(RunParallelJobs, FirstErrorAndTheRestStillRun) {
  WorkerPool pool(2);
  std::atomic<int> ran{0};
  std::vector<ParallelJob> jobs;
  jobs.push_back([&] { ++ran; return arrow::Status::Invalid("first"); });
  for (int j = 0; j < 6; ++j) jobs.push_back([&] { ++ran; return arrow::Status::OK(); });
  const auto status = RunParallelJobs(std::move(jobs), &pool);
  EXPECT_TRUE(status.IsInvalid());
  EXPECT_EQ(status.message(), "first");
  EXPECT_EQ(ran.load(), 7);
}

// Called from a task on a pool whose other worker is blocked: the caller must finish
// every job itself instead of waiting for a helper that cannot start.
TEST(RunParallelJobs, NoDeadlockWhenEveryOtherWorkerIsBusy) {
  WorkerPool pool(2);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> blocker_started;
  pool.Submit([&] {
    blocker_started.set_value();
    released.wait();
  });
  blocker_started.get_future().wait();
  std::promise<arrow::Status> result;
  std::atomic<int> ran{0};
  pool.Submit([&] {
    std::vector<ParallelJob> jobs;
    for (int j = 0; j < 4; ++j) jobs.push_back([&] { ++ran; return arrow::Status::OK(); });
    result.set_value(RunParallelJobs(std::move(jobs), &pool));
  });
  auto done = result.get_future();
  ASSERT_EQ(done.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(done.get().ok());
  EXPECT_EQ(ran.load(), 4);
  release.set_value();  // the helper queued behind the blocker then finds no job left
}

}  // namespace
}  // namespace skipjack
