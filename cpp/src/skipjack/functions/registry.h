// File: registry.h
//
// One registry of scalar functions, keyed by the same snake_case name the Python API
// uses. Each function family registers itself in Register<Family>Functions()
// (registry_internal.h); adding a function touches its family file and nothing else
// in the core.

#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/status.h>

#include "skipjack/functions/function.h"

namespace skipjack {

/// Thread-safe after construction: functions are only added while it is built.
class FunctionRegistry {
 public:
  /// Adds a function; AlreadyExists-style Invalid if the name is taken.
  arrow::Status Add(ScalarFunctionPtr function);

  /// Returns the function or KeyError naming the closest registered names.
  arrow::Result<ScalarFunctionPtr> Find(const std::string& name) const;

  /// All registered names, sorted.
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, ScalarFunctionPtr> functions_;
};

/// The process-wide registry with every built-in function.
const FunctionRegistry* GetFunctionRegistry();

}  // namespace skipjack
