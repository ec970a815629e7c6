// File: udf_function.h
//
// User-defined functions written in another language (Python), seen from the engine.
// The core never calls Python itself: the bindings implement UdfFunction, and the engine
// only asks it for instances and hands each instance batches of argument columns.
//
//   options().return_type   type of each call's result column
//   NewInstance()           one per worker slot of the UDF operator; a stateful UDF
//                           (a @cls class) builds its object once per instance
//   instance->Call(args)    args: one column per argument, all of args.num_rows() rows

#pragma once

#include <memory>
#include <string>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

struct UdfOptions {
  std::string name;  ///< shown in plans: module.qualname
  std::shared_ptr<arrow::DataType> return_type;
  /// Each call returns a list per row, whose items become rows (other columns repeat).
  bool generator = false;
  /// Rows per call; 0 lets the engine choose.
  int64_t batch_size = 0;
  /// Instances (worker slots) running at once; 0 lets the engine choose.
  int max_concurrency = 0;
  bool use_process = false;
  bool is_async = false;
  /// Called per row (not per batch of Series): smaller default batches, so calls spread
  /// over the instances and progress moves.
  bool row_wise = false;
  double cpus = 0;
  double gpus = 0;
};

/// One running copy of a UDF. Calls on one instance never overlap.
class UdfInstance {
 public:
  virtual ~UdfInstance() = default;
  /// Returns an array of args.num_rows() values of options().return_type.
  virtual arrow::Result<std::shared_ptr<arrow::Array>> Call(
      const std::shared_ptr<arrow::RecordBatch>& args) = 0;
  /// Asks a running Call to stop soon (the query was cancelled); from another thread.
  virtual void Interrupt() {}
};

class UdfFunction {
 public:
  virtual ~UdfFunction() = default;
  virtual const UdfOptions& options() const = 0;
  virtual arrow::Result<std::unique_ptr<UdfInstance>> NewInstance() const = 0;
};

using UdfFunctionPtr = std::shared_ptr<const UdfFunction>;

}  // namespace skipjack
