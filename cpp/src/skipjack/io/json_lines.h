// File: json_lines.h
//
// Rows of a record batch as JSON objects, one per line (newline-delimited JSON), the
// form read_json reads back.

#pragma once

#include <string>

#include <arrow/status.h>
#include <arrow/type_fwd.h>

namespace skipjack {

/// Appends one line per row of `batch` to `out`: {"column": value, ...}. Nulls are null,
/// dates and timestamps ISO 8601 strings, decimals numbers, lists arrays, structs and
/// maps objects. Binary columns are a TypeError (JSON has no bytes).
arrow::Status AppendJsonLines(const arrow::RecordBatch& batch, std::string* out);

}  // namespace skipjack
