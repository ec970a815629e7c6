#include "skipjack/types/supertype.h"

#include <algorithm>

#include <arrow/type.h>
#include <arrow/type_traits.h>

#include "skipjack/types/display_name.h"

namespace skipjack {
namespace {

using TypePtr = std::shared_ptr<arrow::DataType>;

int IntegerBits(const arrow::DataType& type) {
  return static_cast<const arrow::FixedWidthType&>(type).bit_width();
}

TypePtr SignedOfBits(int bits) {
  switch (bits) {
    case 8:
      return arrow::int8();
    case 16:
      return arrow::int16();
    case 32:
      return arrow::int32();
    default:
      return arrow::int64();
  }
}

TypePtr IntegerSupertype(const TypePtr& a, const TypePtr& b) {
  const bool a_signed = arrow::is_signed_integer(a->id());
  const bool b_signed = arrow::is_signed_integer(b->id());
  const int a_bits = IntegerBits(*a), b_bits = IntegerBits(*b);
  if (a_signed == b_signed) return a_bits >= b_bits ? a : b;
  const int signed_bits = a_signed ? a_bits : b_bits;
  const int unsigned_bits = a_signed ? b_bits : a_bits;
  if (signed_bits > unsigned_bits) return a_signed ? a : b;
  // A signed type wide enough for the unsigned one; none exists above 64 bits.
  if (unsigned_bits >= 64) return arrow::float64();
  return SignedOfBits(unsigned_bits * 2);
}

TypePtr NumericSupertype(const TypePtr& a, const TypePtr& b) {
  if (IsIntegerType(*a) && IsIntegerType(*b)) return IntegerSupertype(a, b);
  if (IsFloatingType(*a) && IsFloatingType(*b)) {
    return IntegerBits(*a) >= IntegerBits(*b) ? a : b;
  }
  const TypePtr& floating = IsFloatingType(*a) ? a : b;
  const TypePtr& integer = IsFloatingType(*a) ? b : a;
  // Float32 keeps ints up to 16 bits exactly; wider ints need Float64.
  if (floating->id() == arrow::Type::DOUBLE || IntegerBits(*integer) > 16) {
    return arrow::float64();
  }
  return floating;
}

// Decimal digits an integer type needs (int64 -> 19, as DECIMAL(19, 0)).
int IntegerDigits(const arrow::DataType& type) {
  switch (IntegerBits(type)) {
    case 8:
      return 3;
    case 16:
      return 5;
    case 32:
      return 10;
    default:
      return arrow::is_signed_integer(type.id()) ? 19 : 20;
  }
}

// Decimals with integers or decimals: enough integer digits and scale for both, as far
// as 38 digits go. With floats: Float64 (Daft's rule).
arrow::Result<TypePtr> DecimalSupertype(const TypePtr& a, const TypePtr& b) {
  if (IsFloatingType(*a) || IsFloatingType(*b)) return arrow::float64();
  auto digits = [](const arrow::DataType& t, int* integer, int* scale) {
    if (t.id() == arrow::Type::DECIMAL128) {
      const auto& d = static_cast<const arrow::DecimalType&>(t);
      *integer = d.precision() - d.scale();
      *scale = d.scale();
    } else {
      *integer = t.id() == arrow::Type::BOOL ? 1 : IntegerDigits(t);
      *scale = 0;
    }
  };
  int ai, as, bi, bs;
  digits(*a, &ai, &as);
  digits(*b, &bi, &bs);
  const int scale = std::max(as, bs);
  const int precision = std::min(38, std::max(ai, bi) + scale);
  return arrow::decimal128(std::max(precision, 1), scale);
}

}  // namespace

bool IsDecimalType(const arrow::DataType& type) {
  return type.id() == arrow::Type::DECIMAL128;
}

bool IsNumericType(const arrow::DataType& type) {
  return IsIntegerType(type) || IsFloatingType(type);
}
bool IsIntegerType(const arrow::DataType& type) { return arrow::is_integer(type.id()); }
bool IsFloatingType(const arrow::DataType& type) { return arrow::is_floating(type.id()); }
bool IsStringType(const arrow::DataType& type) {
  return type.id() == arrow::Type::STRING || type.id() == arrow::Type::LARGE_STRING ||
         type.id() == arrow::Type::STRING_VIEW;
}
bool IsBinaryType(const arrow::DataType& type) {
  return type.id() == arrow::Type::BINARY || type.id() == arrow::Type::LARGE_BINARY ||
         type.id() == arrow::Type::BINARY_VIEW;
}
bool IsTemporalType(const arrow::DataType& type) { return arrow::is_temporal(type.id()); }

arrow::Result<TypePtr> CommonSupertype(const TypePtr& a, const TypePtr& b) {
  if (a->Equals(*b)) return a;
  if (a->id() == arrow::Type::NA) return b;
  if (b->id() == arrow::Type::NA) return a;
  if (a->id() == arrow::Type::BOOL && IsNumericType(*b)) return b;
  if (b->id() == arrow::Type::BOOL && IsNumericType(*a)) return a;
  if (IsNumericType(*a) && IsNumericType(*b)) return NumericSupertype(a, b);
  const bool a_decimal = IsDecimalType(*a), b_decimal = IsDecimalType(*b);
  if ((a_decimal || b_decimal) &&
      (a_decimal || IsNumericType(*a) || a->id() == arrow::Type::BOOL) &&
      (b_decimal || IsNumericType(*b) || b->id() == arrow::Type::BOOL)) {
    return DecimalSupertype(a, b);
  }
  if (IsStringType(*a) && IsStringType(*b)) return arrow::large_utf8();
  if (IsBinaryType(*a) && IsBinaryType(*b)) return arrow::large_binary();
  // Daft renders the other side as text when one side is a string.
  if (IsStringType(*a) && (IsNumericType(*b) || b->id() == arrow::Type::BOOL)) return a;
  if (IsStringType(*b) && (IsNumericType(*a) || a->id() == arrow::Type::BOOL)) return b;
  if (a->id() == arrow::Type::DATE32 && b->id() == arrow::Type::TIMESTAMP) return b;
  if (b->id() == arrow::Type::DATE32 && a->id() == arrow::Type::TIMESTAMP) return a;
  const bool a_list = a->id() == arrow::Type::LIST || a->id() == arrow::Type::LARGE_LIST;
  const bool b_list = b->id() == arrow::Type::LIST || b->id() == arrow::Type::LARGE_LIST;
  if (a_list && b_list) {
    ARROW_ASSIGN_OR_RAISE(auto item, CommonSupertype(a->field(0)->type(),
                                                     b->field(0)->type()));
    return arrow::large_list(item);
  }
  return arrow::Status::TypeError("No common type for ", DisplayName(*a), " and ",
                                  DisplayName(*b));
}

}  // namespace skipjack
