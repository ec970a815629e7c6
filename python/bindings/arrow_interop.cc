#include "arrow_interop.h"

#include <arrow/array.h>
#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>

#include "errors.h"

namespace nb = nanobind;

namespace skipjack::python {
namespace {

template <typename T>
T* CapsulePointer(nb::handle capsule, const char* name) {
  void* pointer = PyCapsule_GetPointer(capsule.ptr(), name);
  if (!pointer) throw nb::python_error();
  return static_cast<T*>(pointer);
}

nb::object CallDunder(nb::handle obj, const char* method, const char* what) {
  if (!nb::hasattr(obj, method)) {
    throw nb::type_error((std::string("expected an object supporting the Arrow PyCapsule "
                                      "interface (") + method + ") for " + what + ", got " +
                          nb::type_name(obj.type()).c_str())
                             .c_str());
  }
  return obj.attr(method)();
}

void ReleaseSchemaCapsule(void* pointer) noexcept {
  auto* schema = static_cast<ArrowSchema*>(pointer);
  if (schema->release) schema->release(schema);
  delete schema;
}

void ReleaseArrayCapsule(void* pointer) noexcept {
  auto* array = static_cast<ArrowArray*>(pointer);
  if (array->release) array->release(array);
  delete array;
}

// A batch on its way to Python; pyarrow pulls it with __arrow_c_array__.
struct BatchExport {
  std::shared_ptr<arrow::RecordBatch> batch;
};

struct SchemaExport {
  std::shared_ptr<arrow::Schema> schema;
};

nb::capsule SchemaCapsule(const arrow::Schema& schema) {
  auto* c_schema = new ArrowSchema();
  auto status = arrow::ExportSchema(schema, c_schema);
  if (!status.ok()) {
    delete c_schema;
    ThrowStatus(status);
  }
  return nb::capsule(c_schema, "arrow_schema", &ReleaseSchemaCapsule);
}

}  // namespace

std::shared_ptr<arrow::RecordBatchReader> ImportStream(nb::handle obj) {
  nb::object capsule = CallDunder(obj, "__arrow_c_stream__", "a table or stream");
  auto* stream = CapsulePointer<ArrowArrayStream>(capsule, "arrow_array_stream");
  return ValueOrThrow(arrow::ImportRecordBatchReader(stream));
}

std::shared_ptr<arrow::DataType> ImportType(nb::handle obj) {
  nb::object capsule = CallDunder(obj, "__arrow_c_schema__", "a data type");
  return ValueOrThrow(arrow::ImportType(CapsulePointer<ArrowSchema>(capsule, "arrow_schema")));
}

std::shared_ptr<arrow::Schema> ImportSchema(nb::handle obj) {
  nb::object capsule = CallDunder(obj, "__arrow_c_schema__", "a schema");
  return ValueOrThrow(
      arrow::ImportSchema(CapsulePointer<ArrowSchema>(capsule, "arrow_schema")));
}

std::shared_ptr<arrow::Scalar> ImportScalar(nb::handle obj) {
  nb::object capsules = CallDunder(obj, "__arrow_c_array__", "a literal");
  nb::tuple pair = nb::cast<nb::tuple>(capsules);
  auto* schema = CapsulePointer<ArrowSchema>(pair[0], "arrow_schema");
  auto* array = CapsulePointer<ArrowArray>(pair[1], "arrow_array");
  auto imported = ValueOrThrow(arrow::ImportArray(array, schema));
  if (imported->length() != 1) {
    throw nb::value_error("a literal must be a one-element array");
  }
  return ValueOrThrow(imported->GetScalar(0));
}

std::shared_ptr<arrow::Array> ImportArray(nb::handle obj) {
  nb::object capsules = CallDunder(obj, "__arrow_c_array__", "an array");
  nb::tuple pair = nb::cast<nb::tuple>(capsules);
  auto* schema = CapsulePointer<ArrowSchema>(pair[0], "arrow_schema");
  auto* array = CapsulePointer<ArrowArray>(pair[1], "arrow_array");
  return ValueOrThrow(arrow::ImportArray(array, schema));
}

nb::object ExportBatch(std::shared_ptr<arrow::RecordBatch> batch) {
  return nb::cast(BatchExport{std::move(batch)});
}

nb::object ExportSchema(std::shared_ptr<arrow::Schema> schema) {
  return nb::cast(SchemaExport{std::move(schema)});
}

void BindArrowExport(nb::module_& m) {
  nb::class_<BatchExport>(m, "_BatchExport")
      .def("__arrow_c_schema__",
           [](const BatchExport& self) { return SchemaCapsule(*self.batch->schema()); })
      .def(
          "__arrow_c_array__",
          [](const BatchExport& self, nb::object requested_schema) {
            auto* c_schema = new ArrowSchema();
            auto* c_array = new ArrowArray();
            auto status = arrow::ExportRecordBatch(*self.batch, c_array, c_schema);
            if (!status.ok()) {
              delete c_schema;
              delete c_array;
              ThrowStatus(status);
            }
            return nb::make_tuple(nb::capsule(c_schema, "arrow_schema", &ReleaseSchemaCapsule),
                                  nb::capsule(c_array, "arrow_array", &ReleaseArrayCapsule));
          },
          nb::arg("requested_schema") = nb::none())
      .def_prop_ro("num_rows", [](const BatchExport& self) { return self.batch->num_rows(); });

  nb::class_<SchemaExport>(m, "_SchemaExport")
      .def("__arrow_c_schema__",
           [](const SchemaExport& self) { return SchemaCapsule(*self.schema); });
}

}  // namespace skipjack::python
