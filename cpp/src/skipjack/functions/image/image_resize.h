// File: image_resize.h
//
// Resizing with a triangle (bilinear) filter that widens when shrinking, computed as the
// Rust image crate does (imageops::resize with FilterType::Triangle, which Daft uses):
// rows first into float32, then columns, rounding half away from zero. Results agree
// with Daft's within one level.

#pragma once

#include "skipjack/functions/image/image_column.h"

namespace skipjack {

OwnedImage ResizeImage(const ImageView& image, int64_t new_width, int64_t new_height);

}  // namespace skipjack
