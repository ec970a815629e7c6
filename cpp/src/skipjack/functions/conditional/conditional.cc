// if_else(condition, then, otherwise): the building block of when(...).otherwise(...).
// A null condition gives null, as in Daft. The branches meet at their common type.

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/types/display_name.h"
#include "skipjack/types/supertype.h"

namespace skipjack::internal {
namespace {

class IfElse final : public ScalarFunction {
 public:
  IfElse() : ScalarFunction("if_else", "Picks `then` where the condition holds, else `otherwise`") {}

  // The result is named after the `then` branch.
  int output_name_argument() const override { return 1; }

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 3) return ArgumentTypeError(name(), "(condition, then, otherwise)", args);
    const auto condition = args[0].type->id();
    if (condition != arrow::Type::BOOL && condition != arrow::Type::NA) {
      return arrow::Status::TypeError("when/if_else condition must be Bool, got ",
                                      DisplayName(*args[0].type));
    }
    auto common = CommonSupertype(args[1].type, args[2].type);
    if (!common.ok()) {
      return arrow::Status::TypeError("when/otherwise branches have no common type: ",
                                      DisplayName(*args[1].type), " and ",
                                      DisplayName(*args[2].type));
    }
    return std::make_shared<ArrowCall>(
        "if_else", *common,
        std::vector<std::shared_ptr<arrow::DataType>>{arrow::boolean(), *common, *common});
  }
};

}  // namespace

void RegisterConditionalFunctions(FunctionRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<IfElse>()));
}

}  // namespace skipjack::internal
