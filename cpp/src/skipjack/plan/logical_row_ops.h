// File: logical_row_ops.h
//
// Logical nodes that reshape rows without expressions of their own: offset, concat,
// explode, sample and row numbering.

#pragma once

#include <optional>

#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// Skips the first `offset` rows.
class LogicalOffset final : public LogicalPlan {
 public:
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr input, int64_t offset);
  int64_t offset() const { return offset_; }
  std::string name() const override { return "Offset"; }
  std::string Summary() const override { return std::to_string(offset_); }
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;
  LogicalOffset(LogicalPlanPtr input, int64_t offset);

 private:
  int64_t offset_;
};

/// The rows of every input, input after input. Inputs must have the same column names
/// and types (Daft's concat); nullability may differ.
class LogicalConcat final : public LogicalPlan {
 public:
  static arrow::Result<LogicalPlanPtr> Make(std::vector<LogicalPlanPtr> inputs);
  std::string name() const override { return "Concat"; }
  std::string Summary() const override { return ""; }
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;
  LogicalConcat(std::vector<LogicalPlanPtr> inputs, std::shared_ptr<arrow::Schema> schema);
};

/// One row per element of the list columns `columns` (equal lengths per row); the
/// other columns repeat. A null or empty list gives one row of nulls, unless
/// `ignore_empty_and_null`. With `index_column`, the element's position is added.
class LogicalExplode final : public LogicalPlan {
 public:
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr input, std::vector<std::string> columns,
                                            std::optional<std::string> index_column,
                                            bool ignore_empty_and_null);
  const std::vector<std::string>& columns() const { return columns_; }
  const std::optional<std::string>& index_column() const { return index_column_; }
  bool ignore_empty_and_null() const { return ignore_empty_and_null_; }
  std::string name() const override { return "Explode"; }
  std::string Summary() const override;
  std::vector<std::string> Details() const override;
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;
  LogicalExplode(LogicalPlanPtr input, std::vector<std::string> columns,
                 std::optional<std::string> index_column, bool ignore_empty_and_null,
                 std::shared_ptr<arrow::Schema> schema);

 private:
  std::vector<std::string> columns_;
  std::optional<std::string> index_column_;
  bool ignore_empty_and_null_;
};

/// A random sample: each row kept with probability `fraction` (with replacement: kept
/// a Poisson number of times), or exactly `size` rows (fewer if there are fewer).
class LogicalSample final : public LogicalPlan {
 public:
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr input, std::optional<double> fraction,
                                            std::optional<int64_t> size, bool with_replacement,
                                            uint64_t seed);
  std::optional<double> fraction() const { return fraction_; }
  std::optional<int64_t> size() const { return size_; }
  bool with_replacement() const { return with_replacement_; }
  uint64_t seed() const { return seed_; }
  std::string name() const override { return "Sample"; }
  std::string Summary() const override;
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;
  LogicalSample(LogicalPlanPtr input, std::optional<double> fraction, std::optional<int64_t> size,
                bool with_replacement, uint64_t seed);

 private:
  std::optional<double> fraction_;
  std::optional<int64_t> size_;
  bool with_replacement_;
  uint64_t seed_;
};

/// Adds a column numbering the rows in order: offset, offset + 1, ...
class LogicalRowNumber final : public LogicalPlan {
 public:
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr input, std::string column,
                                            int64_t offset);
  const std::string& column() const { return column_; }
  int64_t offset() const { return offset_; }
  std::string name() const override { return "Row Number"; }
  std::string Summary() const override { return column_; }
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;
  LogicalRowNumber(LogicalPlanPtr input, std::string column, int64_t offset,
                   std::shared_ptr<arrow::Schema> schema);

 private:
  std::string column_;
  int64_t offset_;
};

}  // namespace skipjack
