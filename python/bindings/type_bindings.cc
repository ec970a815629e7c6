// Type names as Daft displays them, for DataType.__repr__ and schema printing.

#include <nanobind/stl/string.h>

#include <arrow/type.h>

#include "arrow_interop.h"
#include "bindings.h"
#include "skipjack/types/display_name.h"

namespace nb = nanobind;

namespace skipjack::python {

void BindTypes(nb::module_& m) {
  m.def("type_display_name",
        [](nb::handle type) { return DisplayName(*ImportType(type)); },
        "Daft's display name of a pyarrow DataType, e.g. 'List[String]'.");
}

}  // namespace skipjack::python
