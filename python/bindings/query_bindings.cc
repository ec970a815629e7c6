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

// A running query as an arrow::RecordBatchReader, so it can leave as an Arrow C stream
// (zero copy, no Python in the loop) for consumers such as pyarrow, polars or duckdb.
class QueryReader final : public arrow::RecordBatchReader {
 public:
  explicit QueryReader(std::unique_ptr<QueryExecution> query) : query_(std::move(query)) {}

  ~QueryReader() override {
    // Closing waits for worker tasks, which may need the GIL (Python-backed sources).
    if (PyGILState_Check()) {
      nb::gil_scoped_release release;
      query_.reset();
    } else {
      query_.reset();
    }
  }

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
  auto reader = std::make_shared<QueryReader>(std::move(query_));
  auto* stream = new ArrowArrayStream();
  auto status = arrow::ExportRecordBatchReader(std::move(reader), stream);
  if (!status.ok()) {
    delete stream;
    ThrowStatus(status);
  }
  return nb::capsule(stream, "arrow_array_stream", &ReleaseStreamCapsule);
}

PyQuery::~PyQuery() {
  if (!query_) return;
  if (InterpreterIsFinalizing()) {
    // Threads cannot take the GIL any more; cancel without waiting for them.
    query_->Cancel();
    query_.release();
    return;
  }
  nb::gil_scoped_release release;
  query_.reset();
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
  if (query_) query_->Cancel();
}

void PyQuery::Close() {
  if (!query_) return;
  nb::gil_scoped_release release;
  query_->Close();
}

nb::dict PyQuery::Progress() const {
  const QueryProgress progress = query().progress();
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

nb::object PyQuery::Schema() const { return ExportSchema(query().schema()); }

PyQuery* StartQuery(PhysicalOperatorPtr physical, const ExecutionConfig& config) {
  arrow::Result<std::unique_ptr<QueryExecution>> query;
  {
    nb::gil_scoped_release release;
    query = QueryExecution::Start(std::move(physical), config);
  }
  return new PyQuery(ValueOrThrow(std::move(query)));
}

void BindQueries(nb::module_& m) {
  nb::class_<PyQuery>(m, "Query")
      .def("next_batch", &PyQuery::NextBatch, nb::arg("timeout_ms"))
      .def("cancel", &PyQuery::Cancel)
      .def("close", &PyQuery::Close)
      .def("progress", &PyQuery::Progress)
      .def("memory", &PyQuery::Memory)
      .def("schema", &PyQuery::Schema)
      .def(
          "__arrow_c_stream__",
          [](PyQuery& self, nb::object requested_schema) { return self.ExportStream(); },
          nb::arg("requested_schema") = nb::none(),
          "Hands the rest of the query over as an Arrow C stream (the Query is then spent).");
}

}  // namespace skipjack::python
