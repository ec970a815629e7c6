// File: key_runs.h
//
// Runs of equal keys in consecutive rows: rows clustered by key (an order's lines, a
// table sorted by the grouping column) need no hash lookup per row to be grouped.

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <arrow/type_fwd.h>

namespace skipjack {

/// The first row of each run of rows whose keys (one array per key column, `length`
/// rows) are all equal to the previous row's, ascending and starting with 0; two nulls
/// are equal. Nothing when a key column's type is not compared here (only fixed-width
/// and string/binary columns are).
std::optional<std::vector<int64_t>> KeyRunStarts(
    const std::vector<std::shared_ptr<arrow::Array>>& keys, int64_t length);

}  // namespace skipjack
