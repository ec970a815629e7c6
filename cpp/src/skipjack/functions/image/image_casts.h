// File: image_casts.h
//
// Casts into image types, Daft's way of building images from arrays:
// Tensor[UInt8] with shapes (H, W) or (H, W, C) -> Image[mode] / Image[MIXED], and a
// fixed-shape UInt8 tensor [H, W, C] -> Image[mode; H x W] (no copy).

#pragma once

#include <arrow/compute/type_fwd.h>
#include <arrow/datum.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

/// Whether CastToImage handles this cast.
bool IsImageCast(const arrow::DataType& from, const arrow::DataType& to);

arrow::Result<arrow::Datum> CastToImage(const arrow::Datum& value,
                                        const std::shared_ptr<arrow::DataType>& to,
                                        arrow::compute::ExecContext* ctx);

}  // namespace skipjack
