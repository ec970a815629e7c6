// Numeric functions: abs, round, ceil, floor, sqrt, sign.

#include <arrow/compute/api.h>
#include <arrow/scalar.h>

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/types/supertype.h"

namespace skipjack::internal {
namespace {

// Keeps integers as they are (rounding cannot change them).
class Identity final : public BoundFunction {
 public:
  using BoundFunction::BoundFunction;
  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext*) const override {
    return args[0];
  }
};

class UnaryNumeric final : public ScalarFunction {
 public:
  UnaryNumeric(std::string name, std::string arrow_name, std::string summary,
               bool floating_output, bool identity_on_integers = false)
      : ScalarFunction(std::move(name), std::move(summary)),
        arrow_name_(std::move(arrow_name)),
        floating_output_(floating_output),
        identity_on_integers_(identity_on_integers) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 1 || !(IsNumericType(*args[0].type) ||
                              args[0].type->id() == arrow::Type::NA)) {
      return ArgumentTypeError(name(), "a numeric argument", args);
    }
    std::shared_ptr<arrow::DataType> type = args[0].type;
    if (identity_on_integers_ && IsIntegerType(*type)) return std::make_shared<Identity>(type);
    if (type->id() == arrow::Type::NA) type = arrow::float64();
    if (floating_output_ && !IsFloatingType(*type)) type = arrow::float64();
    return BindArrowCall(arrow_name_, args, {type});
  }

 private:
  std::string arrow_name_;
  bool floating_output_;
  bool identity_on_integers_;
};

// round(x, decimals): halves round away from zero, as Daft (Rust f64::round).
class Round final : public ScalarFunction {
 public:
  Round() : ScalarFunction("round", "Rounds to the given number of decimals") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.empty() || args.size() > 2 || !IsNumericType(*args[0].type)) {
      return ArgumentTypeError(name(), "a numeric value and an integer literal", args);
    }
    int64_t decimals = 0;
    if (args.size() == 2) {
      if (!args[1].literal || !IsIntegerType(*args[1].type) || !args[1].literal->is_valid) {
        return ArgumentTypeError(name(), "an integer literal for decimals", args);
      }
      ARROW_ASSIGN_OR_RAISE(auto as_int64, args[1].literal->CastTo(arrow::int64()));
      decimals = static_cast<const arrow::Int64Scalar&>(*as_int64).value;
    }
    if (IsIntegerType(*args[0].type) && decimals >= 0) {
      return std::make_shared<Identity>(args[0].type);
    }
    // HALF_TOWARDS_INFINITY is Arrow's name for "round half away from zero".
    auto options = std::make_shared<arrow::compute::RoundOptions>(
        decimals, arrow::compute::RoundMode::HALF_TOWARDS_INFINITY);
    // The decimals literal lives in the options; only the value reaches the kernel.
    return BindArrowCall("round", args, {}, std::move(options), /*num_args=*/1);
  }
};

}  // namespace

void RegisterMathFunctions(FunctionRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(
      std::make_shared<UnaryNumeric>("abs", "abs", "Absolute value", false)));
  ARROW_CHECK_OK(registry->Add(
      std::make_shared<UnaryNumeric>("ceil", "ceil", "Smallest integer not below", false, true)));
  ARROW_CHECK_OK(registry->Add(
      std::make_shared<UnaryNumeric>("floor", "floor", "Largest integer not above", false, true)));
  ARROW_CHECK_OK(registry->Add(
      std::make_shared<UnaryNumeric>("sqrt", "sqrt", "Square root", true)));
  ARROW_CHECK_OK(registry->Add(
      std::make_shared<UnaryNumeric>("sign", "sign", "-1, 0 or 1 by sign", false)));
  ARROW_CHECK_OK(registry->Add(std::make_shared<Round>()));
}

}  // namespace skipjack::internal
