// File: logical_join.h

#pragma once

#include <map>
#include <set>

#include "skipjack/expr/expr.h"
#include "skipjack/plan/logical_plan.h"

namespace skipjack {

enum class JoinType { kInner, kLeft, kRight, kOuter, kSemi, kAnti, kCross };

/// Parses "inner", "left", ... (Daft's names); Invalid otherwise.
arrow::Result<JoinType> ParseJoinType(const std::string& name);
std::string JoinTypeName(JoinType type);

/// Where an output column of a join comes from.
struct JoinOutputColumn {
  enum class Source { kLeft, kRight, kMergedKey };
  Source source;
  int index = -1;  ///< column of that input (kLeft, kRight), or key pair (kMergedKey)
};

/// Joins two inputs on equal keys, with Daft's output layout: key pairs that are the
/// same-named column on both sides become one column listed first (for an outer join,
/// the non-null of the two); then the left columns; then the right columns, renamed to
/// prefix + name + suffix when their name is taken. Semi and anti joins
/// output the left columns only; a cross join has no keys. Null keys never match.
///
/// The renames of right columns are fixed when the join is made, so that pruning
/// columns below it later never changes the names it outputs.
class LogicalJoin final : public LogicalPlan {
 public:
  static arrow::Result<LogicalPlanPtr> Make(LogicalPlanPtr left, LogicalPlanPtr right,
                                            std::vector<ExprPtr> left_keys,
                                            std::vector<ExprPtr> right_keys, JoinType type,
                                            std::string prefix, std::string suffix);
  /// The same join over new inputs (keys, renames and chosen outputs kept).
  arrow::Result<LogicalPlanPtr> WithInputs(LogicalPlanPtr left, LogicalPlanPtr right) const;
  /// The same join outputting only the columns named in `names` (at least one: the
  /// rows must survive), in their usual order; empty `names` (or every column) for all
  /// of them. A join gathers its output rows column by column, so a key used only by
  /// this join (TPC-H's chains of joins on ids) should not be copied into every row.
  arrow::Result<LogicalPlanPtr> WithOutputs(std::set<std::string> names) const;

  const std::vector<ExprPtr>& left_keys() const { return left_keys_; }
  const std::vector<ExprPtr>& right_keys() const { return right_keys_; }
  JoinType type() const { return type_; }
  const std::string& prefix() const { return prefix_; }
  const std::string& suffix() const { return suffix_; }
  /// The common type each key pair is compared in.
  const std::vector<std::shared_ptr<arrow::DataType>>& key_types() const { return key_types_; }
  const std::vector<JoinOutputColumn>& layout() const { return layout_; }
  /// Output name of each renamed right column.
  const std::map<std::string, std::string>& right_renames() const { return right_renames_; }

  std::string name() const override { return "Join"; }
  std::string Summary() const override;
  std::vector<std::string> Details() const override;
  arrow::Result<LogicalPlanPtr> WithChildren(std::vector<LogicalPlanPtr> children) const override;

  LogicalJoin(LogicalPlanPtr left, LogicalPlanPtr right, std::vector<ExprPtr> left_keys,
              std::vector<ExprPtr> right_keys, JoinType type, std::string prefix,
              std::string suffix, std::vector<std::shared_ptr<arrow::DataType>> key_types,
              std::map<std::string, std::string> right_renames,
              std::vector<JoinOutputColumn> layout, std::shared_ptr<arrow::Schema> schema);

 private:
  std::vector<ExprPtr> left_keys_;
  std::vector<ExprPtr> right_keys_;
  JoinType type_;
  std::string prefix_;
  std::string suffix_;
  std::vector<std::shared_ptr<arrow::DataType>> key_types_;
  std::map<std::string, std::string> right_renames_;
  std::vector<JoinOutputColumn> layout_;
  std::set<std::string> outputs_;  // the output columns kept; empty: all
};

}  // namespace skipjack
