// File: string_dictionary_decode.h
//
// Decoding a dictionary-encoded string column (as the Parquet reader gives low-
// cardinality columns) into plain strings, by GatherStrings (common/gather_strings.h).

#pragma once

#include <memory>
#include <optional>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

/// The strings of `column`, a dictionary array with int32 indices into a string or
/// binary dictionary without nulls, as an array of the dictionary's type; nothing when
/// `column` is not such an array (or its strings would not fit 32-bit offsets).
/// Invalid on an index outside the dictionary.
std::optional<arrow::Result<std::shared_ptr<arrow::Array>>> DecodeStringDictionary(
    const arrow::DictionaryArray& column, arrow::MemoryPool* pool);

}  // namespace skipjack
