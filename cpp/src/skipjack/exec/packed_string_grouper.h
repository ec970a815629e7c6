// File: packed_string_grouper.h
//
// Groups keys that mix short strings with integer-like columns through the integer
// grouper: each string is packed into 64-bit words holding its bytes and its length
// (one word up to 7 bytes, two up to 15), so "group by returnflag, linestatus" hashes
// two words per row instead of encoding variable-length keys. The first batch with a
// longer string moves the groups found so far to two words per string; past 15 bytes,
// each string becomes its number among its column's distinct strings (string_interner.h),
// and past 65536 distinct strings in a column the general grouper takes over. Groups
// move in id order, so ids stay the same.

#pragma once

#include <memory>
#include <vector>

#include <arrow/compute/type_fwd.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "skipjack/exec/key_grouper.h"

namespace skipjack {

/// Whether `key_types` suit a packed grouper: integer-like and string/binary columns
/// only, at least one string, and at most `max_words` words in all (a string takes two).
bool SuitsPackedStrings(const std::vector<std::shared_ptr<arrow::DataType>>& key_types,
                        int max_words);

using GrouperFactory = arrow::Result<std::unique_ptr<KeyGrouper>> (*)(
    const std::vector<std::shared_ptr<arrow::DataType>>& key_types,
    arrow::compute::ExecContext* exec);

/// A grouper packing the string keys of `key_types` (see SuitsPackedStrings, with the
/// same `max_words`). `packed` makes the grouper over the words (integer-like types
/// only); `general` makes the one that takes over when a string is too long to pack.
arrow::Result<std::unique_ptr<KeyGrouper>> MakePackedStringGrouper(
    std::vector<std::shared_ptr<arrow::DataType>> key_types, arrow::compute::ExecContext* exec,
    int max_words, GrouperFactory packed, GrouperFactory general);

}  // namespace skipjack
