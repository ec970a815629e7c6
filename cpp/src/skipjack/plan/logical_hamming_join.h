// File: logical_hamming_join.h

#pragma once

#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// Pairs of a left and a right row whose hashes (equal-size binaries or integers) differ
/// in at most `max_distance` bits, with the distance as a UInt32 column: the
/// near-duplicate join, answered by multi-index hashing instead of a cross join.
/// Output: the left columns, the right columns (names must not clash), the distance.
class LogicalHammingJoin final : public LogicalPlan {
 public:
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr left, LogicalPlanPtr right,
                                            std::string left_key, std::string right_key,
                                            int max_distance, std::string distance_column);

  const std::string& left_key() const { return left_key_; }
  const std::string& right_key() const { return right_key_; }
  int max_distance() const { return max_distance_; }
  const std::string& distance_column() const { return distance_column_; }

  std::string name() const override { return "HammingJoin"; }
  std::string Summary() const override;
  std::vector<std::string> Details() const override;
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;

  LogicalHammingJoin(LogicalPlanPtr left, LogicalPlanPtr right, std::string left_key,
                     std::string right_key, int max_distance, std::string distance_column,
                     std::shared_ptr<arrow::Schema> schema);

 private:
  std::string left_key_, right_key_;
  int max_distance_;
  std::string distance_column_;
};

}  // namespace skipjack
