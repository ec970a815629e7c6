// File: logical_plan.h
//
// Logical plans: what a query computes, independent of how. The DataFrame API and SQL
// both build these trees; the optimizer rewrites them; the physical planner turns them
// into operators. Nodes are immutable and validate themselves when made, so a
// DataFrame that could be built has a schema and no type errors.

#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

class LogicalPlan;
using LogicalPlanPtr = std::shared_ptr<const LogicalPlan>;

/// The closed set of logical node kinds; planners switch on it exhaustively.
enum class LogicalKind {
  kSource,
  kProject,
  kFilter,
  kLimit,
  kOffset,
  kAggregate,
  kSort,
  kJoin,
  kConcat,
  kExplode,
  kSample,
  kRowNumber,
  kWrite,
  kUdfProject,
  kHammingJoin
};

class LogicalPlan : public std::enable_shared_from_this<LogicalPlan> {
 public:
  virtual ~LogicalPlan() = default;

  LogicalKind kind() const { return kind_; }
  const std::vector<LogicalPlanPtr>& children() const { return children_; }
  const std::shared_ptr<arrow::Schema>& schema() const { return schema_; }

  /// Node title in plan trees: "Project", "Filter", ...
  virtual std::string name() const = 0;
  /// Text after "Name: " on the node's first line (may be empty).
  virtual std::string Summary() const = 0;
  /// Further lines printed under the node.
  virtual std::vector<std::string> Details() const { return {}; }

  /// The same node over new children; re-derives and re-validates the schema.
  virtual arrow::Result<LogicalPlanPtr> WithChildren(
      std::vector<LogicalPlanPtr> children) const = 0;

 protected:
  LogicalPlan(LogicalKind kind, std::vector<LogicalPlanPtr> children,
              std::shared_ptr<arrow::Schema> schema)
      : kind_(kind), children_(std::move(children)), schema_(std::move(schema)) {}

 private:
  friend const std::string& PlanFingerprint(const LogicalPlan& plan);

  LogicalKind kind_;
  std::vector<LogicalPlanPtr> children_;
  std::shared_ptr<arrow::Schema> schema_;
  // Computed on first use: the optimizer asks for the fingerprints of the same
  // (immutable) subtrees in every pass.
  mutable std::once_flag fingerprinted_;
  mutable std::string fingerprint_;
};

/// Renders a plan as Daft's explain() does ("* Name: summary" / "|   detail").
std::string RenderLogicalPlan(const LogicalPlan& plan);

}  // namespace skipjack
