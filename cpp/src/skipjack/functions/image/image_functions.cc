// Image functions (Daft's names): decode_image, encode_image, resize, crop, convert_image,
// image_to_tensor and the attributes image_width / image_height / image_channel /
// image_mode. Kernels are in this folder (codecs, resize); this file binds them.

#include <functional>
#include <optional>

#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/compute/api.h>
#include <arrow/extension_type.h>
#include <arrow/scalar.h>
#include <arrow/type.h>

#include "skipjack/exec/morsel.h"
#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/image/image_codecs.h"
#include "skipjack/functions/image/image_column.h"
#include "skipjack/functions/image/image_modes.h"
#include "skipjack/functions/image/image_resize.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/functions/string/scalar_broadcast.h"
#include "skipjack/types/display_name.h"

namespace skipjack::internal {
namespace {

using ImageMapFn = std::function<arrow::Result<OwnedImage>(const ImageView&)>;

std::optional<std::string> StringOption(const CallOptions& options, const std::string& name) {
  auto it = options.find(name);
  if (it == options.end() || !it->second->is_valid) return std::nullopt;
  return it->second->ToString();
}

arrow::Result<int64_t> IntLiteral(const ArgInfo& arg, const char* function, const char* what) {
  if (!arg.literal || !arg.literal->is_valid || !arrow::is_integer(arg.literal->type->id())) {
    return arrow::Status::TypeError(function, ": ", what, " must be an integer literal");
  }
  ARROW_ASSIGN_OR_RAISE(auto cast, arg.literal->CastTo(arrow::int64()));
  return static_cast<const arrow::Int64Scalar&>(*cast).value;
}

arrow::Status ExpectImage(const ArgInfo& arg, const std::string& function) {
  if (!GetImageTypeInfo(*arg.type)) {
    return arrow::Status::TypeError(function, " expects an Image column, got ",
                                    DisplayName(*arg.type),
                                    " (decode bytes with decode_image() first)");
  }
  return arrow::Status::OK();
}

class ImageToImage final : public BoundFunction {
 public:
  ImageToImage(std::shared_ptr<arrow::DataType> output, ImageMapFn fn)
      : BoundFunction(std::move(output)), fn_(std::move(fn)) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    ARROW_ASSIGN_OR_RAISE(auto input, BroadcastToArray(args[0], CallLength(args), ctx->memory_pool()));
    ARROW_ASSIGN_OR_RAISE(auto reader, ImageColumnReader::Make(input));
    ImageColumnBuilder builder(output_type());
    builder.Reserve(reader.length(), 0);
    for (int64_t row = 0; row < reader.length(); ++row) {
      if (reader.IsNull(row)) {
        builder.AppendNull();
        continue;
      }
      ARROW_ASSIGN_OR_RAISE(auto image, fn_(reader.Get(row)));
      ARROW_RETURN_NOT_OK(builder.Append(image.view()));
    }
    ARROW_ASSIGN_OR_RAISE(auto out, builder.Finish());
    return ShapeLikeArgs(args, std::move(out));
  }

 private:
  ImageMapFn fn_;
};

// -- decode / encode ----------------------------------------------------------------------

// What failed and on which bytes: their size and first bytes say more than a row number
// (an HTML error page starts with "<!DOCTYPE", a truncated file has the right header).
arrow::Status DecodeError(const arrow::Status& status, std::string_view value, int64_t row) {
  std::string preview;
  for (unsigned char c : value.substr(0, 16)) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      preview += static_cast<char>(c);
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof(escaped), "\\x%02x", c);
      preview += escaped;
    }
  }
  // The operator running the kernel names the row (InputRowsNote).
  return AtBatchRow(status, row).WithMessage("decode_image failed on a value of ",
                            value.size(), " bytes starting b\"", preview,
                            value.size() > 16 ? "...\"" : "\"", ": ", status.message(),
                            " (use on_error=\"null\" to get null instead)");
}

// Decodes each value, converts it to `mode` if one is given and, for decode_and_resize,
// resizes it at once (the planner's fusion of decode_image().resize()).
struct DecodeSpec {
  std::optional<ImageMode> mode;
  bool null_on_error = false;
  std::optional<std::pair<int64_t, int64_t>> resize;  // width, height
};

class DecodeKernel final : public BoundFunction {
 public:
  DecodeKernel(std::shared_ptr<arrow::DataType> output, DecodeSpec spec)
      : BoundFunction(std::move(output)),
        spec_(spec),
        keep_depth_(spec.mode && ModeSample(*spec.mode) != SampleType::kUInt8) {}

  // A decoded photo is ~10x its file: a few at a time keep memory bounded; resized
  // images are small again.
  int64_t max_rows_per_call() const override { return spec_.resize ? 64 : 8; }

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    ARROW_ASSIGN_OR_RAISE(auto large, CastDatum(args[0], arrow::large_binary(), ctx));
    ARROW_ASSIGN_OR_RAISE(auto input, BroadcastToArray(large, CallLength(args), ctx->memory_pool()));
    const auto& bytes = static_cast<const arrow::LargeBinaryArray&>(*input);
    ImageColumnBuilder builder(output_type());
    builder.Reserve(bytes.length(), 0);
    for (int64_t row = 0; row < bytes.length(); ++row) {
      if (bytes.IsNull(row)) {
        builder.AppendNull();
        continue;
      }
      const auto value = bytes.GetView(row);
      auto decoded = DecodeImage(reinterpret_cast<const uint8_t*>(value.data()),
                                 static_cast<int64_t>(value.size()), keep_depth_);
      if (!decoded.ok()) {
        if (spec_.null_on_error) {
          builder.AppendNull();
          continue;
        }
        return DecodeError(decoded.status(), value, row);
      }
      OwnedImage image = std::move(decoded).ValueUnsafe();
      // MIXED columns hold 8-bit images, as Daft's.
      const ImageMode mode = spec_.mode.value_or(EightBitMode(image.mode));
      if (image.mode != mode) image = ConvertMode(image.view(), mode);
      if (spec_.resize) image = ResizeImage(image.view(), spec_.resize->first, spec_.resize->second);
      ARROW_RETURN_NOT_OK(builder.Append(image.view()));
    }
    ARROW_ASSIGN_OR_RAISE(auto out, builder.Finish());
    return ShapeLikeArgs(args, std::move(out));
  }

 private:
  DecodeSpec spec_;
  bool keep_depth_;  // a 16-bit or float mode: decode 16-bit files without narrowing
};

// The bytes argument and the on_error / mode options shared by decode_image and
// decode_and_resize.
arrow::Result<DecodeSpec> BindDecode(const std::string& function, const ArgInfo& bytes,
                                     const std::vector<ArgInfo>& args, const CallOptions& options) {
  if (bytes.type->id() != arrow::Type::LARGE_BINARY && bytes.type->id() != arrow::Type::BINARY) {
    return ArgumentTypeError(function, "a Binary column of encoded images", args);
  }
  DecodeSpec spec;
  const auto on_error = StringOption(options, "on_error").value_or("raise");
  if (on_error != "raise" && on_error != "null") {
    return arrow::Status::Invalid("decode_image: on_error must be \"raise\" or \"null\", got \"",
                                  on_error, "\"");
  }
  spec.null_on_error = on_error == "null";
  if (auto name = StringOption(options, "mode")) {
    spec.mode = ModeFromName(*name);
    if (!spec.mode) return arrow::Status::Invalid("decode_image: unsupported mode '", *name, "'");
  }
  return spec;
}

class ImageDecode final : public ScalarFunction {
 public:
  ImageDecode() : ScalarFunction("decode_image", "Decodes PNG/JPEG/WebP/GIF bytes into images") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions& options) const override {
    if (args.size() != 1) return ArgumentTypeError(name(), "one Binary column of encoded images", args);
    ARROW_ASSIGN_OR_RAISE(auto spec, BindDecode(name(), args[0], args, options));
    return std::make_shared<DecodeKernel>(ImageType(spec.mode), spec);
  }
};

class EncodeKernel final : public BoundFunction {
 public:
  explicit EncodeKernel(ImageFormat format) : BoundFunction(arrow::large_binary()), format_(format) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    ARROW_ASSIGN_OR_RAISE(auto input, BroadcastToArray(args[0], CallLength(args), ctx->memory_pool()));
    ARROW_ASSIGN_OR_RAISE(auto reader, ImageColumnReader::Make(input));
    arrow::LargeBinaryBuilder builder(ctx->memory_pool());
    for (int64_t row = 0; row < reader.length(); ++row) {
      if (reader.IsNull(row)) {
        ARROW_RETURN_NOT_OK(builder.AppendNull());
        continue;
      }
      ARROW_ASSIGN_OR_RAISE(auto bytes, EncodeImage(reader.Get(row), format_));
      ARROW_RETURN_NOT_OK(builder.Append(bytes));
    }
    ARROW_ASSIGN_OR_RAISE(auto out, builder.Finish());
    return ShapeLikeArgs(args, std::move(out));
  }

 private:
  ImageFormat format_;
};

// decode_and_resize: decode_image(...).resize(w, h) in one step, never holding the
// full-size image in a column (the physical planner fuses the two calls).
class ImageDecodeResize final : public ScalarFunction {
 public:
  ImageDecodeResize()
      : ScalarFunction("decode_and_resize",
                       "decode_image followed by resize, fused by the planner (internal)") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions& options) const override {
    if (args.size() != 3) return ArgumentTypeError(name(), "(bytes, width, height)", args);
    ARROW_ASSIGN_OR_RAISE(const int64_t width, IntLiteral(args[1], "resize", "width"));
    ARROW_ASSIGN_OR_RAISE(const int64_t height, IntLiteral(args[2], "resize", "height"));
    ARROW_ASSIGN_OR_RAISE(auto spec, BindDecode("decode_image", args[0], args, options));
    spec.resize = std::make_pair(width, height);
    auto output = spec.mode ? FixedShapeImageType(*spec.mode, height, width) : ImageType(std::nullopt);
    return std::make_shared<DecodeKernel>(output, spec);
  }
};

class ImageEncode final : public ScalarFunction {
 public:
  ImageEncode() : ScalarFunction("encode_image", "Encodes images as PNG, JPEG or WEBP bytes") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 2 || !args[1].literal) {
      return ArgumentTypeError(name(), "(image, format literal)", args);
    }
    ARROW_RETURN_NOT_OK(ExpectImage(args[0], "encode_image"));
    ARROW_ASSIGN_OR_RAISE(auto format, ImageFormatFromName(args[1].literal->ToString()));
    return std::make_shared<EncodeKernel>(format);
  }
};

// -- resize / crop / to_mode ----------------------------------------------------------------

class ImageResize final : public ScalarFunction {
 public:
  ImageResize() : ScalarFunction("resize", "Resizes images (triangle filter, as Daft)") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions& options) const override {
    if (args.size() != 3) return ArgumentTypeError(name(), "(image, width, height)", args);
    const auto id = args[0].type->id();
    if (id == arrow::Type::BINARY || id == arrow::Type::LARGE_BINARY) {
      // Encoded bytes (Daft's guide resizes downloads directly): decoded as decode_image()
      // would, one image at a time, straight to the new size.
      return ImageDecodeResize().Bind(args, options);
    }
    ARROW_RETURN_NOT_OK(ExpectImage(args[0], "resize"));
    ARROW_ASSIGN_OR_RAISE(const int64_t width, IntLiteral(args[1], "resize", "width"));
    ARROW_ASSIGN_OR_RAISE(const int64_t height, IntLiteral(args[2], "resize", "height"));
    if (width <= 0 || height <= 0) {
      return arrow::Status::Invalid("resize: width and height must be positive, got ", width,
                                    " x ", height);
    }
    const auto info = *GetImageTypeInfo(*args[0].type);
    // A known mode gives a fixed shape (Daft: Image[RGB] -> Image[RGB; h x w]).
    auto output = info.mode ? FixedShapeImageType(*info.mode, height, width) : ImageType(std::nullopt);
    return std::make_shared<ImageToImage>(output, [width, height](const ImageView& image) {
      return arrow::Result<OwnedImage>(ResizeImage(image, width, height));
    });
  }
};

OwnedImage CropImage(const ImageView& image, int64_t x, int64_t y, int64_t w, int64_t h) {
  // Clipped to the image, as the image crate's crop_imm.
  const int64_t x0 = std::min(x, image.width), y0 = std::min(y, image.height);
  OwnedImage out;
  out.width = std::min(w, image.width - x0);
  out.height = std::min(h, image.height - y0);
  out.channels = image.channels;
  out.mode = image.mode;
  const int64_t pixel_bytes = image.channels * SampleBytes(image.mode);
  out.pixels.resize(static_cast<size_t>(out.width * out.height * pixel_bytes));
  for (int64_t row = 0; row < out.height; ++row) {
    const uint8_t* source = image.pixels + ((y0 + row) * image.width + x0) * pixel_bytes;
    std::copy(source, source + out.width * pixel_bytes, out.pixels.data() + row * out.width * pixel_bytes);
  }
  return out;
}

// crop(image, bbox) with a bbox per row: a list of 4 integers (x, y, width, height).
class CropByColumnKernel final : public BoundFunction {
 public:
  explicit CropByColumnKernel(std::shared_ptr<arrow::DataType> output)
      : BoundFunction(std::move(output)) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    const int64_t length = CallLength(args);
    ARROW_ASSIGN_OR_RAISE(auto images, BroadcastToArray(args[0], length, ctx->memory_pool()));
    ARROW_ASSIGN_OR_RAISE(auto boxes, BroadcastToArray(args[1], length, ctx->memory_pool()));
    ARROW_ASSIGN_OR_RAISE(auto reader, ImageColumnReader::Make(images));
    ARROW_ASSIGN_OR_RAISE(auto lengths, arrow::compute::CallFunction("list_value_length", {boxes}, ctx));
    ARROW_ASSIGN_OR_RAISE(auto wrong, arrow::compute::CallFunction(
                                          "not_equal", {lengths, arrow::Datum(int64_t{4})}, ctx));
    ARROW_ASSIGN_OR_RAISE(auto any_wrong, arrow::compute::CallFunction("any", {wrong}, ctx));
    if (any_wrong.scalar()->is_valid &&
        static_cast<const arrow::BooleanScalar&>(*any_wrong.scalar()).value) {
      return arrow::Status::Invalid("crop: each bbox must hold 4 integers (x, y, width, height)");
    }
    auto cast = CastDatum(boxes, arrow::fixed_size_list(arrow::int64(), 4), ctx);
    if (!cast.ok()) {
      return arrow::Status::Invalid("crop: each bbox must hold 4 integers (x, y, width, height): ",
                                    cast.status().message());
    }
    const auto list = std::static_pointer_cast<arrow::FixedSizeListArray>(cast->make_array());
    const auto values = std::static_pointer_cast<arrow::Int64Array>(list->values());
    ImageColumnBuilder builder(output_type());
    builder.Reserve(length, 0);
    for (int64_t row = 0; row < length; ++row) {
      if (reader.IsNull(row) || list->IsNull(row)) {
        builder.AppendNull();
        continue;
      }
      int64_t box[4];
      for (int i = 0; i < 4; ++i) {
        box[i] = values->Value(list->value_offset(row) + i);
        if (box[i] < 0) return arrow::Status::Invalid("crop: bbox values must be >= 0, got ", box[i]);
      }
      ARROW_RETURN_NOT_OK(builder.Append(CropImage(reader.Get(row), box[0], box[1], box[2], box[3]).view()));
    }
    ARROW_ASSIGN_OR_RAISE(auto out, builder.Finish());
    return ShapeLikeArgs(args, std::move(out));
  }
};

class ImageCrop final : public ScalarFunction {
 public:
  ImageCrop() : ScalarFunction("crop", "Crops images to a (x, y, width, height) box") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() == 2) {  // a bbox column
      ARROW_RETURN_NOT_OK(ExpectImage(args[0], "crop"));
      if (!arrow::is_list_like(args[1].type->id())) {
        return ArgumentTypeError(name(), "(image, bbox list column)", args);
      }
      return std::make_shared<CropByColumnKernel>(ImageType(GetImageTypeInfo(*args[0].type)->mode));
    }
    if (args.size() != 5) return ArgumentTypeError(name(), "(image, x, y, width, height)", args);
    ARROW_RETURN_NOT_OK(ExpectImage(args[0], "crop"));
    int64_t box[4];
    const char* names[4] = {"x", "y", "width", "height"};
    for (int i = 0; i < 4; ++i) {
      ARROW_ASSIGN_OR_RAISE(box[i], IntLiteral(args[i + 1], "crop", names[i]));
      if (box[i] < 0) return arrow::Status::Invalid("crop: ", names[i], " must be >= 0");
    }
    const auto info = *GetImageTypeInfo(*args[0].type);
    const int64_t x = box[0], y = box[1], w = box[2], h = box[3];
    return std::make_shared<ImageToImage>(ImageType(info.mode), [=](const ImageView& image) {
      return arrow::Result<OwnedImage>(CropImage(image, x, y, w, h));
    });
  }
};

class ImageToMode final : public ScalarFunction {
 public:
  ImageToMode()
      : ScalarFunction("convert_image", "Converts images to another mode (L ... RGBA, L16 ... RGBA32F)") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 2 || !args[1].literal) return ArgumentTypeError(name(), "(image, mode literal)", args);
    ARROW_RETURN_NOT_OK(ExpectImage(args[0], "convert_image"));
    const std::string mode_name = args[1].literal->ToString();
    const auto mode = ModeFromName(mode_name);
    if (!mode) return arrow::Status::Invalid("convert_image: unsupported mode '", mode_name, "'");
    const auto info = *GetImageTypeInfo(*args[0].type);
    auto output = info.fixed_shape ? FixedShapeImageType(*mode, info.height, info.width) : ImageType(mode);
    const ImageMode target = *mode;
    return std::make_shared<ImageToImage>(output, [target](const ImageView& image) {
      return arrow::Result<OwnedImage>(ConvertMode(image, target));
    });
  }
};

// -- to_tensor / attributes ----------------------------------------------------------------

class ToTensorKernel final : public BoundFunction {
 public:
  ToTensorKernel(std::shared_ptr<arrow::DataType> output, std::shared_ptr<arrow::DataType> sample,
                 bool fixed)
      : BoundFunction(std::move(output)), sample_(std::move(sample)), fixed_(fixed) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    ARROW_ASSIGN_OR_RAISE(auto input, BroadcastToArray(args[0], CallLength(args), ctx->memory_pool()));
    const auto& storage = static_cast<const arrow::ExtensionArray&>(*input).storage();
    if (fixed_) {  // the same fixed_size_list storage: no copy
      return ShapeLikeArgs(args, arrow::ExtensionType::WrapArray(output_type(), storage));
    }
    ARROW_ASSIGN_OR_RAISE(auto reader, ImageColumnReader::Make(input));
    const auto& storage_type = static_cast<const arrow::ExtensionType&>(*output_type()).storage_type();
    // Pixels go in as bytes; the values get the sample type at the end.
    auto data = std::make_shared<arrow::LargeListBuilder>(ctx->memory_pool(),
                                                          std::make_shared<arrow::UInt8Builder>());
    auto shape = std::make_shared<arrow::LargeListBuilder>(ctx->memory_pool(),
                                                           std::make_shared<arrow::UInt64Builder>());
    arrow::StructBuilder tensor(storage_type, ctx->memory_pool(), {data, shape});
    auto* pixels = static_cast<arrow::UInt8Builder*>(data->value_builder());
    auto* dims = static_cast<arrow::UInt64Builder*>(shape->value_builder());
    for (int64_t row = 0; row < reader.length(); ++row) {
      if (reader.IsNull(row)) {
        ARROW_RETURN_NOT_OK(tensor.AppendNull());
        continue;
      }
      const ImageView image = reader.Get(row);
      ARROW_RETURN_NOT_OK(tensor.Append());
      ARROW_RETURN_NOT_OK(data->Append());
      ARROW_RETURN_NOT_OK(pixels->AppendValues(image.pixels, image.bytes()));
      ARROW_RETURN_NOT_OK(shape->Append());
      ARROW_RETURN_NOT_OK(dims->AppendValues({static_cast<uint64_t>(image.height),
                                              static_cast<uint64_t>(image.width),
                                              static_cast<uint64_t>(image.channels)}));
    }
    ARROW_ASSIGN_OR_RAISE(auto bytes, tensor.Finish());
    ARROW_ASSIGN_OR_RAISE(auto out, RetypeTensorValues(bytes, storage_type));
    return ShapeLikeArgs(args, arrow::ExtensionType::WrapArray(output_type(), out));
  }

 private:
  // The byte values of a tensor struct seen as samples of `sample_` (offsets scaled).
  arrow::Result<std::shared_ptr<arrow::Array>> RetypeTensorValues(
      const std::shared_ptr<arrow::Array>& bytes_tensor,
      const std::shared_ptr<arrow::DataType>& storage_type) const {
    const int width = sample_->byte_width();
    if (width == 1) return bytes_tensor;
    const auto& tensor = static_cast<const arrow::StructArray&>(*bytes_tensor);
    const auto& data = static_cast<const arrow::LargeListArray&>(*tensor.field(0));
    std::vector<int64_t> offsets(data.length() + 1);
    for (int64_t i = 0; i <= data.length(); ++i) offsets[i] = data.raw_value_offsets()[i] / width;
    const auto& bytes = *data.values();
    auto values = arrow::MakeArray(arrow::ArrayData::Make(
        sample_, bytes.length() / width, {nullptr, bytes.data()->buffers[1]}, 0));
    auto list = std::make_shared<arrow::LargeListArray>(
        storage_type->field(0)->type(), data.length(), arrow::Buffer::FromVector(std::move(offsets)),
        values, data.null_bitmap(), data.null_count());
    return std::make_shared<arrow::StructArray>(storage_type, tensor.length(),
                                                arrow::ArrayVector{list, tensor.field(1)},
                                                tensor.null_bitmap(), tensor.null_count());
  }

  std::shared_ptr<arrow::DataType> sample_;
  bool fixed_;
};

class ImageToTensor final : public ScalarFunction {
 public:
  ImageToTensor()
      : ScalarFunction("image_to_tensor", "Images as H x W x C tensors of their sample type") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 1) return ArgumentTypeError(name(), "(image)", args);
    ARROW_RETURN_NOT_OK(ExpectImage(args[0], "image_to_tensor"));
    const auto info = *GetImageTypeInfo(*args[0].type);
    const auto sample = !info.mode ? arrow::uint8()
                        : ModeSample(*info.mode) == SampleType::kUInt16 ? arrow::uint16()
                        : ModeSample(*info.mode) == SampleType::kFloat32 ? arrow::float32()
                                                                         : arrow::uint8();
    if (info.fixed_shape) {
      return std::make_shared<ToTensorKernel>(
          FixedShapeTensorType(sample, {info.height, info.width, ModeChannels(*info.mode)}), sample, true);
    }
    return std::make_shared<ToTensorKernel>(TensorType(sample), sample, false);
  }
};

enum class Attribute { kWidth, kHeight, kChannel, kMode };

class AttributeKernel final : public BoundFunction {
 public:
  explicit AttributeKernel(Attribute attribute) : BoundFunction(arrow::uint32()), attribute_(attribute) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    ARROW_ASSIGN_OR_RAISE(auto input, BroadcastToArray(args[0], CallLength(args), ctx->memory_pool()));
    ARROW_ASSIGN_OR_RAISE(auto reader, ImageColumnReader::Make(input));
    arrow::UInt32Builder builder(ctx->memory_pool());
    ARROW_RETURN_NOT_OK(builder.Reserve(reader.length()));
    for (int64_t row = 0; row < reader.length(); ++row) {
      if (reader.IsNull(row)) {
        builder.UnsafeAppendNull();
        continue;
      }
      const ImageView image = reader.Get(row);
      const int64_t value = attribute_ == Attribute::kWidth    ? image.width
                            : attribute_ == Attribute::kHeight ? image.height
                            : attribute_ == Attribute::kChannel
                                ? image.channels
                                : static_cast<int64_t>(image.mode);
      builder.UnsafeAppend(static_cast<uint32_t>(value));
    }
    ARROW_ASSIGN_OR_RAISE(auto out, builder.Finish());
    return ShapeLikeArgs(args, std::move(out));
  }

 private:
  Attribute attribute_;
};

class ImageAttribute final : public ScalarFunction {
 public:
  ImageAttribute(std::string name, Attribute attribute, std::string summary)
      : ScalarFunction(std::move(name), std::move(summary)), attribute_(attribute) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 1) return ArgumentTypeError(name(), "(image)", args);
    ARROW_RETURN_NOT_OK(ExpectImage(args[0], name()));
    return std::make_shared<AttributeKernel>(attribute_);
  }

 private:
  Attribute attribute_;
};

}  // namespace

void RegisterImageFunctions(FunctionRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<ImageDecode>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<ImageDecodeResize>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<ImageEncode>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<ImageResize>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<ImageCrop>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<ImageToMode>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<ImageToTensor>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<ImageAttribute>(
      "image_width", Attribute::kWidth, "The width of each image, in pixels")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<ImageAttribute>(
      "image_height", Attribute::kHeight, "The height of each image, in pixels")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<ImageAttribute>(
      "image_channel", Attribute::kChannel, "The number of channels of each image")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<ImageAttribute>(
      "image_mode", Attribute::kMode, "Daft's ImageMode code of each image")));
}

}  // namespace skipjack::internal
