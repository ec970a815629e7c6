#include "skipjack/functions/comparison/decimal_literal_comparison.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <optional>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/util/bitmap_ops.h>
#include <arrow/util/decimal.h>

namespace skipjack::internal {
namespace {

using Int128 = __int128;

// Every unscaled value of a decimal of precision <= 18 lies in [-kLimit, kLimit].
constexpr int64_t kLimit = 999'999'999'999'999'999LL;
constexpr int kMaxPrecision = 18;

Int128 Pow10(int exponent) {
  Int128 out = 1;
  for (int i = 0; i < exponent; ++i) out *= 10;
  return out;
}

int Sign(Int128 difference) { return (difference > 0) - (difference < 0); }

// sign(column value - literal) for an unscaled column value, computed as the generic
// comparison computes it after casting both sides to their common type.
using Compare = std::function<int(int64_t)>;

std::optional<Compare> CompareWithLiteral(const arrow::Scalar& literal, int32_t scale) {
  if (!literal.is_valid) return std::nullopt;
  switch (literal.type->id()) {
    case arrow::Type::DOUBLE:
    case arrow::Type::FLOAT: {
      // Common type Float64: the column's values as Arrow's cast converts them.
      const double value = literal.type->id() == arrow::Type::DOUBLE
                               ? static_cast<const arrow::DoubleScalar&>(literal).value
                               : static_cast<const arrow::FloatScalar&>(literal).value;
      if (!std::isfinite(value)) return std::nullopt;
      return Compare([value, scale](int64_t unscaled) {
        const double column = arrow::Decimal128(unscaled).ToDouble(scale);
        return (column > value) - (column < value);
      });
    }
    case arrow::Type::DECIMAL128: {
      // Common type a wider decimal: an exact comparison of the two rationals.
      const auto& decimal = static_cast<const arrow::Decimal128Scalar&>(literal);
      const int32_t literal_scale = static_cast<const arrow::DecimalType&>(*literal.type).scale();
      const Int128 value = (static_cast<Int128>(decimal.value.high_bits()) << 64) |
                           static_cast<Int128>(decimal.value.low_bits());
      const Int128 bound = Pow10(20);
      if (literal_scale < 0 || literal_scale > 20 || value >= bound || value <= -bound) {
        return std::nullopt;
      }
      const Int128 right = value * Pow10(scale);
      const Int128 column_factor = Pow10(literal_scale);
      return Compare([right, column_factor](int64_t unscaled) {
        return Sign(static_cast<Int128>(unscaled) * column_factor - right);
      });
    }
    default:
      break;
  }
  if (!arrow::is_integer(literal.type->id())) return std::nullopt;
  // Common type a decimal with the column's scale: exact.
  Int128 value;
  if (literal.type->id() == arrow::Type::UINT64) {
    value = static_cast<Int128>(static_cast<const arrow::UInt64Scalar&>(literal).value);
  } else {
    auto as_int64 = literal.CastTo(arrow::int64());
    if (!as_int64.ok()) return std::nullopt;
    value = static_cast<const arrow::Int64Scalar&>(**as_int64).value;
  }
  const Int128 right = value * Pow10(scale);
  return Compare([right](int64_t unscaled) { return Sign(static_cast<Int128>(unscaled) - right); });
}

// The smallest unscaled value in [-kLimit, kLimit + 1] where `holds` becomes true
// (`holds` is false and then true as values grow); kLimit + 1 if it never does.
int64_t FirstWhere(const std::function<bool(int64_t)>& holds) {
  int64_t low = -kLimit, high = kLimit + 1;
  while (low < high) {
    const int64_t mid = low + (high - low) / 2;
    if (holds(mid)) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  return low;
}

// The unscaled values for which a comparison holds: [low, high], or outside of it
// when `outside`.
struct UnscaledRange {
  int64_t low;
  int64_t high;
  bool outside = false;
};

// `op` as seen from the column when the literal is written first (3 < x is x > 3).
std::string FlipSides(const std::string& op) {
  if (op == "less") return "greater";
  if (op == "less_equal") return "greater_equal";
  if (op == "greater") return "less";
  if (op == "greater_equal") return "less_equal";
  return op;
}

std::optional<UnscaledRange> RangeFor(const std::string& op, const Compare& compare) {
  // Values with compare >= 0 are [at_least, ...), with compare > 0 [above, ...).
  const int64_t at_least = FirstWhere([&](int64_t u) { return compare(u) >= 0; });
  const int64_t above = FirstWhere([&](int64_t u) { return compare(u) > 0; });
  if (op == "greater_equal") return UnscaledRange{at_least, kLimit};
  if (op == "greater") return UnscaledRange{above, kLimit};
  if (op == "less_equal") return UnscaledRange{-kLimit, above - 1};
  if (op == "less") return UnscaledRange{-kLimit, at_least - 1};
  if (op == "equal") return UnscaledRange{at_least, above - 1};
  if (op == "not_equal") return UnscaledRange{at_least, above - 1, true};
  return std::nullopt;
}

std::optional<int32_t> SmallDecimalScale(const arrow::DataType& type) {
  if (type.id() != arrow::Type::DECIMAL128) return std::nullopt;
  const auto& decimal = static_cast<const arrow::DecimalType&>(type);
  if (decimal.precision() > kMaxPrecision) return std::nullopt;
  return decimal.scale();
}

class DecimalRangeCheck final : public BoundFunction {
 public:
  DecimalRangeCheck(UnscaledRange range, BoundFunctionPtr generic)
      : BoundFunction(arrow::boolean()), range_(range), generic_(std::move(generic)) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    const arrow::Datum* column = nullptr;
    for (const auto& arg : args) {
      if (arg.is_array()) column = &arg;
    }
    if (!column) return generic_->Execute(args, ctx);
    const arrow::ArrayData& data = *column->array();
    const int64_t length = data.length;
    ARROW_ASSIGN_OR_RAISE(auto bits, arrow::AllocateBitmap(length, ctx->memory_pool()));
    uint8_t* out = bits->mutable_data();
    // The low 64 bits of a Decimal128 are the whole value when the precision is <= 18.
    const uint8_t* values = data.buffers[1]->data() + data.offset * 16;
    const uint64_t low = static_cast<uint64_t>(range_.low);
    const uint64_t width = static_cast<uint64_t>(range_.high) - low;  // unsigned: one compare
    const bool empty = range_.low > range_.high;
    const uint8_t flip = range_.outside ? 0xFF : 0x00;
    int64_t i = 0;
    for (; i + 8 <= length; i += 8) {
      uint8_t byte = 0;
      for (int j = 0; j < 8; ++j) {
        int64_t unscaled;
        std::memcpy(&unscaled, values + (i + j) * 16, sizeof(unscaled));
        const bool inside = !empty && static_cast<uint64_t>(unscaled) - low <= width;
        byte |= static_cast<uint8_t>(inside) << j;
      }
      out[i / 8] = byte ^ flip;
    }
    for (; i < length; ++i) {
      int64_t unscaled;
      std::memcpy(&unscaled, values + i * 16, sizeof(unscaled));
      const bool inside = !empty && static_cast<uint64_t>(unscaled) - low <= width;
      arrow::bit_util::SetBitTo(out, i, inside != range_.outside);
    }
    std::shared_ptr<arrow::Buffer> validity;
    int64_t null_count = data.GetNullCount();
    if (null_count > 0) {
      ARROW_ASSIGN_OR_RAISE(validity, arrow::internal::CopyBitmap(ctx->memory_pool(),
                                                                  data.buffers[0]->data(),
                                                                  data.offset, length));
    }
    return arrow::ArrayData::Make(arrow::boolean(), length, {std::move(validity), std::move(bits)},
                                  null_count);
  }

 private:
  UnscaledRange range_;
  BoundFunctionPtr generic_;
};

}  // namespace

BoundFunctionPtr BindDecimalLiteralComparison(const std::string& op, const ArgInfo& column,
                                              const ArgInfo& literal, bool literal_first,
                                              BoundFunctionPtr generic) {
  if (column.literal || !literal.literal) return nullptr;
  const auto scale = SmallDecimalScale(*column.type);
  if (!scale) return nullptr;
  const auto compare = CompareWithLiteral(*literal.literal, *scale);
  if (!compare) return nullptr;
  const auto range = RangeFor(literal_first ? FlipSides(op) : op, *compare);
  if (!range) return nullptr;
  return std::make_shared<DecimalRangeCheck>(*range, std::move(generic));
}

BoundFunctionPtr BindDecimalLiteralBetween(const ArgInfo& column, const ArgInfo& low,
                                           const ArgInfo& high, BoundFunctionPtr generic) {
  if (column.literal || !low.literal || !high.literal) return nullptr;
  const auto scale = SmallDecimalScale(*column.type);
  if (!scale) return nullptr;
  const auto above = CompareWithLiteral(*low.literal, *scale);
  const auto below = CompareWithLiteral(*high.literal, *scale);
  if (!above || !below) return nullptr;
  const auto from = RangeFor("greater_equal", *above);
  const auto to = RangeFor("less_equal", *below);
  return std::make_shared<DecimalRangeCheck>(UnscaledRange{from->low, to->high},
                                             std::move(generic));
}

}  // namespace skipjack::internal
