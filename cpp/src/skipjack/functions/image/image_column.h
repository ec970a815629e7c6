// File: image_column.h
//
// Image columns as Daft stores them (types/daft_extension.h):
//
//   Image[mode] / Image[MIXED]   struct<data: large_list<uint8>, channel: uint16,
//                                       height: uint32, width: uint32, mode: uint8>
//   Image[mode; h x w]           fixed_size_list<uint8>[h * w * channels]
//
// Pixels are row-major H x W x C samples: uint8 for L, LA, RGB, RGBA, uint16 for the *16
// modes, float32 for the *32F modes (the list's value type follows the mode; MIXED holds
// 8-bit images, as in Daft). ImageColumnReader reads either layout, ImageColumnBuilder
// writes the variable-size one or a fixed shape.

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

/// Daft's ImageMode codes.
enum class ImageMode : uint8_t {
  kL = 1, kLA = 2, kRGB = 3, kRGBA = 4,
  kL16 = 5, kLA16 = 6, kRGB16 = 7, kRGBA16 = 8,
  kRGB32F = 9, kRGBA32F = 10,
};

/// What one channel value of a mode is stored as.
enum class SampleType : uint8_t { kUInt8, kUInt16, kFloat32 };

int ModeChannels(ImageMode mode);
SampleType ModeSample(ImageMode mode);
int SampleBytes(SampleType sample);
inline int SampleBytes(ImageMode mode) { return SampleBytes(ModeSample(mode)); }
const char* ModeName(ImageMode mode);
std::optional<ImageMode> ModeFromName(std::string_view name);
/// The mode with `channels` channels of `sample` values, if Daft has one (no LA32F).
std::optional<ImageMode> ModeFor(int channels, SampleType sample = SampleType::kUInt8);
inline std::optional<ImageMode> ModeForChannels(int channels) { return ModeFor(channels); }
/// A valid mode code (1-10), as stored in a variable-shape column.
std::optional<ImageMode> ModeFromCode(uint8_t code);

/// What an image type says: its mode (none for MIXED) and, if fixed, its shape.
struct ImageTypeInfo {
  std::optional<ImageMode> mode;
  bool fixed_shape = false;
  int64_t height = 0;
  int64_t width = 0;
};

/// The image type info of `type`, or nullopt when it is not an image type.
std::optional<ImageTypeInfo> GetImageTypeInfo(const arrow::DataType& type);

std::shared_ptr<arrow::DataType> ImageType(std::optional<ImageMode> mode);
std::shared_ptr<arrow::DataType> FixedShapeImageType(ImageMode mode, int64_t height, int64_t width);
/// Tensor[value] (variable shape) and Arrow's fixed-shape tensor.
std::shared_ptr<arrow::DataType> TensorType(std::shared_ptr<arrow::DataType> value);
std::shared_ptr<arrow::DataType> FixedShapeTensorType(std::shared_ptr<arrow::DataType> value,
                                                      std::vector<int64_t> shape);

/// One image, borrowed from a column or a buffer: H x W x C samples of the mode's type,
/// `pixels` pointing at their bytes.
struct ImageView {
  const uint8_t* pixels = nullptr;
  int64_t height = 0;
  int64_t width = 0;
  int channels = 0;
  ImageMode mode = ImageMode::kRGB;
  /// Samples (H x W x C); bytes for the 8-bit modes.
  int64_t size() const { return height * width * channels; }
  int64_t bytes() const { return size() * SampleBytes(mode); }
  template <typename T>
  const T* samples() const { return reinterpret_cast<const T*>(pixels); }
};

/// An image that owns its pixels (bytes, as in ImageView).
struct OwnedImage {
  std::vector<uint8_t> pixels;
  int64_t height = 0;
  int64_t width = 0;
  int channels = 0;
  ImageMode mode = ImageMode::kRGB;
  ImageView view() const { return {pixels.data(), height, width, channels, mode}; }
  template <typename T>
  T* samples() { return reinterpret_cast<T*>(pixels.data()); }
};

class ImageColumnReader {
 public:
  /// `array` must have an image type (GetImageTypeInfo).
  static arrow::Result<ImageColumnReader> Make(const std::shared_ptr<arrow::Array>& array);
  int64_t length() const;
  bool IsNull(int64_t row) const;
  ImageView Get(int64_t row) const;

 private:
  std::shared_ptr<arrow::Array> storage_;
  ImageTypeInfo info_;
  const uint8_t* values_ = nullptr;   // the pixel values' bytes
  int sample_bytes_ = 1;
  const int64_t* offsets_ = nullptr;  // variable shape: large_list offsets (in samples)
  const uint16_t* channel_ = nullptr;
  const uint32_t* height_ = nullptr;
  const uint32_t* width_ = nullptr;
  const uint8_t* mode_ = nullptr;
  int64_t fixed_size_ = 0;
};

class ImageColumnBuilder {
 public:
  /// `type` is the output image type (variable or fixed shape).
  explicit ImageColumnBuilder(std::shared_ptr<arrow::DataType> type);
  /// Expected rows (the pixel buffer then grows by whole images) and pixel bytes.
  /// Images must have the type's sample type (8-bit for MIXED).
  void Reserve(int64_t rows, int64_t pixel_bytes);
  arrow::Status Append(const ImageView& image);
  void AppendNull();
  arrow::Result<std::shared_ptr<arrow::Array>> Finish();

 private:
  std::shared_ptr<arrow::DataType> type_;
  ImageTypeInfo info_;
  SampleType sample_ = SampleType::kUInt8;
  std::vector<uint8_t> pixels_;  // bytes
  std::vector<int64_t> offsets_{0};  // samples
  std::vector<uint16_t> channel_;
  std::vector<uint32_t> height_;
  std::vector<uint32_t> width_;
  std::vector<uint8_t> mode_;
  std::vector<bool> valid_;
  int64_t expected_rows_ = 0;
};

}  // namespace skipjack
