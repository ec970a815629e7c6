// File: hive_partitioning.h
//
// Columns encoded in directory names ("year=2024/month=05/part-0.parquet"), as written
// by write_parquet(partition_cols=...), Spark and Hive.

#pragma once

#include <memory>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "skipjack/io/file_listing.h"

namespace skipjack {

/// The value Hive writes for a null partition value.
inline constexpr const char* kHiveNullValue = "__HIVE_DEFAULT_PARTITION__";

struct HivePartitions {
  arrow::FieldVector fields;  ///< in the order they first appear in paths
  /// values[file][field]: one scalar per file and partition column (null if absent).
  std::vector<std::vector<std::shared_ptr<arrow::Scalar>>> values;
};

/// Reads key=value directories between each file's root and its name. A column's type
/// is Int64 when every value is an integer, Float64 when every value is a number,
/// Bool for true/false, Date for YYYY-MM-DD, else String. Values are URL-decoded.
arrow::Result<HivePartitions> InferHivePartitions(const std::vector<ListedFile>& files);

/// Escapes a value for a key=value directory name (the inverse of the decoding).
std::string EscapeHiveValue(const std::string& value);

}  // namespace skipjack
