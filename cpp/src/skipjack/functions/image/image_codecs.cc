#include "skipjack/functions/image/image_codecs.h"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <unordered_map>

#include <gif_lib.h>
#include <jpeglib.h>
#include <png.h>
#include <tiffio.h>
#include <webp/decode.h>
#include <webp/encode.h>

#include "skipjack/functions/image/image_modes.h"

namespace skipjack {
namespace {

bool StartsWith(const uint8_t* data, int64_t size, const char* magic, size_t length) {
  return size >= static_cast<int64_t>(length) && std::memcmp(data, magic, length) == 0;
}

arrow::Status CheckPixels(int64_t width, int64_t height, const char* format) {
  if (width <= 0 || height <= 0) {
    return arrow::Status::Invalid(format, " image has no pixels (", width, " x ", height, ")");
  }
  if (width * height > MaxImagePixels()) {
    return arrow::Status::Invalid(format, " image of ", width, " x ", height, " = ", width * height,
                                  " pixels is above the limit of ", MaxImagePixels(),
                                  " (a decompression bomb?); set SKIPJACK_MAX_IMAGE_PIXELS to allow it");
  }
  return arrow::Status::OK();
}

// -- JPEG (libjpeg API; errors longjmp back here) ----------------------------------------

struct JpegError {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void JpegErrorExit(j_common_ptr info) {
  auto* error = reinterpret_cast<JpegError*>(info->err);
  (*info->err->format_message)(info, error->message);
  std::longjmp(error->jump, 1);
}

void JpegSilence(j_common_ptr, int) {}

arrow::Result<OwnedImage> DecodeJpeg(const uint8_t* data, int64_t size) {
  auto image = std::make_unique<OwnedImage>();
  jpeg_decompress_struct info;
  JpegError error;
  info.err = jpeg_std_error(&error.manager);
  error.manager.error_exit = JpegErrorExit;
  error.manager.emit_message = JpegSilence;
  if (setjmp(error.jump)) {
    jpeg_destroy_decompress(&info);
    return arrow::Status::Invalid("corrupt JPEG: ", error.message);
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, data, static_cast<unsigned long>(size));
  jpeg_read_header(&info, TRUE);
  // Grayscale stays L, everything else (YCbCr, CMYK via libjpeg's conversion) is RGB.
  info.out_color_space = info.jpeg_color_space == JCS_GRAYSCALE ? JCS_GRAYSCALE : JCS_RGB;
  if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
    jpeg_destroy_decompress(&info);
    return arrow::Status::NotImplemented("CMYK JPEG images are not supported yet");
  }
  const auto status = CheckPixels(info.image_width, info.image_height, "JPEG");
  if (!status.ok()) {
    jpeg_destroy_decompress(&info);
    return status;
  }
  jpeg_start_decompress(&info);
  image->width = info.output_width;
  image->height = info.output_height;
  image->channels = info.output_components;
  image->mode = image->channels == 1 ? ImageMode::kL : ImageMode::kRGB;
  image->pixels.resize(static_cast<size_t>(image->height * image->width * image->channels));
  const int64_t stride = image->width * image->channels;
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = image->pixels.data() + info.output_scanline * stride;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return std::move(*image);
}

arrow::Result<std::string> EncodeJpeg(const ImageView& image) {
  if (image.channels != 1 && image.channels != 3) {
    return arrow::Status::Invalid("JPEG holds L or RGB images, not ", ModeName(image.mode));
  }
  jpeg_compress_struct info;
  JpegError error;
  unsigned char* buffer = nullptr;
  unsigned long length = 0;
  info.err = jpeg_std_error(&error.manager);
  error.manager.error_exit = JpegErrorExit;
  if (setjmp(error.jump)) {
    jpeg_destroy_compress(&info);
    std::free(buffer);
    return arrow::Status::Invalid("JPEG encoding failed: ", error.message);
  }
  jpeg_create_compress(&info);
  jpeg_mem_dest(&info, &buffer, &length);
  info.image_width = static_cast<JDIMENSION>(image.width);
  info.image_height = static_cast<JDIMENSION>(image.height);
  info.input_components = image.channels;
  info.in_color_space = image.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, 75, TRUE);  // the image crate's (and Pillow's) default
  jpeg_start_compress(&info, TRUE);
  const int64_t stride = image.width * image.channels;
  while (info.next_scanline < info.image_height) {
    JSAMPROW row = const_cast<uint8_t*>(image.pixels + info.next_scanline * stride);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  std::string out(reinterpret_cast<char*>(buffer), length);
  std::free(buffer);
  return out;
}

// -- PNG (libpng) ---------------------------------------------------------------------------
//
// Samples are read as stored, without gamma handling (as Pillow and the image crate):
// palettes and low bit depths are expanded, 16-bit samples scaled to 8 bits with rounding.

struct PngSource {
  const uint8_t* data;
  int64_t size;
  int64_t position = 0;
  char message[256] = {0};
};

void PngRead(png_structp png, png_bytep out, png_size_t length) {
  auto* source = static_cast<PngSource*>(png_get_io_ptr(png));
  if (source->position + static_cast<int64_t>(length) > source->size) {
    png_error(png, "truncated data");
  }
  std::memcpy(out, source->data + source->position, length);
  source->position += static_cast<int64_t>(length);
}

void PngError(png_structp png, png_const_charp message) {
  auto* source = static_cast<PngSource*>(png_get_error_ptr(png));
  std::snprintf(source->message, sizeof(source->message), "%s", message);
  png_longjmp(png, 1);
}

void PngWarning(png_structp, png_const_charp) {}

arrow::Result<OwnedImage> DecodePng(const uint8_t* data, int64_t size, bool keep_depth) {
  auto image = std::make_unique<OwnedImage>();
  auto rows = std::make_unique<std::vector<png_bytep>>();
  PngSource source{data, size};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, PngError, PngWarning);
  if (!png) return arrow::Status::OutOfMemory("libpng");
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return arrow::Status::Invalid("corrupt PNG: ", source.message);
  }
  png_set_read_fn(png, &source, PngRead);
  png_read_info(png, info);
  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  const auto pixels_ok = CheckPixels(width, height, "PNG");
  if (!pixels_ok.ok()) {
    png_destroy_read_struct(&png, &info, nullptr);
    return pixels_ok;
  }
  png_set_expand(png);  // palette -> RGB, gray < 8 bits -> 8, tRNS -> alpha
  if (keep_depth) {
    png_set_swap(png);  // PNG stores 16-bit samples big-endian
  } else {
    png_set_scale_16(png);
  }
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  image->width = width;
  image->height = height;
  image->channels = png_get_channels(png, info);
  const bool deep = png_get_bit_depth(png, info) == 16;
  image->mode = *ModeFor(image->channels, deep ? SampleType::kUInt16 : SampleType::kUInt8);
  const size_t row_bytes = static_cast<size_t>(width) * image->channels * (deep ? 2 : 1);
  image->pixels.resize(row_bytes * height);
  rows->resize(height);
  for (png_uint_32 y = 0; y < height; ++y) (*rows)[y] = image->pixels.data() + y * row_bytes;
  png_read_image(png, rows->data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return std::move(*image);
}

void PngWriteToString(png_structp png, png_bytep data, png_size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

void PngFlush(png_structp) {}

// 16-bit samples through libpng's full interface (the simplified one would treat them as
// linear light and add a gamma chunk).
arrow::Result<std::string> EncodePng16(const ImageView& image) {
  auto out = std::make_unique<std::string>();
  auto rows = std::make_unique<std::vector<png_bytep>>(image.height);
  PngSource errors{nullptr, 0};
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &errors, PngError, PngWarning);
  if (!png) return arrow::Status::OutOfMemory("libpng");
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return arrow::Status::Invalid("PNG encoding failed: ", errors.message);
  }
  png_set_write_fn(png, out.get(), PngWriteToString, PngFlush);
  const int color = image.channels == 1 ? PNG_COLOR_TYPE_GRAY
                    : image.channels == 2 ? PNG_COLOR_TYPE_GRAY_ALPHA
                    : image.channels == 3 ? PNG_COLOR_TYPE_RGB
                                          : PNG_COLOR_TYPE_RGB_ALPHA;
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height),
               16, color, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  png_set_swap(png);
  const size_t row_bytes = static_cast<size_t>(image.width) * image.channels * 2;
  for (int64_t y = 0; y < image.height; ++y) {
    (*rows)[y] = const_cast<png_bytep>(image.pixels) + y * row_bytes;
  }
  png_write_image(png, rows->data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return std::move(*out);
}

arrow::Result<std::string> EncodePng(const ImageView& image) {
  if (ModeSample(image.mode) == SampleType::kUInt16) return EncodePng16(image);
  if (ModeSample(image.mode) == SampleType::kFloat32) {
    const OwnedImage deep = ConvertMode(image, *ModeFor(image.channels, SampleType::kUInt16));
    return EncodePng16(deep.view());
  }
  png_image png;
  std::memset(&png, 0, sizeof(png));
  png.version = PNG_IMAGE_VERSION;
  png.width = static_cast<png_uint_32>(image.width);
  png.height = static_cast<png_uint_32>(image.height);
  png.format = image.channels == 1 ? PNG_FORMAT_GRAY
               : image.channels == 2 ? PNG_FORMAT_GA
               : image.channels == 3 ? PNG_FORMAT_RGB
                                     : PNG_FORMAT_RGBA;
  png_alloc_size_t length = 0;
  if (!png_image_write_to_memory(&png, nullptr, &length, 0, image.pixels, 0, nullptr)) {
    return arrow::Status::Invalid("PNG encoding failed: ", png.message);
  }
  std::string out(length, '\0');
  if (!png_image_write_to_memory(&png, out.data(), &length, 0, image.pixels, 0, nullptr)) {
    return arrow::Status::Invalid("PNG encoding failed: ", png.message);
  }
  out.resize(length);
  return out;
}

// -- WebP ---------------------------------------------------------------------------------

arrow::Result<OwnedImage> DecodeWebp(const uint8_t* data, int64_t size) {
  WebPBitstreamFeatures features;
  if (WebPGetFeatures(data, static_cast<size_t>(size), &features) != VP8_STATUS_OK) {
    return arrow::Status::Invalid("corrupt WebP image");
  }
  ARROW_RETURN_NOT_OK(CheckPixels(features.width, features.height, "WebP"));
  OwnedImage image;
  image.width = features.width;
  image.height = features.height;
  image.channels = features.has_alpha ? 4 : 3;
  image.mode = features.has_alpha ? ImageMode::kRGBA : ImageMode::kRGB;
  image.pixels.resize(static_cast<size_t>(image.width * image.height * image.channels));
  const int stride = static_cast<int>(image.width * image.channels);
  const auto* decoded =
      features.has_alpha
          ? WebPDecodeRGBAInto(data, size, image.pixels.data(), image.pixels.size(), stride)
          : WebPDecodeRGBInto(data, size, image.pixels.data(), image.pixels.size(), stride);
  if (!decoded) return arrow::Status::Invalid("corrupt WebP image");
  return image;
}

arrow::Result<std::string> EncodeWebp(const ImageView& image) {
  if (image.channels != 3 && image.channels != 4) {
    return arrow::Status::Invalid("WebP holds RGB or RGBA images, not ", ModeName(image.mode));
  }
  // Lossless, as the image crate writes WebP, and exact: the colour under fully
  // transparent pixels is kept.
  WebPConfig config;
  WebPPicture picture;
  if (!WebPConfigInit(&config) || !WebPPictureInit(&picture)) {
    return arrow::Status::Invalid("WebP encoder version mismatch");
  }
  config.lossless = 1;
  config.exact = 1;
  picture.use_argb = 1;
  picture.width = static_cast<int>(image.width);
  picture.height = static_cast<int>(image.height);
  const int stride = static_cast<int>(image.width * image.channels);
  const int imported = image.channels == 4 ? WebPPictureImportRGBA(&picture, image.pixels, stride)
                                           : WebPPictureImportRGB(&picture, image.pixels, stride);
  WebPMemoryWriter writer;
  WebPMemoryWriterInit(&writer);
  picture.writer = WebPMemoryWrite;
  picture.custom_ptr = &writer;
  const bool ok = imported && WebPEncode(&config, &picture);
  std::string out;
  if (ok) out.assign(reinterpret_cast<char*>(writer.mem), writer.size);
  const int error = picture.error_code;
  WebPPictureFree(&picture);
  WebPMemoryWriterClear(&writer);
  if (!ok) return arrow::Status::Invalid("WebP encoding failed (libwebp error ", error, ")");
  return out;
}

// -- GIF (first frame, as RGBA like the image crate) --------------------------------------

struct GifSource {
  const uint8_t* data;
  int64_t size;
  int64_t position = 0;
};

int ReadGif(GifFileType* gif, GifByteType* out, int length) {
  auto* source = static_cast<GifSource*>(gif->UserData);
  const int64_t n = std::min<int64_t>(length, source->size - source->position);
  std::memcpy(out, source->data + source->position, static_cast<size_t>(n));
  source->position += n;
  return static_cast<int>(n);
}

arrow::Result<OwnedImage> DecodeGif(const uint8_t* data, int64_t size) {
  GifSource source{data, size};
  int error = 0;
  GifFileType* gif = DGifOpen(&source, ReadGif, &error);
  if (!gif) return arrow::Status::Invalid("corrupt GIF: ", GifErrorString(error));
  std::unique_ptr<GifFileType, void (*)(GifFileType*)> closer(gif, [](GifFileType* g) {
    int ignored = 0;
    DGifCloseFile(g, &ignored);
  });
  if (DGifSlurp(gif) != GIF_OK || gif->ImageCount < 1) {
    return arrow::Status::Invalid("corrupt GIF: ", GifErrorString(gif->Error));
  }
  ARROW_RETURN_NOT_OK(CheckPixels(gif->SWidth, gif->SHeight, "GIF"));
  const SavedImage& frame = gif->SavedImages[0];
  const ColorMapObject* colors = frame.ImageDesc.ColorMap ? frame.ImageDesc.ColorMap : gif->SColorMap;
  if (!colors) return arrow::Status::Invalid("corrupt GIF: no color table");
  GraphicsControlBlock control;
  control.TransparentColor = NO_TRANSPARENT_COLOR;
  DGifSavedExtensionToGCB(gif, 0, &control);
  OwnedImage image;
  image.width = gif->SWidth;
  image.height = gif->SHeight;
  image.channels = 4;
  image.mode = ImageMode::kRGBA;
  image.pixels.assign(static_cast<size_t>(image.width * image.height * 4), 0);
  const auto& desc = frame.ImageDesc;
  for (int y = 0; y < desc.Height; ++y) {
    for (int x = 0; x < desc.Width; ++x) {
      const int gx = desc.Left + x, gy = desc.Top + y;
      if (gx >= image.width || gy >= image.height) continue;
      const int index = frame.RasterBits[y * desc.Width + x];
      if (index == control.TransparentColor || index >= colors->ColorCount) continue;
      uint8_t* out = image.pixels.data() + (gy * image.width + gx) * 4;
      out[0] = colors->Colors[index].Red;
      out[1] = colors->Colors[index].Green;
      out[2] = colors->Colors[index].Blue;
      out[3] = 255;
    }
  }
  return image;
}

// GIF holds 256 colours: an image with that few keeps them exactly, others go through
// giflib's median-cut quantizer (5 bits per channel). Alpha is dropped.
int WriteToString(GifFileType* gif, const GifByteType* data, int length) {
  static_cast<std::string*>(gif->UserData)->append(reinterpret_cast<const char*>(data), length);
  return length;
}

// The image's own colours as a palette, if there are at most 256 of them.
bool ExactPalette(const OwnedImage& rgb, std::vector<GifColorType>& palette, std::vector<GifByteType>& indices) {
  std::unordered_map<uint32_t, GifByteType> index_of;
  for (size_t i = 0; i < indices.size(); ++i) {
    const uint8_t* p = rgb.pixels.data() + 3 * i;
    const uint32_t key = uint32_t{p[0]} << 16 | uint32_t{p[1]} << 8 | p[2];
    auto [it, added] = index_of.try_emplace(key, static_cast<GifByteType>(index_of.size()));
    if (added) {
      if (index_of.size() > 256) return false;
      palette[it->second] = GifColorType{p[0], p[1], p[2]};
    }
    indices[i] = it->second;
  }
  return true;
}

arrow::Result<std::string> EncodeGif(const ImageView& image) {
  const OwnedImage rgb = ConvertMode(image, ImageMode::kRGB);
  const auto pixels = static_cast<size_t>(rgb.width * rgb.height);
  std::vector<GifByteType> red(pixels), green(pixels), blue(pixels), indices(pixels);
  for (size_t i = 0; i < pixels; ++i) {
    red[i] = rgb.pixels[3 * i], green[i] = rgb.pixels[3 * i + 1], blue[i] = rgb.pixels[3 * i + 2];
  }
  int colors = 256;
  std::vector<GifColorType> palette(256);
  if (ExactPalette(rgb, palette, indices)) {
    // indices and palette are filled
  } else if (GifQuantizeBuffer(static_cast<unsigned>(rgb.width), static_cast<unsigned>(rgb.height), &colors,
                        red.data(), green.data(), blue.data(), indices.data(), palette.data()) == GIF_ERROR) {
    return arrow::Status::Invalid("GIF encoding failed: colour quantization");
  }
  std::string out;
  int error = 0;
  GifFileType* gif = EGifOpen(&out, WriteToString, &error);
  if (!gif) return arrow::Status::Invalid("GIF encoding failed: ", GifErrorString(error));
  ColorMapObject* map = GifMakeMapObject(256, palette.data());
  bool ok = map && EGifPutScreenDesc(gif, static_cast<int>(rgb.width), static_cast<int>(rgb.height), 8, 0, map) == GIF_OK &&
            EGifPutImageDesc(gif, 0, 0, static_cast<int>(rgb.width), static_cast<int>(rgb.height), false, nullptr) == GIF_OK;
  for (int64_t y = 0; ok && y < rgb.height; ++y) {
    ok = EGifPutLine(gif, indices.data() + y * rgb.width, static_cast<int>(rgb.width)) == GIF_OK;
  }
  GifFreeMapObject(map);
  if (EGifCloseFile(gif, &error) != GIF_OK || !ok) {
    return arrow::Status::Invalid("GIF encoding failed: ", GifErrorString(error));
  }
  return out;
}

// -- BMP (uncompressed 24/32-bit, 1/4/8-bit palettes, BI_BITFIELDS) -----------------------

uint32_t Le32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24; }
uint16_t Le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }

arrow::Result<OwnedImage> DecodeBmp(const uint8_t* data, int64_t size) {
  if (size < 54) return arrow::Status::Invalid("corrupt BMP: ", size, " bytes is too short");
  const uint32_t pixel_offset = Le32(data + 10);
  const uint32_t header_size = Le32(data + 14);
  if (header_size < 40) return arrow::Status::NotImplemented("OS/2 BMP headers are not supported");
  const int64_t width = static_cast<int32_t>(Le32(data + 18));
  const int64_t signed_height = static_cast<int32_t>(Le32(data + 22));
  const int bits = Le16(data + 28);
  const uint32_t compression = Le32(data + 30);
  const int64_t height = signed_height < 0 ? -signed_height : signed_height;
  ARROW_RETURN_NOT_OK(CheckPixels(width, height, "BMP"));
  if (compression != 0 && compression != 3) {
    return arrow::Status::NotImplemented("compressed (RLE) BMP images are not supported yet");
  }
  if (bits != 1 && bits != 4 && bits != 8 && bits != 24 && bits != 32) {
    return arrow::Status::NotImplemented(bits, "-bit BMP images are not supported yet");
  }
  // Channel masks for 32-bit images (BI_BITFIELDS, or the usual BGRA otherwise).
  // BI_RGB 32-bit pixels are BGRX: the fourth byte is not alpha (as Pillow reads them).
  uint32_t masks[4] = {0x00ff0000, 0x0000ff00, 0x000000ff, 0};
  if (compression == 3 && 54 + 12 <= size) {
    for (int i = 0; i < 3; ++i) masks[i] = Le32(data + 54 + 4 * i);
    masks[3] = header_size >= 56 ? Le32(data + 54 + 12) : 0;
  }
  const bool alpha = bits == 32 && masks[3] != 0;
  const int64_t stride = ((width * bits + 31) / 32) * 4;
  if (pixel_offset + stride * height > static_cast<uint64_t>(size)) {
    return arrow::Status::Invalid("corrupt BMP: the pixels run past the end of the data");
  }
  const uint8_t* palette = data + 14 + header_size;
  const int64_t palette_entries = (pixel_offset - 14 - header_size) / 4;
  OwnedImage image;
  image.width = width;
  image.height = height;
  image.channels = alpha ? 4 : 3;
  image.mode = alpha ? ImageMode::kRGBA : ImageMode::kRGB;
  image.pixels.resize(static_cast<size_t>(width * height * image.channels));
  auto channel = [](uint32_t value, uint32_t mask) -> uint8_t {
    if (mask == 0) return 255;
    int shift = 0;
    while (!((mask >> shift) & 1)) ++shift;
    const uint32_t max = mask >> shift;
    return static_cast<uint8_t>(((value & mask) >> shift) * 255 / max);
  };
  for (int64_t y = 0; y < height; ++y) {
    const uint8_t* row = data + pixel_offset + (signed_height < 0 ? y : height - 1 - y) * stride;
    uint8_t* out = image.pixels.data() + y * width * image.channels;
    for (int64_t x = 0; x < width; ++x, out += image.channels) {
      if (bits == 24) {
        out[0] = row[x * 3 + 2], out[1] = row[x * 3 + 1], out[2] = row[x * 3];
      } else if (bits == 32) {
        const uint32_t value = Le32(row + x * 4);
        for (int c = 0; c < image.channels; ++c) out[c] = channel(value, masks[c]);
      } else {
        const int64_t bit = x * bits;
        const int index = (row[bit / 8] >> (8 - bits - bit % 8)) & ((1 << bits) - 1);
        if (index >= palette_entries) return arrow::Status::Invalid("corrupt BMP: bad palette index");
        out[0] = palette[index * 4 + 2], out[1] = palette[index * 4 + 1], out[2] = palette[index * 4];
      }
    }
  }
  return image;
}

// 24-bit BGR rows bottom-up, or 32-bit BGRA with a BITMAPV4 header whose masks say where
// alpha is (Pillow and our reader take both).
void PutLe32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void PutLe16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}

arrow::Result<std::string> EncodeBmp(const ImageView& image) {
  const bool alpha = image.channels % 2 == 0;
  const OwnedImage color = ConvertMode(image, alpha ? ImageMode::kRGBA : ImageMode::kRGB);
  const int bytes_per_pixel = alpha ? 4 : 3;
  const int64_t stride = (color.width * bytes_per_pixel + 3) / 4 * 4;
  const uint32_t header = alpha ? 108 : 40, offset = 14 + header;
  std::string out;
  out.reserve(offset + stride * color.height);
  out += "BM";
  PutLe32(out, static_cast<uint32_t>(offset + stride * color.height));
  PutLe32(out, 0);
  PutLe32(out, offset);
  PutLe32(out, header);
  PutLe32(out, static_cast<uint32_t>(color.width));
  PutLe32(out, static_cast<uint32_t>(color.height));  // positive: bottom-up
  PutLe16(out, 1);
  PutLe16(out, static_cast<uint16_t>(bytes_per_pixel * 8));
  PutLe32(out, alpha ? 3 : 0);  // BI_BITFIELDS : BI_RGB
  PutLe32(out, static_cast<uint32_t>(stride * color.height));
  PutLe32(out, 2835), PutLe32(out, 2835);  // 72 dpi
  PutLe32(out, 0), PutLe32(out, 0);
  if (alpha) {
    PutLe32(out, 0x00ff0000), PutLe32(out, 0x0000ff00), PutLe32(out, 0x000000ff), PutLe32(out, 0xff000000);
    PutLe32(out, 0x73524742);  // LCS_sRGB
    out.append(48, '\0');       // endpoints and gamma, unused with sRGB
  }
  for (int64_t y = color.height - 1; y >= 0; --y) {
    const uint8_t* row = color.pixels.data() + y * color.width * color.channels;
    for (int64_t x = 0; x < color.width; ++x) {
      const uint8_t* p = row + x * color.channels;
      out.push_back(static_cast<char>(p[2]));
      out.push_back(static_cast<char>(p[1]));
      out.push_back(static_cast<char>(p[0]));
      if (alpha) out.push_back(static_cast<char>(p[3]));
    }
    out.append(static_cast<size_t>(stride - color.width * bytes_per_pixel), '\0');
  }
  return out;
}

// -- TIFF (libtiff: samples as stored where we can, else its RGBA interface) --------------

// An in-memory TIFF file: the bytes to decode, or a growing buffer to encode into.
struct TiffSource {
  const uint8_t* data;
  int64_t size;
  int64_t position = 0;
  std::string* output = nullptr;
};

tsize_t TiffRead(thandle_t handle, tdata_t out, tsize_t length) {
  auto* source = static_cast<TiffSource*>(handle);
  const int64_t n = std::max<int64_t>(0, std::min<int64_t>(length, source->size - source->position));
  std::memcpy(out, source->data + source->position, static_cast<size_t>(n));
  source->position += n;
  return n;
}
tsize_t TiffWrite(thandle_t handle, tdata_t in, tsize_t length) {
  auto* source = static_cast<TiffSource*>(handle);
  if (!source->output) return 0;
  const auto end = static_cast<size_t>(source->position + length);
  if (source->output->size() < end) source->output->resize(end);
  std::memcpy(source->output->data() + source->position, in, static_cast<size_t>(length));
  source->position += length;
  source->size = static_cast<int64_t>(source->output->size());
  source->data = reinterpret_cast<const uint8_t*>(source->output->data());
  return length;
}
toff_t TiffSeek(thandle_t handle, toff_t offset, int whence) {
  auto* source = static_cast<TiffSource*>(handle);
  const int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? source->position : source->size;
  source->position = base + static_cast<int64_t>(offset);
  return static_cast<toff_t>(source->position);
}
int TiffClose(thandle_t) { return 0; }
toff_t TiffSize(thandle_t handle) { return static_cast<toff_t>(static_cast<TiffSource*>(handle)->size); }
int TiffMap(thandle_t, tdata_t*, toff_t*) { return 0; }
void TiffUnmap(thandle_t, tdata_t, toff_t) {}
void TiffSilence(const char*, const char*, va_list) {}

void SilenceTiff() {
  static const bool silenced = [] {
    TIFFSetWarningHandler(TiffSilence);
    TIFFSetErrorHandler(TiffSilence);
    return true;
  }();
  (void)silenced;
}

// 16-bit and float samples, contiguous, gray or RGB (with alpha): read as stored.
arrow::Result<OwnedImage> DecodeDeepTiff(TIFF* tiff, uint32_t width, uint32_t height, int channels,
                                         bool floats) {
  OwnedImage image;
  image.width = width;
  image.height = height;
  image.channels = channels;
  image.mode = *ModeFor(channels, floats && channels >= 3 ? SampleType::kFloat32 : SampleType::kUInt16);
  const int64_t stride = int64_t{width} * channels * (floats ? 4 : 2);
  std::vector<uint8_t> pixels(static_cast<size_t>(stride * height));
  for (uint32_t y = 0; y < height; ++y) {
    if (TIFFReadScanline(tiff, pixels.data() + y * stride, y, 0) < 0) {
      return arrow::Status::Invalid("corrupt TIFF image (row ", y, ")");
    }
  }
  if (!floats || channels >= 3) {
    image.pixels = std::move(pixels);
    return image;
  }
  // Gray floats: Daft has no L32F; they become RGB(A)32F.
  const ImageMode mode = channels == 1 ? ImageMode::kRGB32F : ImageMode::kRGBA32F;
  ImageView gray{pixels.data(), image.height, image.width, channels, mode};
  OwnedImage color;
  color.width = width;
  color.height = height;
  color.channels = ModeChannels(mode);
  color.mode = mode;
  color.pixels.resize(static_cast<size_t>(image.height * image.width * color.channels * 4));
  const float* in = gray.samples<float>();
  float* out = color.samples<float>();
  for (int64_t p = 0; p < image.height * image.width; ++p) {
    out[p * color.channels] = out[p * color.channels + 1] = out[p * color.channels + 2] = in[p * channels];
    if (channels == 2) out[p * color.channels + 3] = in[p * channels + 1];
  }
  return color;
}

arrow::Result<OwnedImage> DecodeTiff(const uint8_t* data, int64_t size, bool keep_depth) {
  SilenceTiff();
  TiffSource source{data, size};
  TIFF* tiff = TIFFClientOpen("memory", "rm", &source, TiffRead, TiffWrite, TiffSeek, TiffClose,
                              TiffSize, TiffMap, TiffUnmap);
  if (!tiff) return arrow::Status::Invalid("corrupt TIFF image");
  std::unique_ptr<TIFF, void (*)(TIFF*)> closer(tiff, TIFFClose);
  uint32_t width = 0, height = 0;
  uint16_t samples = 1, extra = 0;
  uint16_t* extra_types = nullptr;
  TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &width);
  TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &height);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_SAMPLESPERPIXEL, &samples);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_EXTRASAMPLES, &extra, &extra_types);
  ARROW_RETURN_NOT_OK(CheckPixels(width, height, "TIFF"));
  const bool gray = samples - extra == 1;
  const bool alpha = extra > 0;
  OwnedImage image;
  image.width = width;
  image.height = height;
  image.channels = (gray ? 1 : 3) + (alpha ? 1 : 0);
  image.mode = *ModeForChannels(image.channels);
  image.pixels.resize(static_cast<size_t>(image.width * image.height * image.channels));
  uint16_t bits = 0, planar = 0, photometric = 0, format = SAMPLEFORMAT_UINT;
  TIFFGetFieldDefaulted(tiff, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted(tiff, TIFFTAG_SAMPLEFORMAT, &format);
  TIFFGetField(tiff, TIFFTAG_PHOTOMETRIC, &photometric);
  const bool plain = planar == PLANARCONFIG_CONTIG && samples == image.channels && !TIFFIsTiled(tiff) &&
                     (photometric == PHOTOMETRIC_RGB || photometric == PHOTOMETRIC_MINISBLACK);
  const bool deep16 = bits == 16 && format == SAMPLEFORMAT_UINT;
  const bool floats = bits == 32 && format == SAMPLEFORMAT_IEEEFP;
  if (plain && (deep16 || floats)) {
    ARROW_ASSIGN_OR_RAISE(auto deep, DecodeDeepTiff(tiff, width, height, image.channels, floats));
    if (keep_depth) return deep;
    return ConvertMode(deep.view(), EightBitMode(deep.mode));
  }
  if (bits == 8 && planar == PLANARCONFIG_CONTIG && samples == image.channels &&
      (photometric == PHOTOMETRIC_RGB || photometric == PHOTOMETRIC_MINISBLACK)) {
    // Plain 8-bit samples: read them as stored (the RGBA interface would premultiply
    // unassociated alpha).
    const int64_t stride = image.width * image.channels;
    for (uint32_t y = 0; y < height; ++y) {
      if (TIFFReadScanline(tiff, image.pixels.data() + y * stride, y, 0) < 0) {
        return arrow::Status::Invalid("corrupt TIFF image (row ", y, ")");
      }
    }
    return image;
  }
  std::vector<uint32_t> raster(static_cast<size_t>(width) * height);
  if (!TIFFReadRGBAImageOriented(tiff, width, height, raster.data(), ORIENTATION_TOPLEFT, 0)) {
    return arrow::Status::Invalid("corrupt TIFF image");
  }
  uint8_t* out = image.pixels.data();
  for (uint32_t pixel : raster) {
    const uint8_t r = TIFFGetR(pixel), g = TIFFGetG(pixel), b = TIFFGetB(pixel), a = TIFFGetA(pixel);
    if (gray) {
      *out++ = r;
    } else {
      *out++ = r, *out++ = g, *out++ = b;
    }
    if (alpha) *out++ = a;
  }
  return image;
}

// TIFF keeps every sample type (uncompressed, one strip per row group libtiff picks).
arrow::Result<std::string> EncodeTiff(const ImageView& image) {
  SilenceTiff();
  std::string out;
  TiffSource sink{nullptr, 0, 0, &out};
  TIFF* tiff = TIFFClientOpen("memory", "w", &sink, TiffRead, TiffWrite, TiffSeek, TiffClose, TiffSize,
                              TiffMap, TiffUnmap);
  if (!tiff) return arrow::Status::Invalid("TIFF encoding failed");
  std::unique_ptr<TIFF, void (*)(TIFF*)> closer(tiff, TIFFClose);
  const SampleType sample = ModeSample(image.mode);
  TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, static_cast<uint32_t>(image.width));
  TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, static_cast<uint32_t>(image.height));
  TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, static_cast<uint16_t>(image.channels));
  TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, static_cast<uint16_t>(8 * SampleBytes(sample)));
  TIFFSetField(tiff, TIFFTAG_SAMPLEFORMAT, sample == SampleType::kFloat32 ? SAMPLEFORMAT_IEEEFP : SAMPLEFORMAT_UINT);
  TIFFSetField(tiff, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC, image.channels >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
  TIFFSetField(tiff, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
  TIFFSetField(tiff, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(tiff, 0));
  if (image.channels % 2 == 0) {
    const uint16_t alpha[1] = {EXTRASAMPLE_UNASSALPHA};
    TIFFSetField(tiff, TIFFTAG_EXTRASAMPLES, 1, alpha);
  }
  const int64_t stride = image.width * image.channels * SampleBytes(sample);
  for (int64_t y = 0; y < image.height; ++y) {
    if (TIFFWriteScanline(tiff, const_cast<uint8_t*>(image.pixels) + y * stride, static_cast<uint32_t>(y), 0) < 0) {
      return arrow::Status::Invalid("TIFF encoding failed at row ", y);
    }
  }
  closer.reset();  // writes the directory
  return out;
}

}  // namespace

arrow::Result<ImageFormat> ImageFormatFromName(const std::string& name) {
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  if (upper == "PNG") return ImageFormat::kPng;
  if (upper == "JPEG" || upper == "JPG") return ImageFormat::kJpeg;
  if (upper == "WEBP") return ImageFormat::kWebp;
  if (upper == "GIF") return ImageFormat::kGif;
  if (upper == "BMP") return ImageFormat::kBmp;
  if (upper == "TIFF") return ImageFormat::kTiff;
  return arrow::Status::Invalid("unknown image format '", name,
                                "'; expected one of PNG, JPEG, WEBP, GIF, BMP, TIFF");
}

int64_t MaxImagePixels() {
  static const int64_t limit = [] {
    const char* value = std::getenv("SKIPJACK_MAX_IMAGE_PIXELS");
    return value ? std::atoll(value) : int64_t{178956970};
  }();
  return limit;
}

arrow::Result<OwnedImage> DecodeImage(const uint8_t* data, int64_t size, bool keep_depth) {
  if (StartsWith(data, size, "\x89PNG\r\n\x1a\n", 8)) return DecodePng(data, size, keep_depth);
  if (StartsWith(data, size, "\xff\xd8\xff", 3)) return DecodeJpeg(data, size);
  if (StartsWith(data, size, "RIFF", 4) && size >= 12 && std::memcmp(data + 8, "WEBP", 4) == 0) {
    return DecodeWebp(data, size);
  }
  if (StartsWith(data, size, "GIF87a", 6) || StartsWith(data, size, "GIF89a", 6)) {
    return DecodeGif(data, size);
  }
  if (StartsWith(data, size, "BM", 2)) return DecodeBmp(data, size);
  if (StartsWith(data, size, "II*\0", 4) || StartsWith(data, size, "MM\0*", 4)) {
    return DecodeTiff(data, size, keep_depth);
  }
  return arrow::Status::Invalid("not an image: the bytes start with none of the PNG, JPEG, "
                                "WebP, GIF, BMP or TIFF signatures (", size, " bytes)");
}

arrow::Result<std::string> EncodeImage(const ImageView& image, ImageFormat format) {
  if (format == ImageFormat::kPng) return EncodePng(image);
  if (format == ImageFormat::kTiff) return EncodeTiff(image);
  if (ModeSample(image.mode) != SampleType::kUInt8) {
    const OwnedImage narrow = ConvertMode(image, EightBitMode(image.mode));
    return EncodeImage(narrow.view(), format);
  }
  switch (format) {
    case ImageFormat::kJpeg: return EncodeJpeg(image);
    case ImageFormat::kWebp: return EncodeWebp(image);
    case ImageFormat::kGif: return EncodeGif(image);
    case ImageFormat::kBmp: return EncodeBmp(image);
    default: return EncodeTiff(image);
  }
}

}  // namespace skipjack
