#include "skipjack/functions/image/image_column.h"

#include <arrow/array.h>
#include <arrow/buffer_builder.h>
#include <arrow/extension/fixed_shape_tensor.h>
#include <arrow/type.h>

#include "skipjack/types/daft_extension.h"

namespace skipjack {
namespace {

std::shared_ptr<arrow::DataType> DaftType(std::shared_ptr<arrow::DataType> storage,
                                          const std::string& datatype_json) {
  return std::make_shared<DaftExtensionType>(std::move(storage),
                                             "{\"datatype\":" + datatype_json + "}");
}

std::shared_ptr<arrow::DataType> SampleArrowType(SampleType sample) {
  switch (sample) {
    case SampleType::kUInt16: return arrow::uint16();
    case SampleType::kFloat32: return arrow::float32();
    default: return arrow::uint8();
  }
}

std::shared_ptr<arrow::DataType> VariableImageStorage(SampleType sample) {
  return arrow::struct_({arrow::field("data", arrow::large_list(SampleArrowType(sample))),
                         arrow::field("channel", arrow::uint16()),
                         arrow::field("height", arrow::uint32()),
                         arrow::field("width", arrow::uint32()),
                         arrow::field("mode", arrow::uint8())});
}

// Daft's serde names of the value types tensors hold.
std::string SerdeName(const arrow::DataType& type) {
  switch (type.id()) {
    case arrow::Type::UINT8: return "UInt8";
    case arrow::Type::UINT16: return "UInt16";
    case arrow::Type::UINT32: return "UInt32";
    case arrow::Type::UINT64: return "UInt64";
    case arrow::Type::INT8: return "Int8";
    case arrow::Type::INT16: return "Int16";
    case arrow::Type::INT32: return "Int32";
    case arrow::Type::INT64: return "Int64";
    case arrow::Type::HALF_FLOAT: return "Float16";
    case arrow::Type::FLOAT: return "Float32";
    case arrow::Type::DOUBLE: return "Float64";
    case arrow::Type::BOOL: return "Boolean";
    default: return type.ToString();
  }
}

}  // namespace

int ModeChannels(ImageMode mode) {
  switch (mode) {
    case ImageMode::kRGB32F: return 3;
    case ImageMode::kRGBA32F: return 4;
    default: return (static_cast<int>(mode) - 1) % 4 + 1;
  }
}

SampleType ModeSample(ImageMode mode) {
  const int code = static_cast<int>(mode);
  return code <= 4 ? SampleType::kUInt8 : code <= 8 ? SampleType::kUInt16 : SampleType::kFloat32;
}

int SampleBytes(SampleType sample) {
  return sample == SampleType::kUInt8 ? 1 : sample == SampleType::kUInt16 ? 2 : 4;
}

const char* ModeName(ImageMode mode) {
  switch (mode) {
    case ImageMode::kL: return "L";
    case ImageMode::kLA: return "LA";
    case ImageMode::kRGB: return "RGB";
    case ImageMode::kRGBA: return "RGBA";
    case ImageMode::kL16: return "L16";
    case ImageMode::kLA16: return "LA16";
    case ImageMode::kRGB16: return "RGB16";
    case ImageMode::kRGBA16: return "RGBA16";
    case ImageMode::kRGB32F: return "RGB32F";
    case ImageMode::kRGBA32F: return "RGBA32F";
  }
  return "?";
}

std::optional<ImageMode> ModeFromCode(uint8_t code) {
  if (code < 1 || code > 10) return std::nullopt;
  return static_cast<ImageMode>(code);
}

std::optional<ImageMode> ModeFromName(std::string_view name) {
  for (uint8_t code = 1; code <= 10; ++code) {
    if (name == ModeName(static_cast<ImageMode>(code))) return static_cast<ImageMode>(code);
  }
  return std::nullopt;
}

std::optional<ImageMode> ModeFor(int channels, SampleType sample) {
  if (channels < 1 || channels > 4) return std::nullopt;
  switch (sample) {
    case SampleType::kUInt8: return static_cast<ImageMode>(channels);
    case SampleType::kUInt16: return static_cast<ImageMode>(channels + 4);
    case SampleType::kFloat32:
      if (channels == 3) return ImageMode::kRGB32F;
      if (channels == 4) return ImageMode::kRGBA32F;
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<ImageTypeInfo> GetImageTypeInfo(const arrow::DataType& type) {
  const auto* daft = dynamic_cast<const DaftExtensionType*>(&type);
  if (!daft) return std::nullopt;
  const std::string& name = daft->display_name();  // Image[RGB], Image[RGB; 3 x 4], Image[MIXED]
  if (name.rfind("Image[", 0) != 0 || name.back() != ']') return std::nullopt;
  const std::string inside = name.substr(6, name.size() - 7);
  ImageTypeInfo info;
  const auto semicolon = inside.find(';');
  const std::string mode = inside.substr(0, semicolon);
  if (mode != "MIXED") {
    info.mode = ModeFromName(mode);
    if (!info.mode) return std::nullopt;
  }
  if (semicolon != std::string::npos) {
    info.fixed_shape = true;
    if (std::sscanf(inside.c_str() + semicolon + 1, " %ld x %ld", &info.height, &info.width) != 2) {
      return std::nullopt;
    }
  }
  return info;
}

std::shared_ptr<arrow::DataType> ImageType(std::optional<ImageMode> mode) {
  return DaftType(VariableImageStorage(mode ? ModeSample(*mode) : SampleType::kUInt8), mode ? std::string("{\"Image\":\"") + ModeName(*mode) + "\"}"
                                               : std::string("{\"Image\":null}"));
}

std::shared_ptr<arrow::DataType> FixedShapeImageType(ImageMode mode, int64_t height, int64_t width) {
  const auto size = static_cast<int32_t>(height * width * ModeChannels(mode));
  return DaftType(arrow::fixed_size_list(SampleArrowType(ModeSample(mode)), size),
                  std::string("{\"FixedShapeImage\":[\"") + ModeName(mode) + "\"," +
                      std::to_string(height) + "," + std::to_string(width) + "]}");
}

std::shared_ptr<arrow::DataType> TensorType(std::shared_ptr<arrow::DataType> value) {
  const std::string name = SerdeName(*value);
  auto storage = arrow::struct_({arrow::field("data", arrow::large_list(std::move(value))),
                                 arrow::field("shape", arrow::large_list(arrow::uint64()))});
  return DaftType(std::move(storage), "{\"Tensor\":\"" + name + "\"}");
}

std::shared_ptr<arrow::DataType> FixedShapeTensorType(std::shared_ptr<arrow::DataType> value,
                                                      std::vector<int64_t> shape) {
  return arrow::extension::fixed_shape_tensor(std::move(value), std::move(shape));
}

// -- reader -------------------------------------------------------------------------------

arrow::Result<ImageColumnReader> ImageColumnReader::Make(const std::shared_ptr<arrow::Array>& array) {
  auto info = GetImageTypeInfo(*array->type());
  if (!info) return arrow::Status::TypeError("expected an image column, got ", array->type()->ToString());
  ImageColumnReader reader;
  reader.info_ = *info;
  reader.storage_ = static_cast<const arrow::ExtensionArray&>(*array).storage();
  reader.sample_bytes_ = info->mode ? SampleBytes(*info->mode) : 1;
  // The values' bytes, from the (possibly sliced) child's first sample.
  const auto bytes_of = [&reader](const arrow::Array& values) {
    return values.data()->buffers[1]->data() + values.offset() * reader.sample_bytes_;
  };
  if (info->fixed_shape) {
    const auto& list = static_cast<const arrow::FixedSizeListArray&>(*reader.storage_);
    reader.values_ = bytes_of(*list.values());
    reader.fixed_size_ = list.value_length();
    return reader;
  }
  const auto& image = static_cast<const arrow::StructArray&>(*reader.storage_);
  const auto data = std::static_pointer_cast<arrow::LargeListArray>(image.field(0));
  reader.values_ = bytes_of(*data->values());
  reader.offsets_ = data->raw_value_offsets();
  reader.channel_ = std::static_pointer_cast<arrow::UInt16Array>(image.field(1))->raw_values();
  reader.height_ = std::static_pointer_cast<arrow::UInt32Array>(image.field(2))->raw_values();
  reader.width_ = std::static_pointer_cast<arrow::UInt32Array>(image.field(3))->raw_values();
  reader.mode_ = std::static_pointer_cast<arrow::UInt8Array>(image.field(4))->raw_values();
  return reader;
}

int64_t ImageColumnReader::length() const { return storage_->length(); }

bool ImageColumnReader::IsNull(int64_t row) const { return storage_->IsNull(row); }

ImageView ImageColumnReader::Get(int64_t row) const {
  ImageView view;
  if (info_.fixed_shape) {
    const auto& list = static_cast<const arrow::FixedSizeListArray&>(*storage_);
    view.pixels = values_ + list.value_offset(row) * sample_bytes_;
    view.height = info_.height;
    view.width = info_.width;
    view.mode = *info_.mode;
    view.channels = ModeChannels(view.mode);
    return view;
  }
  view.pixels = values_ + offsets_[row] * sample_bytes_;
  view.height = height_[row];
  view.width = width_[row];
  view.channels = channel_[row];
  // The column's mode, else the row's code if it agrees with the column's sample type.
  const SampleType sample = info_.mode ? ModeSample(*info_.mode) : SampleType::kUInt8;
  view.mode = info_.mode.value_or(ModeFor(view.channels, sample).value_or(ImageMode::kRGB));
  if (auto mode = ModeFromCode(mode_[row]); mode && ModeSample(*mode) == sample &&
                                            ModeChannels(*mode) == view.channels) {
    view.mode = *mode;
  }
  return view;
}

// -- builder ------------------------------------------------------------------------------

ImageColumnBuilder::ImageColumnBuilder(std::shared_ptr<arrow::DataType> type)
    : type_(std::move(type)),
      info_(GetImageTypeInfo(*type_).value_or(ImageTypeInfo{})),
      sample_(info_.mode ? ModeSample(*info_.mode) : SampleType::kUInt8) {}

void ImageColumnBuilder::Reserve(int64_t rows, int64_t pixel_bytes) {
  expected_rows_ = rows;
  pixels_.reserve(pixel_bytes);
  valid_.reserve(rows);
}

arrow::Status ImageColumnBuilder::Append(const ImageView& image) {
  if (info_.fixed_shape && (image.height != info_.height || image.width != info_.width ||
                            image.channels != ModeChannels(*info_.mode))) {
    return arrow::Status::Invalid("an image of ", image.height, " x ", image.width, " x ",
                                  image.channels, " does not fit ", type_->ToString());
  }
  if (ModeSample(image.mode) != sample_) {
    return arrow::Status::TypeError("an image of mode ", ModeName(image.mode), " does not fit ",
                                    type_->ToString(), " (convert it first)");
  }
  if (pixels_.capacity() < pixels_.size() + image.bytes() && expected_rows_ > 0) {
    // Grow once to what the remaining rows will likely need (images of a batch tend to
    // be alike), not by doubling: decoded photos are tens of megabytes each.
    const int64_t remaining = std::max<int64_t>(1, expected_rows_ - static_cast<int64_t>(valid_.size()));
    pixels_.reserve(pixels_.size() + static_cast<size_t>(image.bytes() * remaining));
  }
  pixels_.insert(pixels_.end(), image.pixels, image.pixels + image.bytes());
  offsets_.push_back(static_cast<int64_t>(pixels_.size()) / SampleBytes(sample_));
  channel_.push_back(static_cast<uint16_t>(image.channels));
  height_.push_back(static_cast<uint32_t>(image.height));
  width_.push_back(static_cast<uint32_t>(image.width));
  mode_.push_back(static_cast<uint8_t>(image.mode));
  valid_.push_back(true);
  return arrow::Status::OK();
}

void ImageColumnBuilder::AppendNull() {
  if (info_.fixed_shape) {
    pixels_.resize(pixels_.size() + info_.height * info_.width * ModeChannels(*info_.mode) *
                                        SampleBytes(sample_), 0);
  }
  offsets_.push_back(static_cast<int64_t>(pixels_.size()) / SampleBytes(sample_));
  channel_.push_back(0);
  height_.push_back(0);
  width_.push_back(0);
  mode_.push_back(0);
  valid_.push_back(false);
}

arrow::Result<std::shared_ptr<arrow::Array>> ImageColumnBuilder::Finish() {
  const auto rows = static_cast<int64_t>(valid_.size());
  arrow::TypedBufferBuilder<bool> validity;
  ARROW_RETURN_NOT_OK(validity.Reserve(rows));
  int64_t nulls = 0;
  for (bool ok : valid_) {
    validity.UnsafeAppend(ok);
    nulls += ok ? 0 : 1;
  }
  ARROW_ASSIGN_OR_RAISE(auto bitmap, validity.Finish());
  if (nulls == 0) bitmap = nullptr;
  const auto sample_count = static_cast<int64_t>(pixels_.size()) / SampleBytes(sample_);
  auto values = arrow::MakeArray(arrow::ArrayData::Make(
      SampleArrowType(sample_), sample_count, {nullptr, arrow::Buffer::FromVector(std::move(pixels_))}, 0));
  std::shared_ptr<arrow::Array> storage;
  const auto& storage_type = static_cast<const arrow::ExtensionType&>(*type_).storage_type();
  if (info_.fixed_shape) {
    storage = std::make_shared<arrow::FixedSizeListArray>(storage_type, rows, values, bitmap, nulls);
  } else {
    auto data = std::make_shared<arrow::LargeListArray>(
        storage_type->field(0)->type(), rows, arrow::Buffer::FromVector(std::move(offsets_)), values);
    std::vector<std::shared_ptr<arrow::Array>> children = {
        data,
        std::make_shared<arrow::UInt16Array>(rows, arrow::Buffer::FromVector(std::move(channel_))),
        std::make_shared<arrow::UInt32Array>(rows, arrow::Buffer::FromVector(std::move(height_))),
        std::make_shared<arrow::UInt32Array>(rows, arrow::Buffer::FromVector(std::move(width_))),
        std::make_shared<arrow::UInt8Array>(rows, arrow::Buffer::FromVector(std::move(mode_)))};
    storage = std::make_shared<arrow::StructArray>(storage_type, rows, std::move(children), bitmap, nulls);
  }
  return arrow::ExtensionType::WrapArray(type_, storage);
}

}  // namespace skipjack
