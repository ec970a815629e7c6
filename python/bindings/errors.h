// The one place where an arrow::Status becomes a Python exception. The mapping is a
// table from status code (and skipjack ErrorDetail kind) to a class defined in
// skipjack/exceptions.py.

#pragma once

#include <arrow/result.h>
#include <arrow/status.h>

namespace skipjack::python {

/// Raises the Python exception for `status` (which must not be OK).
[[noreturn]] void ThrowStatus(const arrow::Status& status);

inline void ThrowIfError(const arrow::Status& status) {
  if (!status.ok()) ThrowStatus(status);
}

template <typename T>
T ValueOrThrow(arrow::Result<T> result) {
  if (!result.ok()) ThrowStatus(result.status());
  return std::move(result).ValueUnsafe();
}

}  // namespace skipjack::python
