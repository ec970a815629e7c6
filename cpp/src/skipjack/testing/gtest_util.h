// File: gtest_util.h
//
// GoogleTest helpers for Arrow Status/Result and for building test data from JSON.

#pragma once

#include <memory>
#include <string>

#include <arrow/record_batch.h>
#include <arrow/result.h>
#include <arrow/status.h>
#include <gtest/gtest.h>

#define SKIPJACK_CONCAT_INNER(a, b) a##b
#define SKIPJACK_CONCAT(a, b) SKIPJACK_CONCAT_INNER(a, b)

#define ASSERT_OK(expr)                                              \
  do {                                                               \
    const ::arrow::Status _st = (expr);                              \
    ASSERT_TRUE(_st.ok()) << "'" #expr "' failed: " << _st.ToString(); \
  } while (false)

#define ASSERT_OK_AND_ASSIGN_IMPL(result_name, lhs, rexpr)                       \
  auto result_name = (rexpr);                                                    \
  ASSERT_TRUE(result_name.ok()) << "'" #rexpr "' failed: "                       \
                                << result_name.status().ToString();              \
  lhs = std::move(result_name).ValueUnsafe();

#define ASSERT_OK_AND_ASSIGN(lhs, rexpr) \
  ASSERT_OK_AND_ASSIGN_IMPL(SKIPJACK_CONCAT(_result_, __COUNTER__), lhs, rexpr)

namespace skipjack::testing {

/// A record batch from a schema and a JSON array of rows, e.g.
///   BatchFromJson(schema, R"([{"a": 1, "s": "x"}, {"a": null, "s": "y"}])")
std::shared_ptr<arrow::RecordBatch> BatchFromJson(const std::shared_ptr<arrow::Schema>& schema,
                                                  const std::string& json);

/// An array of `type` from a JSON array of values, e.g. ArrayFromJson(int64(), "[1, null]").
std::shared_ptr<arrow::Array> ArrayFromJson(const std::shared_ptr<arrow::DataType>& type,
                                            const std::string& json);

}  // namespace skipjack::testing
