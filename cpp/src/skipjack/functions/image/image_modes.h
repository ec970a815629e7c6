// File: image_modes.h
//
// Conversions between image modes: channels (L, LA, RGB, RGBA) and sample depth (8-bit,
// 16-bit, float32), as Daft's image crate converts.

#pragma once

#include "skipjack/functions/image/image_column.h"

namespace skipjack {

/// `image` in `mode`. Luma uses Rec. 709 weights (truncated for integer samples); an added
/// alpha is opaque; 8 <-> 16 bits scale by 257 (rounding), floats span 0..1 (clamped).
OwnedImage ConvertMode(const ImageView& image, ImageMode mode);

/// The 8-bit mode with the same channels (RGB32F -> RGB, L16 -> L, RGB -> RGB).
ImageMode EightBitMode(ImageMode mode);

}  // namespace skipjack
