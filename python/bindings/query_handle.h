// skipjack._core.Query: a running query as Python sees it. Every wait releases the
// GIL (worker tasks may need it for Python-backed data), and closing the handle waits
// for the query's tasks with the GIL released, so no thread can deadlock on it.

#pragma once

#include <memory>

#include <nanobind/nanobind.h>

#include "skipjack/exec/query_execution.h"

namespace skipjack::python {

class PyQuery {
 public:
  explicit PyQuery(std::unique_ptr<QueryExecution> query) : query_(std::move(query)) {}
  ~PyQuery();

  /// Returns ("batch", exported batch), ("end", None) or ("timeout", None).
  nanobind::tuple NextBatch(int timeout_ms);
  void Cancel();
  void Close();
  nanobind::dict Progress() const;
  nanobind::dict Memory() const;
  nanobind::list OperatorStats() const;
  nanobind::object Schema() const;
  /// Moves the query into an exported ArrowArrayStream capsule.
  nanobind::capsule ExportStream();

 private:
  QueryExecution& query() const;

  std::unique_ptr<QueryExecution> query_;
};

PyQuery* StartQuery(PhysicalOperatorPtr physical, const ExecutionConfig& config);

/// Every query Python can still reach (handles and exported streams) registers here, so
/// that an atexit hook can stop them all before the interpreter finalizes: a worker must
/// never be inside Python code while the interpreter shuts down.
void RegisterLiveQuery(QueryExecution* query);
void UnregisterLiveQuery(QueryExecution* query);
/// Cancels and closes every registered query (call with the GIL held).
void CloseAllQueries();

}  // namespace skipjack::python
