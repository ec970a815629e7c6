// File: scalar_broadcast.h
//
// Row loops work on arrays; a literal argument arrives as a scalar. These helpers turn
// scalars into arrays of the loop's length, and give back a scalar when every input
// was one (so `lit("a") + lit("b")` stays a scalar).

#pragma once

#include <memory>
#include <vector>

#include <arrow/array/util.h>
#include <arrow/datum.h>
#include <arrow/result.h>

namespace skipjack::internal {

/// `value` as an array: itself, or a scalar repeated `length` times.
inline arrow::Result<std::shared_ptr<arrow::Array>> BroadcastToArray(const arrow::Datum& value,
                                                                     int64_t length,
                                                                     arrow::MemoryPool* pool) {
  if (value.is_scalar()) return arrow::MakeArrayFromScalar(*value.scalar(), length, pool);
  return value.make_array();
}

/// The row count of a call: the length of any array argument, else 1.
inline int64_t CallLength(const std::vector<arrow::Datum>& args) {
  for (const auto& arg : args) {
    if (arg.is_array()) return arg.length();
  }
  return 1;
}

/// `result` as the call's result: element 0 as a scalar when all `args` were scalars.
inline arrow::Result<arrow::Datum> ShapeLikeArgs(const std::vector<arrow::Datum>& args,
                                                 std::shared_ptr<arrow::Array> result) {
  for (const auto& arg : args) {
    if (!arg.is_scalar()) return arrow::Datum(std::move(result));
  }
  ARROW_ASSIGN_OR_RAISE(auto scalar, result->GetScalar(0));
  return arrow::Datum(std::move(scalar));
}

}  // namespace skipjack::internal
