// Moving Arrow data between Python and the engine through the Arrow C data interface
// (PyCapsules). Nothing is copied: pyarrow and the engine share the same libarrow.

#pragma once

#include <memory>

#include <arrow/type_fwd.h>
#include <nanobind/nanobind.h>

namespace skipjack::python {

/// Imports any object with __arrow_c_stream__ (pyarrow Table, RecordBatchReader,
/// polars/duckdb results, ...) as a reader.
std::shared_ptr<arrow::RecordBatchReader> ImportStream(nanobind::handle obj);

/// Imports a data type from an object with __arrow_c_schema__ (e.g. pyarrow.DataType).
std::shared_ptr<arrow::DataType> ImportType(nanobind::handle obj);

/// Imports a schema from an object with __arrow_c_schema__ (e.g. pyarrow.Schema).
std::shared_ptr<arrow::Schema> ImportSchema(nanobind::handle obj);

/// Imports element 0 of an object with __arrow_c_array__ as a scalar (literals travel
/// as one-element arrays).
std::shared_ptr<arrow::Scalar> ImportScalar(nanobind::handle obj);

/// Imports an object with __arrow_c_array__ (e.g. pyarrow.Array) without copying.
std::shared_ptr<arrow::Array> ImportArray(nanobind::handle obj);

/// Registers the exporter classes (objects with __arrow_c_schema__/__arrow_c_array__).
void BindArrowExport(nanobind::module_& m);

/// Wraps a batch in an object pyarrow accepts: pa.record_batch(obj).
nanobind::object ExportBatch(std::shared_ptr<arrow::RecordBatch> batch);

/// Wraps a schema in an object pyarrow accepts: pa.schema(obj).
nanobind::object ExportSchema(std::shared_ptr<arrow::Schema> schema);

}  // namespace skipjack::python
