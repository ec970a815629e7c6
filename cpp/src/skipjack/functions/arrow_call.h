// File: arrow_call.h
//
// Most built-in functions run one Arrow compute kernel. ArrowCall is the bound form of
// such a function: optional casts of the arguments, then the kernel with fixed options.

#pragma once

#include <memory>
#include <string>
#include <vector>

#include <arrow/compute/type_fwd.h>

#include "skipjack/functions/function.h"

namespace skipjack {

/// Runs Arrow compute function `arrow_function` after casting argument i to
/// `casts[i]` (when not null). With `num_args` >= 0 only the leading `num_args`
/// arguments are passed: the others were literals folded into `options`.
class ArrowCall final : public BoundFunction {
 public:
  ArrowCall(std::string arrow_function, std::shared_ptr<arrow::DataType> output_type,
            std::vector<std::shared_ptr<arrow::DataType>> casts = {},
            std::shared_ptr<arrow::compute::FunctionOptions> options = nullptr,
            int num_args = -1);

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override;

 private:
  std::string arrow_function_;
  std::vector<std::shared_ptr<arrow::DataType>> casts_;
  std::shared_ptr<arrow::compute::FunctionOptions> options_;
  int num_args_;
};

/// The type Arrow's `arrow_function` returns for arguments of `types` (after its own
/// implicit casts), or TypeError when Arrow has no kernel for them.
arrow::Result<std::shared_ptr<arrow::DataType>> ArrowOutputType(
    const std::string& arrow_function, const std::vector<std::shared_ptr<arrow::DataType>>& types,
    const arrow::compute::FunctionOptions* options = nullptr);

/// Binds an ArrowCall on the first `num_args` of `args` (all when -1), cast to
/// `arg_types` where given (null entries keep the argument type).
arrow::Result<BoundFunctionPtr> BindArrowCall(
    const std::string& arrow_function, const std::vector<ArgInfo>& args,
    std::vector<std::shared_ptr<arrow::DataType>> arg_types = {},
    std::shared_ptr<arrow::compute::FunctionOptions> options = nullptr, int num_args = -1);

/// Casts `value` to `type` with Daft's rules (see CastExpr). Shared by casts and
/// functions that coerce their arguments.
arrow::Result<arrow::Datum> CastDatum(const arrow::Datum& value,
                                      const std::shared_ptr<arrow::DataType>& type,
                                      arrow::compute::ExecContext* ctx);

/// Returns a TypeError "<function> expects <expected>, got <types>".
arrow::Status ArgumentTypeError(const std::string& function, const std::string& expected,
                                const std::vector<ArgInfo>& args);

}  // namespace skipjack
