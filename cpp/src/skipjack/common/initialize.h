// File: initialize.h

#pragma once

#include <arrow/status.h>

namespace skipjack {

/// Registers Arrow's compute kernels (libarrow_compute does not do it by itself since
/// Arrow 21) and the engine's functions. Idempotent and thread-safe; call before use.
arrow::Status InitializeEngine();

}  // namespace skipjack
