// File: file_reference.h
//
// Daft's File[media] type: struct<url, io_config, position, size> in daft.super_extension,
// and the cast that makes one from a String column of paths or URLs (col.cast(File)).

#pragma once

#include <memory>
#include <string>

#include <arrow/compute/type_fwd.h>
#include <arrow/datum.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

bool IsFileType(const arrow::DataType& type);

/// Whether CastToFile handles this cast (String or Null -> File).
bool IsFileCast(const arrow::DataType& from, const arrow::DataType& to);

/// File references for the paths in `value` (nulls stay null), carrying `io_config`.
arrow::Result<arrow::Datum> CastToFile(const arrow::Datum& value,
                                       const std::shared_ptr<arrow::DataType>& to,
                                       arrow::compute::ExecContext* ctx,
                                       const std::string& io_config = "");

}  // namespace skipjack
