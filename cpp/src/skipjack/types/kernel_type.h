// File: kernel_type.h
//
// The types our kernels work on. Arrow has several layouts for one logical type
// (string, large_string, string_view, dictionary-encoded strings); data coming in from
// outside (Arrow streams, Parquet files) is converted to one of them at the source.

#pragma once

#include <memory>

#include <arrow/result.h>
#include <arrow/compute/type_fwd.h>
#include <arrow/type_fwd.h>

namespace skipjack {

/// Views become large strings/binaries/lists and dictionaries their value type.
std::shared_ptr<arrow::DataType> KernelType(const std::shared_ptr<arrow::DataType>& type);

/// The schema with every field in its kernel type.
std::shared_ptr<arrow::Schema> KernelSchema(const arrow::Schema& schema);

/// Casts the columns of `batch` to the types of `schema` (same names and order).
arrow::Result<std::shared_ptr<arrow::RecordBatch>> ConformBatch(
    const std::shared_ptr<arrow::RecordBatch>& batch, const std::shared_ptr<arrow::Schema>& schema,
    arrow::compute::ExecContext* ctx);

}  // namespace skipjack
