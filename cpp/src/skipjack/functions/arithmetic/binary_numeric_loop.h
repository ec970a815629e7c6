// File: binary_numeric_loop.h
//
// An element-wise loop over two numeric datums of the same type, for the few kernels
// Arrow does not have (Python floor division and modulo). The operation may mark an
// element null, e.g. on division by zero.

#pragma once

#include <arrow/array.h>
#include <arrow/array/util.h>
#include <arrow/buffer.h>
#include <arrow/datum.h>
#include <arrow/scalar.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/bitmap_ops.h>

namespace skipjack::internal {

/// Applies `op(x, y, &valid) -> value` to every row of `a` and `b` (arrays of equal
/// length or scalars, both of ArrowType). Null inputs give null outputs.
template <typename ArrowType, typename Op>
arrow::Result<arrow::Datum> BinaryNumericLoop(const arrow::Datum& a, const arrow::Datum& b,
                                              arrow::MemoryPool* pool, Op op) {
  using CType = typename ArrowType::c_type;
  using ScalarType = arrow::NumericScalar<ArrowType>;
  if (a.is_scalar() && b.is_scalar()) {
    const auto& x = static_cast<const ScalarType&>(*a.scalar());
    const auto& y = static_cast<const ScalarType&>(*b.scalar());
    if (!x.is_valid || !y.is_valid) return arrow::Datum(arrow::MakeNullScalar(a.type()));
    bool valid = true;
    const CType value = op(x.value, y.value, &valid);
    if (!valid) return arrow::Datum(arrow::MakeNullScalar(a.type()));
    return arrow::Datum(std::make_shared<arrow::NumericScalar<ArrowType>>(value));
  }
  const int64_t length = a.is_array() ? a.length() : b.length();

  // Each side is either a strided array (step 1) or a broadcast scalar (step 0).
  struct Side {
    const CType* values;
    const uint8_t* validity;
    int64_t offset;
    int64_t step;
    bool all_null;
  };
  CType scalar_storage[2] = {};
  auto side = [&](const arrow::Datum& d, int which) -> Side {
    if (d.is_scalar()) {
      const auto& s = static_cast<const ScalarType&>(*d.scalar());
      if (s.is_valid) scalar_storage[which] = s.value;
      return {&scalar_storage[which], nullptr, 0, 0, !s.is_valid};
    }
    const auto& data = *d.array();
    const uint8_t* bits = data.buffers[0] ? data.buffers[0]->data() : nullptr;
    return {data.GetValues<CType>(1), bits, data.offset, 1, false};
  };
  const Side x = side(a, 0), y = side(b, 1);
  if (x.all_null || y.all_null) {
    ARROW_ASSIGN_OR_RAISE(auto nulls, arrow::MakeArrayOfNull(a.type(), length, pool));
    return arrow::Datum(nulls);
  }

  ARROW_ASSIGN_OR_RAISE(auto out_values, arrow::AllocateBuffer(length * sizeof(CType), pool));
  ARROW_ASSIGN_OR_RAISE(auto out_bits, arrow::AllocateBitmap(length, pool));
  auto* out = reinterpret_cast<CType*>(out_values->mutable_data());
  uint8_t* bits = out_bits->mutable_data();
  int64_t null_count = 0;
  for (int64_t i = 0; i < length; ++i) {
    bool valid = (!x.validity || arrow::bit_util::GetBit(x.validity, x.offset + i)) &&
                 (!y.validity || arrow::bit_util::GetBit(y.validity, y.offset + i));
    out[i] = valid ? op(x.values[i * x.step], y.values[i * y.step], &valid) : CType{};
    arrow::bit_util::SetBitTo(bits, i, valid);
    null_count += !valid;
  }
  auto data = arrow::ArrayData::Make(a.type(), length,
                                     {null_count ? std::move(out_bits) : nullptr,
                                      std::move(out_values)},
                                     null_count);
  return arrow::Datum(arrow::MakeArray(data));
}

}  // namespace skipjack::internal
