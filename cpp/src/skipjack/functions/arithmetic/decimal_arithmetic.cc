#include "skipjack/functions/arithmetic/decimal_arithmetic.h"

#include <algorithm>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/compute/api.h>
#include <arrow/util/bit_util.h>

#include "skipjack/functions/arrow_call.h"
#include "skipjack/types/decimal_int128.h"
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

// One operand as unscaled 128-bit integers at its own scale: a decimal array, an
// integer array (scale 0) or a scalar of either.
struct Operand {
  const uint8_t* values = nullptr;
  int width = 0;  // bytes per value: 16 for decimals, 1..8 for integers
  bool is_signed = true;
  const uint8_t* validity = nullptr;
  int64_t offset = 0;
  bool scalar = false;
  bool null_scalar = false;
  Int128 scalar_value = 0;
  int scale = 0;

  bool IsValid(int64_t i) const {
    if (scalar) return !null_scalar;
    return !validity || arrow::bit_util::GetBit(validity, offset + i);
  }
  Int128 Get(int64_t i) const {
    if (scalar) return scalar_value;
    const uint8_t* p = values + (offset + i) * width;
    if (width == 16) return LoadDecimal128(p);
    int64_t v = 0;
    switch (width) {
      case 1:
        v = is_signed ? *reinterpret_cast<const int8_t*>(p) : *p;
        break;
      case 2:
        v = is_signed ? *reinterpret_cast<const int16_t*>(p) : *reinterpret_cast<const uint16_t*>(p);
        break;
      case 4:
        v = is_signed ? *reinterpret_cast<const int32_t*>(p) : *reinterpret_cast<const uint32_t*>(p);
        break;
      default:
        if (!is_signed) return static_cast<Int128>(*reinterpret_cast<const uint64_t*>(p));
        v = *reinterpret_cast<const int64_t*>(p);
    }
    return v;
  }
};

arrow::Result<Operand> MakeOperand(const arrow::Datum& datum) {
  Operand operand;
  const auto& type = *datum.type();
  if (type.id() == arrow::Type::DECIMAL128) {
    operand.scale = static_cast<const arrow::DecimalType&>(type).scale();
  }
  if (datum.is_scalar()) {
    operand.scalar = true;
    const auto& scalar = *datum.scalar();
    if (!scalar.is_valid || type.id() == arrow::Type::NA) {
      operand.null_scalar = true;
      return operand;
    }
    if (type.id() == arrow::Type::DECIMAL128) {
      operand.scalar_value =
          FromDecimal128(static_cast<const arrow::Decimal128Scalar&>(scalar).value);
    } else {
      ARROW_ASSIGN_OR_RAISE(auto as_int, scalar.CastTo(arrow::int64()));
      operand.scalar_value = static_cast<const arrow::Int64Scalar&>(*as_int).value;
    }
    return operand;
  }
  const auto& data = *datum.array();
  if (type.id() == arrow::Type::NA) {
    operand.scalar = true;
    operand.null_scalar = true;
    return operand;
  }
  operand.values = data.buffers[1]->data();
  operand.width = type.id() == arrow::Type::DECIMAL128 ? 16 : type.byte_width();
  operand.is_signed = !arrow::is_unsigned_integer(type.id());
  operand.validity = data.null_count != 0 && data.buffers[0] ? data.buffers[0]->data() : nullptr;
  operand.offset = data.offset;
  return operand;
}

// + - * on unscaled 128-bit integers. Operands are brought to the result's scale
// (add/subtract) or multiplied as they are (scales add); a result beyond the output
// precision is an error that says so, never a wrapped number.
class DecimalCall final : public BoundFunction {
 public:
  // `exact`: the output precision holds every result of the operands' types, so no
  // check is needed; `narrow`: both operands' values fit in 64 bits.
  DecimalCall(std::string op, TypePtr output, bool exact, bool narrow)
      : BoundFunction(std::move(output)), op_(std::move(op)), exact_(exact), narrow_(narrow) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    ARROW_ASSIGN_OR_RAISE(auto a, MakeOperand(args[0]));
    ARROW_ASSIGN_OR_RAISE(auto b, MakeOperand(args[1]));
    const auto& out_type = static_cast<const arrow::DecimalType&>(*output_type());
    const Int128 bound = PowerOfTen(out_type.precision());
    const bool multiply = op_ == "multiply";
    const Int128 scale_a = multiply ? 1 : PowerOfTen(out_type.scale() - a.scale);
    const Int128 scale_b = multiply ? 1 : PowerOfTen(out_type.scale() - b.scale);
    const int64_t length = args[0].is_array() ? args[0].length()
                           : args[1].is_array() ? args[1].length() : 1;
    auto* pool = ctx->memory_pool();
    ARROW_ASSIGN_OR_RAISE(auto values, arrow::AllocateBuffer(length * 16, pool));
    auto* out = reinterpret_cast<Int128*>(values->mutable_data());
    const bool any_nulls = (a.scalar ? a.null_scalar : a.validity != nullptr) ||
                           (b.scalar ? b.null_scalar : b.validity != nullptr);
    // The common case, decimals without nulls (or with a constant), runs a tight loop;
    // the rest goes through the general one.
    const bool fast = !any_nulls && (a.scalar || a.width == 16) && (b.scalar || b.width == 16);
    int64_t overflow_row = -1;
    if (fast && multiply && exact_ && narrow_ && !a.scalar && !b.scalar) {
      // One 64 x 64 -> 128-bit multiply per row (the low half of a narrow decimal is its
      // value), nothing to check.
      const Int128* xs = reinterpret_cast<const Int128*>(a.values) + a.offset;
      const Int128* ys = reinterpret_cast<const Int128*>(b.values) + b.offset;
      for (int64_t i = 0; i < length; ++i) {
        out[i] = static_cast<Int128>(static_cast<int64_t>(xs[i])) * static_cast<int64_t>(ys[i]);
      }
    } else if (fast && multiply && exact_) {
      const Int128* xs = a.scalar ? nullptr : reinterpret_cast<const Int128*>(a.values) + a.offset;
      const Int128* ys = b.scalar ? nullptr : reinterpret_cast<const Int128*>(b.values) + b.offset;
      for (int64_t i = 0; i < length; ++i) {
        out[i] = (xs ? xs[i] : a.scalar_value) * (ys ? ys[i] : b.scalar_value);
      }
    } else if (fast && exact_ && !multiply) {
      const Int128* xs = a.scalar ? nullptr : reinterpret_cast<const Int128*>(a.values) + a.offset;
      const Int128* ys = b.scalar ? nullptr : reinterpret_cast<const Int128*>(b.values) + b.offset;
      const Int128 xc = a.scalar_value * scale_a, yc = b.scalar_value * scale_b;
      // Operands already at the output's scale (the usual case) skip their multiply.
      auto term = [](const Int128* values, Int128 scale, Int128 constant, int64_t i) {
        return !values ? constant : scale == 1 ? values[i] : values[i] * scale;
      };
      if (op_ == "add") {
        for (int64_t i = 0; i < length; ++i) {
          out[i] = term(xs, scale_a, xc, i) + term(ys, scale_b, yc, i);
        }
      } else {
        for (int64_t i = 0; i < length; ++i) {
          out[i] = term(xs, scale_a, xc, i) - term(ys, scale_b, yc, i);
        }
      }
    } else if (fast) {
      const Int128* xs = a.scalar ? nullptr : reinterpret_cast<const Int128*>(a.values) + a.offset;
      const Int128* ys = b.scalar ? nullptr : reinterpret_cast<const Int128*>(b.values) + b.offset;
      const Int128 xc = a.scalar_value * scale_a, yc = b.scalar_value * scale_b;
      auto run = [&](auto op) {
        for (int64_t i = 0; i < length; ++i) {
          const Int128 x = xs ? xs[i] * scale_a : xc;
          const Int128 y = ys ? ys[i] * scale_b : yc;
          bool overflow = false;
          const Int128 result = op(x, y, &overflow);
          if (overflow || result >= bound || result <= -bound) {
            overflow_row = i;
            return;
          }
          out[i] = result;
        }
      };
      if (multiply) {
        run([](Int128 x, Int128 y, bool* overflow) {
          Int128 r;
          *overflow = __builtin_mul_overflow(x, y, &r);
          return r;
        });
      } else if (op_ == "add") {
        run([](Int128 x, Int128 y, bool*) { return x + y; });
      } else {
        run([](Int128 x, Int128 y, bool*) { return x - y; });
      }
    }
    std::shared_ptr<arrow::Buffer> validity;
    int64_t null_count = 0;
    if (!fast) {
      ARROW_ASSIGN_OR_RAISE(validity, arrow::AllocateBitmap(length, pool));
      uint8_t* valid = validity->mutable_data();
      for (int64_t i = 0; i < length && overflow_row < 0; ++i) {
        const bool ok = a.IsValid(i) && b.IsValid(i);
        arrow::bit_util::SetBitTo(valid, i, ok);
        Int128 result = 0;
        if (ok) {
          const Int128 x = a.Get(i) * scale_a, y = b.Get(i) * scale_b;
          bool overflow = false;
          if (multiply) {
            overflow = __builtin_mul_overflow(x, y, &result);
          } else {
            result = op_ == "add" ? x + y : x - y;
          }
          if (overflow || result >= bound || result <= -bound) overflow_row = i;
        } else {
          ++null_count;
        }
        out[i] = result;
      }
      if (null_count == 0) validity.reset();
    }
    if (overflow_row >= 0) {
      return arrow::Status::Invalid("Decimal ", op_, " overflowed ", DisplayName(*output_type()),
                                    " at row ", overflow_row);
    }
    auto data = arrow::ArrayData::Make(output_type(), length,
                                       {std::move(validity), std::move(values)}, null_count);
    auto array = arrow::MakeArray(std::move(data));
    if (args[0].is_scalar() && args[1].is_scalar()) {
      ARROW_ASSIGN_OR_RAISE(auto scalar, array->GetScalar(0));
      return arrow::Datum(std::move(scalar));
    }
    return arrow::Datum(std::move(array));
  }

 private:
  std::string op_;
  bool exact_;
  bool narrow_;
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
  const Digits a = digits(args[0]), b = digits(args[1]);
  Digits out;
  bool exact;  // the result type holds every result: no overflow to check
  if (op == "multiply") {
    exact = a.precision + b.precision <= 38;
    out = {std::min(38, a.precision + b.precision), a.scale + b.scale};
  } else {
    const int scale = std::max(a.scale, b.scale);
    const int integer = std::max(a.precision - a.scale, b.precision - b.scale);
    exact = integer + scale + 1 <= 38;
    out = {std::min(38, integer + scale + 1), scale};
  }
  const bool narrow = a.precision <= 18 && b.precision <= 18;
  if (out.scale > 38 || out.scale > out.precision) {
    return arrow::Status::TypeError("The result of ", op, " on ", DisplayName(*args[0].type),
                                    " and ", DisplayName(*args[1].type),
                                    " needs a scale of ", out.scale, "; at most 38 is possible");
  }
  return std::make_shared<DecimalCall>(op, arrow::decimal128(out.precision, out.scale), exact,
                                       narrow);
}

}  // namespace skipjack
