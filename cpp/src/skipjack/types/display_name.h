// File: display_name.h
//
// The names Daft users know for data types: `Int64`, `String`, `Bool`, `List[Int64]`,
// `Struct[a: Int64, b: String]`, `Timestamp[us; UTC]`. Used by `show()`, `schema()`,
// `explain()` and in every type error message.

#pragma once

#include <string>

#include <arrow/type_fwd.h>

namespace skipjack {

/// Returns the Daft display name of `type` (for example "List[String]").
std::string DisplayName(const arrow::DataType& type);

/// Returns "name#Type, name#Type, ..." as plan trees print schemas.
std::string SchemaToPlanString(const arrow::Schema& schema);

}  // namespace skipjack
