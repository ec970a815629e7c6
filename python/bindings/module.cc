// The native module skipjack._core. Python reaches the engine only through it.

#include <nanobind/nanobind.h>

#include "arrow_interop.h"
#include "bindings.h"
#include "errors.h"
#include "skipjack/common/initialize.h"

#include <arrow/util/config.h>

namespace nb = nanobind;

NB_MODULE(_core, m) {
  m.doc() = "Skipjack's native engine (C++ on Arrow).";
  // Objects held by user globals at shutdown (an unfinished iterator, a DataFrame) are
  // still alive when the interpreter finalizes; that is not a leak worth reporting.
  nb::set_leak_warnings(false);
  // The version of the Arrow headers this module was compiled against; skipjack's
  // __init__ compares it with the installed pyarrow before importing us.
  m.attr("ARROW_VERSION") = nb::make_tuple(ARROW_VERSION_MAJOR, ARROW_VERSION_MINOR);
  skipjack::python::ThrowIfError(skipjack::InitializeEngine());
  skipjack::python::BindArrowExport(m);
  skipjack::python::BindTypes(m);
  skipjack::python::BindExpressions(m);
  skipjack::python::BindPlans(m);
  skipjack::python::BindIO(m);
  skipjack::python::BindQueries(m);
  skipjack::python::BindUdfs(m);
  skipjack::python::BindBenchmarks(m);
}
