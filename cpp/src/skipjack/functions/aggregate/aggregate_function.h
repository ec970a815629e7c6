// File: aggregate_function.h
//
// Aggregations (sum, count, mean, ...) computed per group, in two phases: every worker
// consumes its morsels into its own accumulators (partial state), then the partial
// states of all workers are merged and finalized. The same machinery serves a global
// aggregation, which is one group.
//
//   auto fn = GetAggregateRegistry()->Find("sum");
//   ARROW_ASSIGN_OR_RAISE(auto bound, (*fn)->Bind(arrow::int64(), {}));
//   auto acc = bound->MakeAccumulator(pool);
//   acc->Consume(values, group_ids, num_groups);   // per morsel
//   acc->Merge(*other, {from, to, n}, num_groups);   // another worker's groups
//   acc->Finalize(num_groups);                      // one value per group

#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "skipjack/expr/expr.h"

namespace skipjack {

/// A Merge mapping entry for a group that this merge leaves out.
inline constexpr uint32_t kSkipGroup = 0xFFFFFFFFu;

/// The groups a merge takes from another accumulator: its group from[i] becomes group
/// to[i] here. A merge of one partition lists only that partition's groups, so merging
/// many partitions costs no more than merging one.
struct GroupMapping {
  const int64_t* from;
  const uint32_t* to;
  int64_t size;

  /// As a lookup table over the other accumulator's `num_other_groups` groups, with
  /// kSkipGroup for the groups left out.
  std::vector<uint32_t> Dense(int64_t num_other_groups) const {
    std::vector<uint32_t> dense(static_cast<size_t>(num_other_groups), kSkipGroup);
    for (int64_t i = 0; i < size; ++i) dense[static_cast<size_t>(from[i])] = to[i];
    return dense;
  }
};

/// The partial state of one aggregation over many groups.
class GroupedAccumulator {
 public:
  virtual ~GroupedAccumulator() = default;

  /// Adds rows: `values[i]` belongs to group `group_ids[i]`, and every id is below
  /// `num_groups`, the number of groups known so far. `values` has the morsel's length
  /// (a NullArray for count(*)).
  virtual arrow::Status Consume(const arrow::Array& values, const uint32_t* group_ids,
                                uint32_t num_groups) = 0;

  /// Adds the groups of `other` (an accumulator of the same aggregation) that `mapping`
  /// lists; every target id is below `num_groups`. Groups not listed are left out
  /// (another partition of the merge takes them). `other` is only read: several merges
  /// may read it at once, from different threads.
  virtual arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& mapping,
                              uint32_t num_groups) = 0;

  /// The final value of every group, in group-id order.
  virtual arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) = 0;
};

/// An aggregation bound to an input type.
class BoundAggregate {
 public:
  BoundAggregate(std::shared_ptr<arrow::DataType> input_type,
                 std::shared_ptr<arrow::DataType> output_type)
      : input_type_(std::move(input_type)), output_type_(std::move(output_type)) {}
  virtual ~BoundAggregate() = default;

  /// The type accumulators consume; callers cast values to it first.
  const std::shared_ptr<arrow::DataType>& input_type() const { return input_type_; }
  const std::shared_ptr<arrow::DataType>& output_type() const { return output_type_; }
  virtual std::unique_ptr<GroupedAccumulator> MakeAccumulator(arrow::MemoryPool* pool) const = 0;

 private:
  std::shared_ptr<arrow::DataType> input_type_;
  std::shared_ptr<arrow::DataType> output_type_;
};

using BoundAggregatePtr = std::shared_ptr<const BoundAggregate>;

class AggregateFunction {
 public:
  AggregateFunction(std::string name, std::string summary)
      : name_(std::move(name)), summary_(std::move(summary)) {}
  virtual ~AggregateFunction() = default;

  const std::string& name() const { return name_; }
  const std::string& summary() const { return summary_; }

  /// Checks the input type (null for count(*)) and options; TypeError names both.
  virtual arrow::Result<BoundAggregatePtr> Bind(const std::shared_ptr<arrow::DataType>& input,
                                                const CallOptions& options) const = 0;

 private:
  std::string name_;
  std::string summary_;
};

using AggregateFunctionPtr = std::shared_ptr<const AggregateFunction>;

/// Aggregate functions by name (sum, mean, count, ...), as Python names them.
class AggregateRegistry {
 public:
  arrow::Status Add(AggregateFunctionPtr function);
  arrow::Result<AggregateFunctionPtr> Find(const std::string& name) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, AggregateFunctionPtr> functions_;
};

const AggregateRegistry* GetAggregateRegistry();

}  // namespace skipjack
