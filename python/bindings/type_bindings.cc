// Type names as Daft displays them, for DataType.__repr__ and schema printing.

#include <nanobind/stl/string.h>

#include <arrow/type.h>

#include "arrow_interop.h"
#include "bindings.h"
#include "skipjack/types/daft_extension.h"
#include "skipjack/types/display_name.h"

namespace nb = nanobind;

namespace skipjack::python {

void BindTypes(nb::module_& m) {
  m.def("type_display_name",
        [](nb::handle type) { return DisplayName(*ImportType(type)); },
        "Daft's display name of a pyarrow DataType, e.g. 'List[String]'.");
  m.def(
      "daft_extension_schema",
      [](nb::handle storage, std::string metadata) {
        auto type = std::make_shared<DaftExtensionType>(ImportType(storage), std::move(metadata));
        return ExportSchema(arrow::schema({arrow::field("type", std::move(type))}));
      },
      "A one-field schema whose type is Daft's extension type for a logical type "
      "(pa.schema(result).field(0).type).");
  m.def(
      "daft_extension_metadata",
      [](nb::handle type) -> nb::object {
        auto imported = ImportType(type);
        const auto* daft = dynamic_cast<const DaftExtensionType*>(imported.get());
        if (!daft) return nb::none();
        return nb::str(daft->Serialize().c_str());
      },
      "The serialized metadata of a Daft extension type, or None for other types.");
}

}  // namespace skipjack::python
