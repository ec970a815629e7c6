// File: function.h
//
// The interface every scalar function implements. A function is looked up by name in
// the registry (registry.h), bound once per plan to its argument types, and the bound
// form runs on every morsel:
//
//   auto fn = GetFunctionRegistry()->Find("lower");
//   ARROW_ASSIGN_OR_RAISE(auto bound, (*fn)->Bind({{arrow::utf8(), nullptr}}, {}));
//   ARROW_ASSIGN_OR_RAISE(auto out, bound->Execute({column}, ctx));
//
// Binding checks types and returns TypeError naming the function and the types found;
// the binder adds the expression text. Execution never re-checks types.

#pragma once

#include <memory>
#include <string>
#include <vector>

#include <arrow/compute/type_fwd.h>
#include <arrow/datum.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "skipjack/expr/expr.h"

namespace skipjack {

/// What binding knows about one argument: its type, and its value if it is a literal.
struct ArgInfo {
  std::shared_ptr<arrow::DataType> type;
  /// Non-null when the argument is a literal (functions may require that).
  std::shared_ptr<arrow::Scalar> literal;
};

/// A function bound to concrete argument types: ready to run on data.
class BoundFunction {
 public:
  explicit BoundFunction(std::shared_ptr<arrow::DataType> output_type)
      : output_type_(std::move(output_type)) {}
  virtual ~BoundFunction() = default;

  const std::shared_ptr<arrow::DataType>& output_type() const { return output_type_; }

  /// Runs on one morsel. `args` are arrays of the morsel's length or scalars; the result
  /// is an array of that length, or a scalar when every argument is a scalar.
  /// May be called concurrently from several threads.
  virtual arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                              arrow::compute::ExecContext* ctx) const = 0;

  /// At most this many rows per call (0: no limit): functions whose output is much larger
  /// than their input (decoding images) keep morsels small, so memory stays bounded.
  virtual int64_t max_rows_per_call() const { return 0; }

 private:
  std::shared_ptr<arrow::DataType> output_type_;
};

using BoundFunctionPtr = std::shared_ptr<const BoundFunction>;

/// A named scalar function: many rows in, as many rows out.
class ScalarFunction {
 public:
  ScalarFunction(std::string name, std::string summary)
      : name_(std::move(name)), summary_(std::move(summary)) {}
  virtual ~ScalarFunction() = default;

  const std::string& name() const { return name_; }
  /// One-line description, shown in docs and in the parity test.
  const std::string& summary() const { return summary_; }

  /// Checks the argument types and options and returns the executable form.
  virtual arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                               const CallOptions& options) const = 0;

  /// Which argument names the output column (Daft: the first one).
  virtual int output_name_argument() const { return 0; }

 private:
  std::string name_;
  std::string summary_;
};

using ScalarFunctionPtr = std::shared_ptr<const ScalarFunction>;

}  // namespace skipjack
