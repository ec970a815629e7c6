// Null handling: is_null, not_null, fill_null.

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/types/supertype.h"

namespace skipjack::internal {
namespace {

class NullTest final : public ScalarFunction {
 public:
  NullTest(std::string name, std::string arrow_name, std::string summary)
      : ScalarFunction(std::move(name), std::move(summary)),
        arrow_name_(std::move(arrow_name)) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 1) return ArgumentTypeError(name(), "one argument", args);
    return std::make_shared<ArrowCall>(arrow_name_, arrow::boolean());
  }

 private:
  std::string arrow_name_;
};

// fill_null(x, value): nulls of x replaced by value; the result has their common type.
class FillNull final : public ScalarFunction {
 public:
  FillNull() : ScalarFunction("fill_null", "Replaces nulls with the given value") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 2) return ArgumentTypeError(name(), "(value, fill_value)", args);
    auto common = CommonSupertype(args[0].type, args[1].type);
    if (!common.ok()) {
      return ArgumentTypeError(name(), "a fill value of a compatible type", args);
    }
    return std::make_shared<ArrowCall>(
        "coalesce", *common, std::vector<std::shared_ptr<arrow::DataType>>{*common, *common});
  }
};

}  // namespace

void RegisterNullFunctions(FunctionRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(
      std::make_shared<NullTest>("is_null", "is_null", "True where the value is null")));
  ARROW_CHECK_OK(registry->Add(
      std::make_shared<NullTest>("not_null", "is_valid", "True where the value is not null")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<FillNull>()));
}

}  // namespace skipjack::internal
