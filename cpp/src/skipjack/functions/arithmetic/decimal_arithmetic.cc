#include "skipjack/functions/arithmetic/decimal_arithmetic.h"

#include <algorithm>

#include <arrow/compute/api.h>

#include "skipjack/functions/arrow_call.h"
#include "skipjack/types/display_name.h"
#include "skipjack/types/supertype.h"

namespace skipjack {
namespace {

using TypePtr = std::shared_ptr<arrow::DataType>;

struct Digits {
  int precision;
  int scale;
};

Digits DigitsOf(const arrow::DataType& type) {
  if (type.id() == arrow::Type::DECIMAL128) {
    const auto& d = static_cast<const arrow::DecimalType&>(type);
    return {d.precision(), d.scale()};
  }
  // Integers and bools as DECIMAL(n, 0), with a common supertype against a scale-0 decimal.
  auto as_decimal = CommonSupertype(arrow::decimal128(1, 0), type.id() == arrow::Type::BOOL
                                                                 ? arrow::int8()
                                                                 : type.GetSharedPtr());
  const auto& d = static_cast<const arrow::DecimalType&>(**as_decimal);
  return {d.precision(), 0};
}

// Casts a value to a decimal type, failing (never nulling) when a value does not fit.
arrow::Result<arrow::Datum> ExactCast(const arrow::Datum& value, const TypePtr& type,
                                      arrow::compute::ExecContext* ctx) {
  if (value.type()->Equals(*type)) return value;
  return arrow::compute::Cast(value, type, arrow::compute::CastOptions::Safe(), ctx);
}

// Runs Arrow's decimal kernel on operands narrowed so that Arrow's own result
// precision (which adds a digit) stays within 38, then casts to the declared type.
class DecimalCall final : public BoundFunction {
 public:
  DecimalCall(std::string op, TypePtr output, TypePtr left, TypePtr right)
      : BoundFunction(std::move(output)),
        op_(std::move(op)),
        left_(std::move(left)),
        right_(std::move(right)) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    ARROW_ASSIGN_OR_RAISE(auto left, ExactCast(args[0], left_, ctx));
    ARROW_ASSIGN_OR_RAISE(auto right, ExactCast(args[1], right_, ctx));
    auto result = arrow::compute::CallFunction(op_, {left, right}, ctx);
    if (!result.ok()) {
      return result.status().WithMessage("decimal ", op_, " overflowed ",
                                         DisplayName(*output_type()), ": ",
                                         result.status().message());
    }
    return ExactCast(*result, output_type(), ctx);
  }

 private:
  std::string op_;
  TypePtr left_, right_;
};

}  // namespace

bool IsDecimalArithmetic(const std::vector<ArgInfo>& args) {
  if (args.size() != 2) return false;
  bool any_decimal = false;
  for (const auto& arg : args) {
    const auto& type = *arg.type;
    if (IsDecimalType(type)) {
      any_decimal = true;
    } else if (!IsIntegerType(type) && type.id() != arrow::Type::BOOL &&
               type.id() != arrow::Type::NA) {
      return false;
    }
  }
  return any_decimal;
}

arrow::Result<BoundFunctionPtr> BindDecimalArithmetic(const std::string& op,
                                                      const std::vector<ArgInfo>& args) {
  auto digits = [](const ArgInfo& arg) {
    return arg.type->id() == arrow::Type::NA ? Digits{1, 0} : DigitsOf(*arg.type);
  };
  Digits a = digits(args[0]), b = digits(args[1]);
  Digits out;
  if (op == "multiply") {
    out = {std::min(38, a.precision + b.precision), a.scale + b.scale};
    // Arrow's product has p1 + p2 + 1 digits: narrow the wider operand to fit.
    while (a.precision + b.precision + 1 > 38) {
      Digits& wider = a.precision >= b.precision ? a : b;
      if (wider.precision <= wider.scale + 1) break;
      --wider.precision;
    }
  } else {
    const int scale = std::max(a.scale, b.scale);
    const int integer = std::max(a.precision - a.scale, b.precision - b.scale);
    out = {std::min(38, integer + scale + 1), scale};
    // Arrow's sum has max(integer digits) + scale + 1 digits.
    while (std::max(a.precision - a.scale, b.precision - b.scale) + scale + 1 > 38) {
      Digits& wider = (a.precision - a.scale) >= (b.precision - b.scale) ? a : b;
      if (wider.precision <= wider.scale + 1) break;
      --wider.precision;
    }
  }
  if (out.scale > 38 || out.scale > out.precision) {
    return arrow::Status::TypeError("The result of ", op, " on ", DisplayName(*args[0].type),
                                    " and ", DisplayName(*args[1].type),
                                    " needs a scale of ", out.scale, "; at most 38 is possible");
  }
  return std::make_shared<DecimalCall>(op, arrow::decimal128(out.precision, out.scale),
                                       arrow::decimal128(a.precision, a.scale),
                                       arrow::decimal128(b.precision, b.scale));
}

}  // namespace skipjack
