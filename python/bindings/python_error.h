// A Python exception carried through the engine inside an arrow::Status, so a UDF's
// own exception (with the user's traceback) reaches the caller of collect() unchanged.

#pragma once

#include <arrow/status.h>
#include <nanobind/nanobind.h>

namespace skipjack::python {

/// The Status for the Python exception being handled (call inside a catch of
/// nb::python_error, holding the GIL).
arrow::Status StatusFromPythonError(nanobind::python_error& error);

/// The exception a Status carries, or an empty object.
nanobind::object CarriedPythonException(const arrow::Status& status);

}  // namespace skipjack::python
