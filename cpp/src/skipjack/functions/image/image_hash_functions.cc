// image_hash(image, method, hash_size, binbits, segments): perceptual hashes as
// FixedSizeBinary, bits packed most significant first, row-major (Daft's layout).

#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/scalar.h>
#include <arrow/type.h>

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/image/image_column.h"
#include "skipjack/functions/image/image_modes.h"
#include "skipjack/functions/image/perceptual_hashes.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/functions/string/scalar_broadcast.h"
#include "skipjack/types/display_name.h"

namespace skipjack::internal {
namespace {

class ImageHashKernel final : public BoundFunction {
 public:
  ImageHashKernel(HashParameters parameters, int32_t bytes)
      : BoundFunction(arrow::fixed_size_binary(bytes)), parameters_(parameters), bytes_(bytes) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    ARROW_ASSIGN_OR_RAISE(auto input, BroadcastToArray(args[0], CallLength(args), ctx->memory_pool()));
    ARROW_ASSIGN_OR_RAISE(auto reader, ImageColumnReader::Make(input));
    arrow::FixedSizeBinaryBuilder builder(output_type(), ctx->memory_pool());
    ARROW_RETURN_NOT_OK(builder.Reserve(reader.length()));
    std::vector<uint8_t> packed(static_cast<size_t>(bytes_));
    for (int64_t row = 0; row < reader.length(); ++row) {
      if (reader.IsNull(row)) {
        builder.UnsafeAppendNull();
        continue;
      }
      const ImageView image = reader.Get(row);
      if (image.width == 0 || image.height == 0) {
        return arrow::Status::Invalid("image_hash: an image of ", image.width, " x ",
                                      image.height, " pixels has nothing to hash");
      }
      // imagehash works on 8-bit images: deeper ones are narrowed first.
      const auto bits = ModeSample(image.mode) == SampleType::kUInt8
                            ? ComputeHash(image, parameters_)
                            : ComputeHash(ConvertMode(image, EightBitMode(image.mode)).view(), parameters_);
      std::fill(packed.begin(), packed.end(), 0);
      for (size_t i = 0; i < bits.size(); ++i) {
        if (bits[i]) packed[i / 8] |= static_cast<uint8_t>(0x80 >> (i % 8));
      }
      builder.UnsafeAppend(packed.data());
    }
    ARROW_ASSIGN_OR_RAISE(auto out, builder.Finish());
    return ShapeLikeArgs(args, std::move(out));
  }

 private:
  HashParameters parameters_;
  int32_t bytes_;
};

arrow::Result<int64_t> PositiveLiteral(const ArgInfo& arg, const char* what) {
  if (!arg.literal || !arg.literal->is_valid || !arrow::is_integer(arg.literal->type->id())) {
    return arrow::Status::TypeError("image_hash: ", what, " must be an integer literal");
  }
  ARROW_ASSIGN_OR_RAISE(auto cast, arg.literal->CastTo(arrow::int64()));
  const int64_t value = static_cast<const arrow::Int64Scalar&>(*cast).value;
  if (value <= 0) return arrow::Status::Invalid("image_hash: ", what, " must be positive, got ", value);
  return value;
}

class ImageHash final : public ScalarFunction {
 public:
  ImageHash()
      : ScalarFunction("image_hash", "Perceptual hashes of images, bit-exact with imagehash") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 5 || !args[1].literal) {
      return ArgumentTypeError(name(), "(image, method, hash_size, binbits, segments)", args);
    }
    if (!GetImageTypeInfo(*args[0].type)) {
      return arrow::Status::TypeError("image_hash expects an Image column, got ",
                                      DisplayName(*args[0].type));
    }
    HashParameters p;
    ARROW_ASSIGN_OR_RAISE(p.method, HashMethodFromName(args[1].literal->ToString()));
    ARROW_ASSIGN_OR_RAISE(const int64_t hash_size, PositiveLiteral(args[2], "hash_size"));
    ARROW_ASSIGN_OR_RAISE(const int64_t binbits, PositiveLiteral(args[3], "binbits"));
    ARROW_ASSIGN_OR_RAISE(const int64_t segments, PositiveLiteral(args[4], "segments"));
    if (hash_size > 256 || binbits > 16 || segments > 16) {
      return arrow::Status::Invalid("image_hash: hash_size <= 256, binbits <= 16, segments <= 16");
    }
    p.hash_size = static_cast<int>(hash_size);
    p.binbits = static_cast<int>(binbits);
    p.segments = static_cast<int>(segments);
    if ((p.method == HashMethod::kPhash || p.method == HashMethod::kDhash ||
         p.method == HashMethod::kAhash) && p.hash_size < 2) {
      return arrow::Status::Invalid("image_hash: hash_size must be at least 2");
    }
    if (p.method == HashMethod::kWhash && (p.hash_size & (p.hash_size - 1)) != 0) {
      return arrow::Status::Invalid("image_hash: whash needs a power of two hash_size, got ",
                                    p.hash_size);
    }
    const auto bytes = static_cast<int32_t>((HashBits(p) + 7) / 8);
    return std::make_shared<ImageHashKernel>(p, bytes);
  }
};

}  // namespace

void RegisterImageHashFunctions(FunctionRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<ImageHash>()));
}

}  // namespace skipjack::internal
