// File: image_fusion.h
//
// Rewrites of image expressions done when a projection is planned: decode_image followed
// by resize becomes decode_and_resize, which resizes each photo as soon as it is decoded
// instead of holding a column of full-size images.

#pragma once

#include "skipjack/expr/expr.h"

namespace skipjack {

ExprPtr FuseImageCalls(const ExprPtr& expr);

}  // namespace skipjack
