#include "errors.h"

#include <nanobind/nanobind.h>

#include "python_error.h"
#include "skipjack/common/error_detail.h"

namespace nb = nanobind;

namespace skipjack::python {
namespace {

// Exception classes by status code; see skipjack/exceptions.py.
const char* ExceptionName(const arrow::Status& status) {
  if (const auto* detail = GetErrorDetail(status)) {
    switch (detail->kind()) {
      case ErrorKind::kColumnNotFound:
        return "ColumnNotFoundError";
      case ErrorKind::kFileNotFound:
        return "SkipjackFileNotFoundError";
    }
  }
  switch (status.code()) {
    case arrow::StatusCode::Invalid:
      return "InvalidError";
    case arrow::StatusCode::TypeError:
      return "DataTypeError";
    case arrow::StatusCode::KeyError:
      return "SkipjackKeyError";
    case arrow::StatusCode::IndexError:
      return "SkipjackIndexError";
    case arrow::StatusCode::IOError:
      return "SkipjackIOError";
    case arrow::StatusCode::OutOfMemory:
      return "SkipjackMemoryError";
    case arrow::StatusCode::NotImplemented:
      return "SkipjackNotImplementedError";
    case arrow::StatusCode::Cancelled:
      return "CancelledError";
    default:
      return "ComputeError";
  }
}

}  // namespace

void ThrowStatus(const arrow::Status& status) {
  nb::gil_scoped_acquire gil;
  if (nb::object exception = CarriedPythonException(status); exception.is_valid()) {
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exception.ptr())), exception.ptr());
    throw nb::python_error();
  }
  nb::object module = nb::module_::import_("skipjack.exceptions");
  nb::object cls = module.attr(ExceptionName(status));
  PyErr_SetString(cls.ptr(), status.message().c_str());
  throw nb::python_error();
}

}  // namespace skipjack::python
