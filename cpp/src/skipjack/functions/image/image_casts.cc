#include "skipjack/functions/image/image_casts.h"

#include <optional>

#include <arrow/array.h>
#include <arrow/array/util.h>
#include <arrow/extension/fixed_shape_tensor.h>
#include <arrow/type.h>

#include "skipjack/functions/image/image_column.h"
#include "skipjack/types/display_name.h"
#include "skipjack/types/daft_extension.h"

namespace skipjack {
namespace {

std::optional<SampleType> SampleOf(const arrow::DataType& value) {
  switch (value.id()) {
    case arrow::Type::UINT8: return SampleType::kUInt8;
    case arrow::Type::UINT16: return SampleType::kUInt16;
    case arrow::Type::FLOAT: return SampleType::kFloat32;
    default: return std::nullopt;
  }
}

// Tensor[UInt8 | UInt16 | Float32] (variable shape): the sample type.
std::optional<SampleType> VariableTensorSample(const arrow::DataType& type) {
  const auto* daft = dynamic_cast<const DaftExtensionType*>(&type);
  if (!daft) return std::nullopt;
  const std::string& name = daft->display_name();
  if (name == "Tensor[UInt8]") return SampleType::kUInt8;
  if (name == "Tensor[UInt16]") return SampleType::kUInt16;
  if (name == "Tensor[Float32]") return SampleType::kFloat32;
  return std::nullopt;
}

// An H x W x C fixed-shape tensor of a sample type images have.
const arrow::extension::FixedShapeTensorType* FixedImageTensor(const arrow::DataType& type) {
  const auto* tensor = dynamic_cast<const arrow::extension::FixedShapeTensorType*>(&type);
  if (!tensor || !SampleOf(*tensor->value_type()) || tensor->shape().size() != 3) return nullptr;
  return tensor;
}

std::optional<SampleType> TensorSample(const arrow::DataType& type) {
  if (const auto* fixed = FixedImageTensor(type)) return SampleOf(*fixed->value_type());
  return VariableTensorSample(type);
}

}  // namespace

bool IsImageCast(const arrow::DataType& from, const arrow::DataType& to) {
  const auto target = GetImageTypeInfo(to);
  if (!target) return false;
  // Tensors of image sample types (CastToImage refuses a sample type the mode lacks).
  if (!TensorSample(from)) return false;
  if (VariableTensorSample(from)) return !target->fixed_shape;
  if (const auto* tensor = FixedImageTensor(from)) {
    const auto& shape = tensor->shape();
    return !target->fixed_shape ||
           (target->mode && shape[0] == target->height && shape[1] == target->width &&
            shape[2] == ModeChannels(*target->mode));
  }
  return false;
}

arrow::Result<arrow::Datum> CastToImage(const arrow::Datum& value,
                                        const std::shared_ptr<arrow::DataType>& to,
                                        arrow::compute::ExecContext* ctx) {
  ARROW_ASSIGN_OR_RAISE(auto input, value.is_scalar()
                                        ? arrow::MakeArrayFromScalar(*value.scalar(), 1, ctx->memory_pool())
                                        : arrow::Result<std::shared_ptr<arrow::Array>>(value.make_array()));
  const auto target = *GetImageTypeInfo(*to);
  const auto& storage = static_cast<const arrow::ExtensionArray&>(*input).storage();
  const SampleType sample = *TensorSample(*input->type());
  const int sample_bytes = SampleBytes(sample);
  // Pixels keep their values: Tensor[UInt16] -> Image[RGB16]; MIXED holds 8-bit images.
  const SampleType wanted = target.mode ? ModeSample(*target.mode) : SampleType::kUInt8;
  if (sample != wanted) {
    static const char* kNames[] = {"UInt8", "UInt16", "Float32"};
    return arrow::Status::TypeError(
        "cannot cast ", DisplayName(*input->type()), " to ", DisplayName(*to), ": the image holds ",
        kNames[static_cast<int>(wanted)], " samples, the tensor ", kNames[static_cast<int>(sample)],
        " (cast to an image mode of that sample type, e.g. Image[RGB16] for UInt16 or "
        "Image[RGB32F] for Float32, then convert_image)");
  }
  if (FixedImageTensor(*input->type()) && target.fixed_shape) {
    return arrow::Datum(arrow::ExtensionType::WrapArray(to, storage));  // same layout
  }
  ImageColumnBuilder builder(to);
  builder.Reserve(input->length(), 0);
  for (int64_t row = 0; row < input->length(); ++row) {
    if (input->IsNull(row)) {
      builder.AppendNull();
      continue;
    }
    ImageView view;
    // The first byte of a (possibly sliced) values array's sample `index`.
    const auto bytes_at = [sample_bytes](const arrow::Array& values, int64_t index) {
      return values.data()->buffers[1]->data() + (values.offset() + index) * sample_bytes;
    };
    if (const auto* fixed = FixedImageTensor(*input->type())) {
      const auto& list = static_cast<const arrow::FixedSizeListArray&>(*storage);
      view.pixels = bytes_at(*list.values(), list.value_offset(row));
      view.height = fixed->shape()[0];
      view.width = fixed->shape()[1];
      view.channels = static_cast<int>(fixed->shape()[2]);
    } else {
      const auto& tensor = static_cast<const arrow::StructArray&>(*storage);
      const auto& data = static_cast<const arrow::LargeListArray&>(*tensor.field(0));
      const auto& shapes = static_cast<const arrow::LargeListArray&>(*tensor.field(1));
      const auto dims = std::static_pointer_cast<arrow::UInt64Array>(shapes.value_slice(row));
      if (dims->length() != 2 && dims->length() != 3) {
        return arrow::Status::Invalid("cast to ", to->ToString(), ": row ", row, " is a tensor of ",
                                      dims->length(), " dimensions; images are H x W or H x W x C");
      }
      view.height = static_cast<int64_t>(dims->Value(0));
      view.width = static_cast<int64_t>(dims->Value(1));
      view.channels = dims->length() == 3 ? static_cast<int>(dims->Value(2)) : 1;
      view.pixels = bytes_at(*data.values(), data.value_offset(row));
    }
    const auto mode = target.mode ? ModeFor(view.channels, sample) : ModeForChannels(view.channels);
    if (!mode || (target.mode && *target.mode != *mode)) {
      return arrow::Status::Invalid("cast to ", to->ToString(), ": row ", row, " has ", view.channels,
                                    " channels", target.mode ? std::string(", the mode needs ") +
                                    std::to_string(ModeChannels(*target.mode)) : std::string());
    }
    view.mode = *mode;
    ARROW_RETURN_NOT_OK(builder.Append(view));
  }
  ARROW_ASSIGN_OR_RAISE(auto out, builder.Finish());
  if (value.is_scalar()) {
    ARROW_ASSIGN_OR_RAISE(auto scalar, out->GetScalar(0));
    return arrow::Datum(scalar);
  }
  return arrow::Datum(out);
}

}  // namespace skipjack
