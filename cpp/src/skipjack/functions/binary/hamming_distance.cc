// hamming_distance(a, b): the number of differing bits of two equal-size binary values
// (image hashes) or two integers, as UInt32; null if either is null.

#include <algorithm>
#include <bit>
#include <climits>
#include <cstring>

#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/type.h>

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/functions/string/scalar_broadcast.h"
#include <arrow/scalar.h>
#include "skipjack/types/display_name.h"

namespace skipjack::internal {
namespace {

__attribute__((target_clones("popcnt", "default"))) uint32_t PopcountXor(const uint8_t* a,
                                                                          const uint8_t* b,
                                                                          int64_t n) {
  uint32_t count = 0;
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    count += static_cast<uint32_t>(std::popcount(x ^ y));
  }
  for (; i < n; ++i) count += static_cast<uint32_t>(std::popcount(static_cast<unsigned>(a[i] ^ b[i])));
  return count;
}

class HammingKernel final : public BoundFunction {
 public:
  explicit HammingKernel(bool integers) : BoundFunction(arrow::uint32()), integers_(integers) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    const int64_t length = CallLength(args);
    std::vector<std::shared_ptr<arrow::Array>> sides;
    for (const auto& arg : args) {
      arrow::Datum value = arg;
      if (integers_) {
        ARROW_ASSIGN_OR_RAISE(value, CastDatum(arg, arrow::uint64(), ctx));
      }
      ARROW_ASSIGN_OR_RAISE(auto array, BroadcastToArray(value, length, ctx->memory_pool()));
      sides.push_back(std::move(array));
    }
    arrow::UInt32Builder builder(ctx->memory_pool());
    ARROW_RETURN_NOT_OK(builder.Reserve(length));
    for (int64_t row = 0; row < length; ++row) {
      if (sides[0]->IsNull(row) || sides[1]->IsNull(row)) {
        builder.UnsafeAppendNull();
        continue;
      }
      if (integers_) {
        const auto a = static_cast<const arrow::UInt64Array&>(*sides[0]).Value(row);
        const auto b = static_cast<const arrow::UInt64Array&>(*sides[1]).Value(row);
        builder.UnsafeAppend(static_cast<uint32_t>(std::popcount(a ^ b)));
        continue;
      }
      const auto a = ViewAt(*sides[0], row), b = ViewAt(*sides[1], row);
      if (a.size() != b.size()) {
        return arrow::Status::TypeError("hamming_distance: values of ", a.size(), " and ", b.size(),
                                        " bytes; both sides must have the same size");
      }
      builder.UnsafeAppend(PopcountXor(reinterpret_cast<const uint8_t*>(a.data()),
                                       reinterpret_cast<const uint8_t*>(b.data()),
                                       static_cast<int64_t>(a.size())));
    }
    ARROW_ASSIGN_OR_RAISE(auto out, builder.Finish());
    return ShapeLikeArgs(args, std::move(out));
  }

 private:
  static std::string_view ViewAt(const arrow::Array& array, int64_t row) {
    switch (array.type_id()) {
      case arrow::Type::FIXED_SIZE_BINARY:
        return static_cast<const arrow::FixedSizeBinaryArray&>(array).GetView(row);
      case arrow::Type::BINARY:
        return static_cast<const arrow::BinaryArray&>(array).GetView(row);
      default:
        return static_cast<const arrow::LargeBinaryArray&>(array).GetView(row);
    }
  }

  bool integers_;
};

bool IsBinary(const arrow::DataType& type) {
  return type.id() == arrow::Type::FIXED_SIZE_BINARY || type.id() == arrow::Type::BINARY ||
         type.id() == arrow::Type::LARGE_BINARY;
}

class HammingDistance final : public ScalarFunction {
 public:
  HammingDistance()
      : ScalarFunction("hamming_distance", "Number of differing bits (binary hashes or integers)") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 2) return ArgumentTypeError(name(), "(left, right)", args);
    const auto& a = *args[0].type;
    const auto& b = *args[1].type;
    if (arrow::is_integer(a.id()) && arrow::is_integer(b.id())) {
      return std::make_shared<HammingKernel>(true);
    }
    if (IsBinary(a) && IsBinary(b)) {
      if (a.id() == arrow::Type::FIXED_SIZE_BINARY && b.id() == arrow::Type::FIXED_SIZE_BINARY &&
          !a.Equals(b)) {
        return arrow::Status::TypeError("hamming_distance: ", DisplayName(a), " and ",
                                        DisplayName(b), " differ in size");
      }
      return std::make_shared<HammingKernel>(false);
    }
    return arrow::Status::TypeError("hamming_distance expects two binary (hash) or two integer "
                                    "columns, got ", DisplayName(a), " and ", DisplayName(b));
  }
};

// crop_resistant_distance(a, b, segments): the smallest Hamming distance between any
// segment hash of a and any segment hash of b (crop_resistant hashes are segments^2
// equal parts), so a crop that moves content between grid cells still matches.
class SegmentDistanceKernel final : public BoundFunction {
 public:
  explicit SegmentDistanceKernel(int parts) : BoundFunction(arrow::uint32()), parts_(parts) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    const int64_t length = CallLength(args);
    ARROW_ASSIGN_OR_RAISE(auto a, BroadcastToArray(args[0], length, ctx->memory_pool()));
    ARROW_ASSIGN_OR_RAISE(auto b, BroadcastToArray(args[1], length, ctx->memory_pool()));
    const auto& left = static_cast<const arrow::FixedSizeBinaryArray&>(*a);
    const auto& right = static_cast<const arrow::FixedSizeBinaryArray&>(*b);
    const int64_t part = left.byte_width() / parts_;
    arrow::UInt32Builder builder(ctx->memory_pool());
    ARROW_RETURN_NOT_OK(builder.Reserve(length));
    for (int64_t row = 0; row < length; ++row) {
      if (left.IsNull(row) || right.IsNull(row)) {
        builder.UnsafeAppendNull();
        continue;
      }
      uint32_t best = UINT32_MAX;
      for (int i = 0; i < parts_; ++i) {
        for (int j = 0; j < parts_; ++j) {
          best = std::min(best, PopcountXor(left.GetValue(row) + i * part,
                                            right.GetValue(row) + j * part, part));
        }
      }
      builder.UnsafeAppend(best);
    }
    ARROW_ASSIGN_OR_RAISE(auto out, builder.Finish());
    return ShapeLikeArgs(args, std::move(out));
  }

 private:
  int parts_;
};

class CropResistantDistance final : public ScalarFunction {
 public:
  CropResistantDistance()
      : ScalarFunction("crop_resistant_distance",
                       "Smallest distance between any two segment hashes of crop_resistant hashes") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 3 || !args[2].literal || !arrow::is_integer(args[2].literal->type->id())) {
      return ArgumentTypeError(name(), "(hash, hash, segments literal)", args);
    }
    ARROW_ASSIGN_OR_RAISE(auto cast, args[2].literal->CastTo(arrow::int64()));
    const int64_t segments = static_cast<const arrow::Int64Scalar&>(*cast).value;
    const auto& a = *args[0].type;
    if (segments <= 0 || a.id() != arrow::Type::FIXED_SIZE_BINARY || !a.Equals(*args[1].type) ||
        static_cast<const arrow::FixedSizeBinaryType&>(a).byte_width() % (segments * segments) != 0) {
      return arrow::Status::TypeError(
          "crop_resistant_distance expects two equal crop_resistant hashes (FixedSizeBinary "
          "holding segments^2 equal parts), got ", DisplayName(a), " and ",
          DisplayName(*args[1].type), " with segments=", segments);
    }
    return std::make_shared<SegmentDistanceKernel>(static_cast<int>(segments * segments));
  }
};

}  // namespace

void RegisterBinaryFunctions(FunctionRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<HammingDistance>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<CropResistantDistance>()));
}

}  // namespace skipjack::internal
