// Boolean logic: & | ^ ~ with SQL's three-valued (Kleene) logic, as Daft:
// false & null is false, true | null is true.

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/registry_internal.h"

namespace skipjack::internal {
namespace {

bool IsBoolLike(const arrow::DataType& type) {
  return type.id() == arrow::Type::BOOL || type.id() == arrow::Type::NA;
}

class BooleanFunction final : public ScalarFunction {
 public:
  BooleanFunction(std::string name, std::string arrow_name, int arity, std::string symbol)
      : ScalarFunction(name, "Boolean " + symbol),
        arrow_name_(std::move(arrow_name)),
        arity_(arity),
        symbol_(std::move(symbol)) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    bool ok = static_cast<int>(args.size()) == arity_;
    for (const auto& arg : args) ok = ok && IsBoolLike(*arg.type);
    if (!ok) {
      return ArgumentTypeError("'" + symbol_ + "'",
                               arity_ == 1 ? "a Bool argument" : "Bool arguments", args);
    }
    std::vector<std::shared_ptr<arrow::DataType>> casts(args.size(), arrow::boolean());
    return std::make_shared<ArrowCall>(arrow_name_, arrow::boolean(), std::move(casts));
  }

 private:
  std::string arrow_name_;
  int arity_;
  std::string symbol_;
};

}  // namespace

void RegisterBooleanFunctions(FunctionRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<BooleanFunction>("and", "and_kleene", 2, "&")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<BooleanFunction>("or", "or_kleene", 2, "|")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<BooleanFunction>("xor", "xor", 2, "^")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<BooleanFunction>("not", "invert", 1, "~")));
}

}  // namespace skipjack::internal
