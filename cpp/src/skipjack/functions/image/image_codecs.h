// File: image_codecs.h
//
// Encoded image bytes <-> pixels, through the usual C libraries: libjpeg-turbo (JPEG),
// libpng (PNG), libwebp (WebP), giflib (GIF, first frame), libtiff (TIFF), and our own
// reader for uncompressed BMP. The format is detected from the bytes, not from a name.

#pragma once

#include <cstdint>
#include <string>

#include <arrow/result.h>

#include "skipjack/functions/image/image_column.h"

namespace skipjack {

enum class ImageFormat { kPng, kJpeg, kWebp, kGif, kBmp, kTiff };

/// "PNG", "JPEG", ... (case-insensitive), as Daft's ImageFormat.
arrow::Result<ImageFormat> ImageFormatFromName(const std::string& name);

/// Refuses images with more pixels than this (decompression bombs); SKIPJACK_MAX_IMAGE_PIXELS
/// overrides it. Pillow's default warning limit is 89 million; we allow twice that.
int64_t MaxImagePixels();

/// Decodes an image in its own mode: L, LA, RGB or RGBA, 8 bits per channel. With
/// `keep_depth`, 16-bit PNG and TIFF images keep their 16 bits (L16 ... RGBA16) and float
/// TIFF images their floats (RGB32F, RGBA32F; gray floats become RGB32F).
arrow::Result<OwnedImage> DecodeImage(const uint8_t* data, int64_t size, bool keep_depth = false);

/// PNG keeps 16-bit samples (floats are written as 16-bit), TIFF keeps 16-bit and float
/// samples; JPEG, WebP, GIF (256 colours, no alpha) and BMP take 8-bit samples (deeper
/// images are converted first).
arrow::Result<std::string> EncodeImage(const ImageView& image, ImageFormat format);

}  // namespace skipjack
