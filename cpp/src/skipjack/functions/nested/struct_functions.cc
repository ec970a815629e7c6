// Struct functions: struct_get (one field of a struct, by name).

#include <arrow/compute/api_scalar.h>
#include <arrow/scalar.h>
#include <arrow/type.h>

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/types/display_name.h"

namespace skipjack::internal {
namespace {

// struct_get(s, name): the field `name` of each struct value (null where s is null).
class StructGet final : public ScalarFunction {
 public:
  StructGet() : ScalarFunction("struct_get", "The named field of a struct") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 2 || args[0].type->id() != arrow::Type::STRUCT || !args[1].literal ||
        !args[1].literal->is_valid || !arrow::is_base_binary_like(args[1].type->id())) {
      return ArgumentTypeError(name(), "(a struct, a field name literal)", args);
    }
    const auto& field_name = static_cast<const arrow::BaseBinaryScalar&>(*args[1].literal).view();
    const auto& type = static_cast<const arrow::StructType&>(*args[0].type);
    const int index = type.GetFieldIndex(std::string(field_name));
    if (index < 0) {
      return arrow::Status::KeyError("Field '", field_name, "' not found in ",
                                     DisplayName(*args[0].type));
    }
    auto options = std::make_shared<arrow::compute::StructFieldOptions>(std::vector<int>{index});
    return std::make_shared<ArrowCall>("struct_field", type.field(index)->type(),
                                       std::vector<std::shared_ptr<arrow::DataType>>{},
                                       std::move(options), /*num_args=*/1);
  }
};

}  // namespace

void RegisterStructFunctions(FunctionRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<StructGet>()));
}

}  // namespace skipjack::internal
