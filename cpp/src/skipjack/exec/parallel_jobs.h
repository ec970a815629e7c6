// File: parallel_jobs.h
//
// Independent pieces of one task's work run on idle CPU workers as well as on the
// task's own thread: a join build's index and its payload columns, say, which would
// otherwise leave the other cores idle while one thread finishes the build.
//
//   std::vector<ParallelJob> jobs;
//   jobs.push_back([&] { return BuildIndex(); });
//   for (int c = 0; c < n; ++c) jobs.push_back([&, c] { return ConcatColumn(c); });
//   ARROW_RETURN_NOT_OK(RunParallelJobs(std::move(jobs), ctx.workers));

#pragma once

#include <functional>
#include <vector>

#include <arrow/status.h>

namespace skipjack {

class WorkerPool;

using ParallelJob = std::function<arrow::Status()>;

/// Runs every job once, in list order of starting (longest first is best), on the
/// calling thread and on up to num_threads - 1 workers of `pool` (null: all on the
/// calling thread). The caller works too, so this waits only for jobs that a worker
/// has already begun, never for a worker busy with other tasks: safe to call from a
/// task running on `pool`. Returns the first error; the other jobs still run.
arrow::Status RunParallelJobs(std::vector<ParallelJob> jobs, WorkerPool* pool);

}  // namespace skipjack
