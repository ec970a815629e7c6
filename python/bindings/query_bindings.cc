#include <mutex>
#include <set>

#include <nanobind/stl/string.h>

#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>
#include <arrow/record_batch.h>

#include "arrow_interop.h"
#include "bindings.h"
#include "errors.h"
#include "query_handle.h"

namespace nb = nanobind;

namespace skipjack::python {
namespace {

bool InterpreterIsFinalizing() {
#if PY_VERSION_HEX >= 0x030D0000
  return Py_IsFinalizing();
#else
  return _Py_IsFinalizing();
#endif
}

std::mutex& LiveQueriesMutex() {
  static auto* mu = new std::mutex();
  return *mu;
}

std::set<QueryExecution*>& LiveQueries() {
  static auto* queries = new std::set<QueryExecution*>();
  return *queries;
}

// Destroys a query: Close() waits for worker tasks, which may need the GIL.
void DestroyQuery(std::unique_ptr<QueryExecution> query) {
  if (!query) return;
  UnregisterLiveQuery(query.get());
  if (InterpreterIsFinalizing()) {
    // Workers can no longer take the GIL: stop them and leave the rest to the OS.
    query->Cancel();
    query.release();
    return;
  }
  if (PyGILState_Check()) {
    nb::gil_scoped_release release;
    query.reset();
  } else {
    query.reset();
  }
}

// True (and the query cancelled) if the user pressed Ctrl-C while a consumer outside
// Python waited for this query.
bool InterruptedByUser(QueryExecution* query) {
  if (InterpreterIsFinalizing()) return false;
  nb::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() == 0) return false;
  PyErr_Clear();
  query->Cancel();
  return true;
}

// A running query as an arrow::RecordBatchReader, so it can leave as an Arrow C stream
// (zero copy, no Python in the loop) for consumers such as pyarrow, polars or duckdb.
class QueryReader final : public arrow::RecordBatchReader {
 public:
  explicit QueryReader(std::unique_ptr<QueryExecution> query) : query_(std::move(query)) {}

  ~QueryReader() override { DestroyQuery(std::move(query_)); }

  std::shared_ptr<arrow::Schema> schema() const override { return query_->schema(); }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* batch) override {
    for (;;) {
      ARROW_ASSIGN_OR_RAISE(auto next, query_->Next(std::chrono::milliseconds(1000)));
      switch (next.status) {
        case QueryExecution::NextStatus::kBatch:
          *batch = std::move(next.batch);
          return arrow::Status::OK();
        case QueryExecution::NextStatus::kEnd:
          batch->reset();
          return arrow::Status::OK();
        case QueryExecution::NextStatus::kTimeout:
          if (InterruptedByUser(query_.get())) {
            return arrow::Status::Cancelled("Interrupted by the user (Ctrl-C)");
          }
          break;
      }
    }
  }

  arrow::Status Close() override {
    query_->Close();
    return arrow::Status::OK();
  }

 private:
  std::unique_ptr<QueryExecution> query_;
};

void ReleaseStreamCapsule(void* pointer) noexcept {
  auto* stream = static_cast<ArrowArrayStream*>(pointer);
  if (stream->release) stream->release(stream);
  delete stream;
}

}  // namespace

nb::capsule PyQuery::ExportStream() {
  if (!query_) throw nb::value_error("the query was closed or already exported");
  auto reader = std::make_shared<QueryReader>(std::move(query_));  // stays registered
  auto* stream = new ArrowArrayStream();
  auto status = arrow::ExportRecordBatchReader(std::move(reader), stream);
  if (!status.ok()) {
    delete stream;
    ThrowStatus(status);
  }
  return nb::capsule(stream, "arrow_array_stream", &ReleaseStreamCapsule);
}

PyQuery::~PyQuery() { DestroyQuery(std::move(query_)); }

void RegisterLiveQuery(QueryExecution* query) {
  std::lock_guard<std::mutex> lock(LiveQueriesMutex());
  LiveQueries().insert(query);
}

void UnregisterLiveQuery(QueryExecution* query) {
  std::lock_guard<std::mutex> lock(LiveQueriesMutex());
  LiveQueries().erase(query);
}

void CloseAllQueries() {
  std::vector<QueryExecution*> queries;
  {
    std::lock_guard<std::mutex> lock(LiveQueriesMutex());
    queries.assign(LiveQueries().begin(), LiveQueries().end());
  }
  nb::gil_scoped_release release;
  for (QueryExecution* query : queries) query->Close();
}

QueryExecution& PyQuery::query() const {
  if (!query_) throw nb::value_error("the query was closed");
  return *query_;
}

nb::tuple PyQuery::NextBatch(int timeout_ms) {
  arrow::Result<QueryExecution::NextResult> next;
  {
    nb::gil_scoped_release release;
    next = query().Next(std::chrono::milliseconds(timeout_ms));
  }
  auto result = ValueOrThrow(std::move(next));
  switch (result.status) {
    case QueryExecution::NextStatus::kBatch:
      return nb::make_tuple("batch", ExportBatch(std::move(result.batch)));
    case QueryExecution::NextStatus::kEnd:
      return nb::make_tuple("end", nb::none());
    case QueryExecution::NextStatus::kTimeout:
      return nb::make_tuple("timeout", nb::none());
  }
  return nb::make_tuple("end", nb::none());
}

void PyQuery::Cancel() {
  if (!query_) return;
  nb::gil_scoped_release release;  // the scheduler lock is never taken holding the GIL
  query_->Cancel();
}

void PyQuery::Close() {
  if (!query_) return;
  nb::gil_scoped_release release;
  query_->Close();
}

nb::dict PyQuery::Progress() const {
  QueryProgress progress;
  {
    QueryExecution& running = query();
    nb::gil_scoped_release release;
    progress = running.progress();
  }
  nb::dict out;
  out["rows_read"] = progress.rows_read;
  out["rows_expected"] = progress.rows_expected;
  out["rows_emitted"] = progress.rows_emitted;
  out["done"] = progress.done;
  return out;
}

nb::dict PyQuery::Memory() const {
  const MemoryTracker& memory = query().memory();
  nb::dict out;
  out["buffered_bytes"] = memory.buffered_bytes();
  out["peak_buffered_bytes"] = memory.peak_buffered_bytes();
  out["allocated_bytes"] = memory.allocated_bytes();
  out["peak_allocated_bytes"] = memory.peak_allocated_bytes();
  return out;
}

nb::list PyQuery::OperatorStats() const {
  nb::list out;
  for (const auto& stats : query().operator_stats()) {
    nb::dict entry;
    entry["name"] = stats.name;
    entry["depth"] = stats.depth;
    entry["cpu_seconds"] = stats.cpu_seconds;
    entry["rows_out"] = stats.rows_out;
    out.append(entry);
  }
  return out;
}

nb::object PyQuery::Schema() const { return ExportSchema(query().schema()); }

PyQuery* StartQuery(PhysicalOperatorPtr physical, const ExecutionConfig& config) {
  arrow::Result<std::unique_ptr<QueryExecution>> query;
  {
    nb::gil_scoped_release release;
    query = QueryExecution::Start(std::move(physical), config);
  }
  auto handle = ValueOrThrow(std::move(query));
  RegisterLiveQuery(handle.get());
  return new PyQuery(std::move(handle));
}

void BindQueries(nb::module_& m) {
  m.def("close_all_queries", &CloseAllQueries,
        "Stops every running query; called from an atexit hook before finalization.");
  nb::class_<PyQuery>(m, "Query")
      .def("next_batch", &PyQuery::NextBatch, nb::arg("timeout_ms"))
      .def("cancel", &PyQuery::Cancel)
      .def("close", &PyQuery::Close)
      .def("progress", &PyQuery::Progress)
      .def("operator_stats", &PyQuery::OperatorStats)
      .def("memory", &PyQuery::Memory)
      .def("schema", &PyQuery::Schema)
      .def(
          "__arrow_c_stream__",
          [](PyQuery& self, nb::object requested_schema) { return self.ExportStream(); },
          nb::arg("requested_schema") = nb::none(),
          "Hands the rest of the query over as an Arrow C stream (the Query is then spent).");
}

}  // namespace skipjack::python
