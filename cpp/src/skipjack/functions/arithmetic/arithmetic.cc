// Arithmetic operators: + - * / // % and unary minus.
//
// `+` with a string on either side concatenates (the other side is rendered as text, as
// Daft does). `/` is true division and always yields floats. `//` and `%` follow Python
// (floor division, result of `%` takes the divisor's sign); integer division by zero
// gives null, as in DuckDB and Polars.

#include <cmath>
#include <limits>

#include <arrow/compute/api.h>

#include "skipjack/functions/arithmetic/binary_numeric_loop.h"
#include "skipjack/functions/arithmetic/decimal_arithmetic.h"
#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/functions/string/string_kernels.h"
#include "skipjack/types/supertype.h"

namespace skipjack::internal {
namespace {

using TypePtr = std::shared_ptr<arrow::DataType>;

bool IsNumericOrBool(const arrow::DataType& type) {
  return IsNumericType(type) || type.id() == arrow::Type::BOOL ||
         type.id() == arrow::Type::NA;
}

// Bools and nulls take part in arithmetic as the numeric type of the other side.
arrow::Result<TypePtr> ArithmeticType(const std::vector<ArgInfo>& args) {
  auto as_numeric = [](const TypePtr& t) {
    return t->id() == arrow::Type::BOOL ? arrow::int64() : t;
  };
  ARROW_ASSIGN_OR_RAISE(auto common,
                        CommonSupertype(as_numeric(args[0].type), as_numeric(args[1].type)));
  if (common->id() == arrow::Type::NA) return arrow::int64();
  return common;
}

// + - * : numbers (Arrow kernels, wrapping on overflow like Daft) and temporal values.
class BinaryArithmetic : public ScalarFunction {
 public:
  BinaryArithmetic(std::string name, std::string arrow_name, std::string symbol)
      : ScalarFunction(name, "Element-wise " + symbol),
        arrow_name_(std::move(arrow_name)),
        symbol_(std::move(symbol)) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 2) return ArgumentTypeError(name(), "two arguments", args);
    if (IsDecimalArithmetic(args)) return BindDecimalArithmetic(arrow_name_, args);
    if (IsNumericOrBool(*args[0].type) && IsNumericOrBool(*args[1].type)) {
      ARROW_ASSIGN_OR_RAISE(auto type, ArithmeticType(args));
      return BindArrowCall(arrow_name_, args, {type, type});
    }
    auto temporal = BindArrowCall(arrow_name_, args);
    if (temporal.ok()) return temporal;
    return ArgumentTypeError("'" + symbol_ + "'", "numeric arguments", args);
  }

 private:
  std::string arrow_name_;
  std::string symbol_;
};

// `+`: numeric addition, or string concatenation when either side is a string.
class Add final : public BinaryArithmetic {
 public:
  Add() : BinaryArithmetic("add", "add", "+") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions& options) const override {
    if (args.size() == 2 && (IsStringType(*args[0].type) || IsStringType(*args[1].type))) {
      return BindConcat(args);
    }
    return BinaryArithmetic::Bind(args, options);
  }

 private:
  static arrow::Result<BoundFunctionPtr> BindConcat(const std::vector<ArgInfo>& args) {
    for (const auto& arg : args) {
      if (!IsStringType(*arg.type) && !IsNumericOrBool(*arg.type)) {
        return ArgumentTypeError("'+'", "strings, or a string and a number", args);
      }
    }
    const bool large = args[0].type->id() == arrow::Type::LARGE_STRING ||
                       args[1].type->id() == arrow::Type::LARGE_STRING;
    const TypePtr text = large ? arrow::large_utf8() : arrow::utf8();
    return std::make_shared<ConcatCall>(text);
  }

  class ConcatCall final : public BoundFunction {
   public:
    explicit ConcatCall(TypePtr type) : BoundFunction(std::move(type)) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      ARROW_ASSIGN_OR_RAISE(auto left, CastDatum(args[0], output_type(), ctx));
      ARROW_ASSIGN_OR_RAISE(auto right, CastDatum(args[1], output_type(), ctx));
      return ConcatStrings({left, right}, output_type(), ctx);
    }
  };
};

// `/`: true division; integers are divided as Float64, like Python and Daft.
class Divide final : public ScalarFunction {
 public:
  Divide() : ScalarFunction("divide", "Element-wise true division (always floating)") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    auto numeric = [](const arrow::DataType& t) { return IsNumericOrBool(t) || IsDecimalType(t); };
    if (args.size() != 2 || !numeric(*args[0].type) || !numeric(*args[1].type)) {
      return ArgumentTypeError("'/'", "numeric arguments", args);
    }
    // Decimal quotients rarely have a finite decimal form: divide as Float64.
    if (IsDecimalType(*args[0].type) || IsDecimalType(*args[1].type)) {
      return BindArrowCall("divide", args, {arrow::float64(), arrow::float64()});
    }
    ARROW_ASSIGN_OR_RAISE(auto type, ArithmeticType(args));
    if (!IsFloatingType(*type)) type = arrow::float64();
    return BindArrowCall("divide", args, {type, type});
  }
};

template <typename T>
T PythonFloorDivide(T x, T y, bool* valid) {
  if constexpr (std::is_integral_v<T>) {
    if (y == 0) {
      *valid = false;
      return 0;
    }
    if constexpr (std::is_signed_v<T>) {
      // MIN / -1 overflows; wrap around like the other integer operators.
      if (y == -1) return static_cast<T>(0 - static_cast<std::make_unsigned_t<T>>(x));
      T q = x / y;
      if ((x % y != 0) && ((x < 0) != (y < 0))) --q;
      return q;
    } else {
      return x / y;
    }
  } else {
    // CPython's float floor division (also NumPy's): exact for values near integers.
    if (y == 0) return x / y;
    T mod = std::fmod(x, y);
    T div = (x - mod) / y;
    if (mod != 0 && ((y < 0) != (mod < 0))) div -= 1;
    if (div == 0) return std::copysign(T(0), x / y);
    T floored = std::floor(div);
    if (div - floored > T(0.5)) floored += 1;
    return floored;
  }
}

template <typename T>
T PythonModulo(T x, T y, bool* valid) {
  if constexpr (std::is_integral_v<T>) {
    if (y == 0) {
      *valid = false;
      return 0;
    }
    if constexpr (std::is_signed_v<T>) {
      if (y == -1) return 0;
      T r = x % y;
      if (r != 0 && ((r < 0) != (y < 0))) r += y;
      return r;
    } else {
      return x % y;
    }
  } else {
    if (y == 0) return std::numeric_limits<T>::quiet_NaN();
    T r = std::fmod(x, y);
    if (r != 0) {
      if ((y < 0) != (r < 0)) r += y;
    } else {
      r = std::copysign(T(0), y);
    }
    return r;
  }
}

// `//` and `%`, run by BinaryNumericLoop on the common numeric type.
template <template <typename> class Kernel>
class PythonIntegerOp final : public BoundFunction {
 public:
  explicit PythonIntegerOp(TypePtr type) : BoundFunction(std::move(type)) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    ARROW_ASSIGN_OR_RAISE(auto a, CastDatum(args[0], output_type(), ctx));
    ARROW_ASSIGN_OR_RAISE(auto b, CastDatum(args[1], output_type(), ctx));
    arrow::MemoryPool* pool = ctx->memory_pool();
    switch (output_type()->id()) {
#define SKIPJACK_CASE(ID, ARROW_TYPE)                                          \
  case arrow::Type::ID:                                                        \
    return BinaryNumericLoop<arrow::ARROW_TYPE>(                               \
        a, b, pool, Kernel<typename arrow::ARROW_TYPE::c_type>::Apply);
      SKIPJACK_CASE(INT8, Int8Type)
      SKIPJACK_CASE(INT16, Int16Type)
      SKIPJACK_CASE(INT32, Int32Type)
      SKIPJACK_CASE(INT64, Int64Type)
      SKIPJACK_CASE(UINT8, UInt8Type)
      SKIPJACK_CASE(UINT16, UInt16Type)
      SKIPJACK_CASE(UINT32, UInt32Type)
      SKIPJACK_CASE(UINT64, UInt64Type)
      SKIPJACK_CASE(FLOAT, FloatType)
      SKIPJACK_CASE(DOUBLE, DoubleType)
#undef SKIPJACK_CASE
      default:
        return arrow::Status::TypeError("unsupported type for floor division/modulo: ",
                                        output_type()->ToString());
    }
  }
};

template <typename T>
struct FloorDivideKernel {
  static T Apply(T x, T y, bool* valid) { return PythonFloorDivide(x, y, valid); }
};
template <typename T>
struct ModuloKernel {
  static T Apply(T x, T y, bool* valid) { return PythonModulo(x, y, valid); }
};

template <template <typename> class Kernel>
class PythonDivisionFunction final : public ScalarFunction {
 public:
  PythonDivisionFunction(std::string name, std::string symbol, std::string summary)
      : ScalarFunction(std::move(name), std::move(summary)), symbol_(std::move(symbol)) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 2 || !IsNumericOrBool(*args[0].type) ||
        !IsNumericOrBool(*args[1].type)) {
      return ArgumentTypeError("'" + symbol_ + "'", "numeric arguments", args);
    }
    ARROW_ASSIGN_OR_RAISE(auto type, ArithmeticType(args));
    if (type->id() == arrow::Type::HALF_FLOAT) type = arrow::float32();
    return std::make_shared<PythonIntegerOp<Kernel>>(type);
  }

 private:
  std::string symbol_;
};

class Negate final : public ScalarFunction {
 public:
  Negate() : ScalarFunction("negate", "Unary minus") {}
  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 1 || !(IsNumericType(*args[0].type) ||
                              args[0].type->id() == arrow::Type::DURATION)) {
      return ArgumentTypeError("unary '-'", "a numeric argument", args);
    }
    return BindArrowCall("negate", args);
  }
};

}  // namespace

void RegisterArithmeticFunctions(FunctionRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<Add>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<BinaryArithmetic>("subtract", "subtract", "-")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<BinaryArithmetic>("multiply", "multiply", "*")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<Divide>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<PythonDivisionFunction<FloorDivideKernel>>(
      "floor_divide", "//", "Element-wise floor division (Python semantics)")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<PythonDivisionFunction<ModuloKernel>>(
      "modulo", "%", "Element-wise modulo; the result takes the divisor's sign")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<Negate>()));
}

}  // namespace skipjack::internal
