// Aggregations that keep values: list (agg_list), string_agg (concat), any_value, and
// the boolean bool_and / bool_or.

#include <algorithm>

#include <arrow/array/concatenate.h>
#include <arrow/compute/api.h>
#include <arrow/compute/row/grouper.h>
#include <arrow/scalar.h>

#include "skipjack/functions/aggregate/aggregate_internal.h"

namespace skipjack::internal {
namespace {

std::shared_ptr<arrow::UInt32Array> CopyIds(const uint32_t* ids, int64_t length) {
  arrow::UInt32Builder builder;
  ARROW_CHECK_OK(builder.AppendValues(ids, length));
  return std::static_pointer_cast<arrow::UInt32Array>(builder.Finish().ValueOrDie());
}

// Every (group, value) pair, grouped at the end with Arrow's MakeGroupings.
class ListAccumulator final : public GroupedAccumulator {
 public:
  ListAccumulator(std::shared_ptr<arrow::DataType> value_type, bool drop_nulls)
      : value_type_(std::move(value_type)), drop_nulls_(drop_nulls) {}

  arrow::Status Consume(const arrow::Array& values, const uint32_t* ids,
                        uint32_t) override {
    auto kept_ids = CopyIds(ids, values.length());
    std::shared_ptr<arrow::Array> kept = arrow::MakeArray(values.data());
    if (drop_nulls_ && values.null_count() > 0) {
      ARROW_ASSIGN_OR_RAISE(auto mask, arrow::compute::IsValid(kept));
      ARROW_ASSIGN_OR_RAISE(auto filtered_ids, arrow::compute::Filter(kept_ids, mask));
      ARROW_ASSIGN_OR_RAISE(auto filtered, arrow::compute::Filter(kept, mask));
      kept_ids = std::static_pointer_cast<arrow::UInt32Array>(filtered_ids.make_array());
      kept = filtered.make_array();
    }
    ids_.push_back(std::move(kept_ids));
    values_.push_back(std::move(kept));
    return arrow::Status::OK();
  }

  arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& groups, uint32_t) override {
    auto& that = static_cast<ListAccumulator&>(other);
    int64_t num_other_groups = 0;
    for (int64_t i = 0; i < groups.size; ++i) num_other_groups = std::max(num_other_groups, groups.from[i] + 1);
    const auto dense = groups.Dense(num_other_groups);
    const uint32_t* mapping = dense.data();
    for (size_t c = 0; c < that.ids_.size(); ++c) {
      const auto& ids = *that.ids_[c];
      std::vector<uint32_t> mapped;
      std::vector<int64_t> rows;  // rows of groups this merge takes
      mapped.reserve(ids.length());
      for (int64_t i = 0; i < ids.length(); ++i) {
        const uint32_t id = ids.Value(i);
        const uint32_t to = id < num_other_groups ? mapping[id] : kSkipGroup;
        if (to == kSkipGroup) continue;
        mapped.push_back(to);
        rows.push_back(i);
      }
      if (mapped.empty()) continue;
      std::shared_ptr<arrow::Array> values = that.values_[c];
      if (static_cast<int64_t>(rows.size()) != ids.length()) {
        arrow::Int64Array indices(static_cast<int64_t>(rows.size()), arrow::Buffer::Wrap(rows));
        ARROW_ASSIGN_OR_RAISE(auto taken, arrow::compute::Take(values, indices));
        values = taken.make_array();
      }
      ids_.push_back(CopyIds(mapped.data(), static_cast<int64_t>(mapped.size())));
      values_.push_back(std::move(values));
    }
    return arrow::Status::OK();
  }

  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    return Grouped(num_groups);
  }

  /// One list of values per group.
  arrow::Result<std::shared_ptr<arrow::ListArray>> Grouped(uint32_t num_groups) {
    std::shared_ptr<arrow::Array> ids, values;
    if (ids_.empty()) {
      ARROW_ASSIGN_OR_RAISE(ids, arrow::MakeEmptyArray(arrow::uint32()));
      ARROW_ASSIGN_OR_RAISE(values, arrow::MakeEmptyArray(value_type_));
    } else {
      ARROW_ASSIGN_OR_RAISE(ids, arrow::Concatenate({ids_.begin(), ids_.end()}));
      ARROW_ASSIGN_OR_RAISE(values, arrow::Concatenate(values_));
    }
    ARROW_ASSIGN_OR_RAISE(auto groupings, arrow::compute::Grouper::MakeGroupings(
                                              static_cast<const arrow::UInt32Array&>(*ids),
                                              num_groups));
    return arrow::compute::Grouper::ApplyGroupings(*groupings, *values);
  }

 private:
  std::shared_ptr<arrow::DataType> value_type_;
  bool drop_nulls_;
  std::vector<std::shared_ptr<arrow::UInt32Array>> ids_;
  std::vector<std::shared_ptr<arrow::Array>> values_;
};

class ListFunction final : public AggregateFunction {
 public:
  ListFunction() : AggregateFunction("list", "All values of the group, as a list") {}

  arrow::Result<BoundAggregatePtr> Bind(const std::shared_ptr<arrow::DataType>& input,
                                        const CallOptions&) const override {
    if (!input) return UnsupportedInput(name(), input);
    class Bound final : public BoundAggregate {
     public:
      explicit Bound(std::shared_ptr<arrow::DataType> input)
          : BoundAggregate(input, arrow::list(input)) {}
      std::unique_ptr<GroupedAccumulator> MakeAccumulator(arrow::MemoryPool*) const override {
        return std::make_unique<ListAccumulator>(input_type(), /*drop_nulls=*/false);
      }
    };
    return std::make_shared<Bound>(input);
  }
};

// string_agg: the group's non-null strings joined with a delimiter (null if none).
class StringAggAccumulator final : public GroupedAccumulator {
 public:
  StringAggAccumulator(std::shared_ptr<arrow::DataType> type, std::string delimiter)
      : list_(type, /*drop_nulls=*/true), type_(std::move(type)), delimiter_(std::move(delimiter)) {}

  arrow::Status Consume(const arrow::Array& values, const uint32_t* ids,
                        uint32_t num_groups) override {
    return list_.Consume(values, ids, num_groups);
  }
  arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& mapping,
                      uint32_t num_groups) override {
    return list_.Merge(static_cast<StringAggAccumulator&>(other).list_, mapping, num_groups);
  }
  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    ARROW_ASSIGN_OR_RAISE(auto lists, list_.Grouped(num_groups));
    ARROW_ASSIGN_OR_RAISE(auto separator, arrow::MakeScalar(type_, delimiter_));
    ARROW_ASSIGN_OR_RAISE(auto joined,
                          arrow::compute::CallFunction("binary_join", {lists, separator}));
    // An empty group (no non-null strings) is null, not "".
    ARROW_ASSIGN_OR_RAISE(auto sizes, arrow::compute::CallFunction("list_value_length", {lists}));
    ARROW_ASSIGN_OR_RAISE(auto has_values,
                          arrow::compute::CallFunction("greater", {sizes, arrow::Datum(0)}));
    ARROW_ASSIGN_OR_RAISE(auto null, arrow::MakeScalar(type_, std::string()));
    null->is_valid = false;
    ARROW_ASSIGN_OR_RAISE(auto result,
                          arrow::compute::CallFunction("if_else", {has_values, joined, null}));
    return result.make_array();
  }

 private:
  ListAccumulator list_;
  std::shared_ptr<arrow::DataType> type_;
  std::string delimiter_;
};

class StringAgg final : public AggregateFunction {
 public:
  StringAgg() : AggregateFunction("string_agg", "The group's strings joined with a delimiter") {}

  arrow::Result<BoundAggregatePtr> Bind(const std::shared_ptr<arrow::DataType>& input,
                                        const CallOptions& options) const override {
    if (!input || !(arrow::is_string(input->id()) || input->id() == arrow::Type::NA)) {
      return UnsupportedInput(name(), input);
    }
    std::string delimiter;
    if (auto it = options.find("delimiter"); it != options.end() && it->second->is_valid) {
      delimiter = it->second->ToString();
    }
    const auto type = input->id() == arrow::Type::NA ? arrow::large_utf8() : input;
    class Bound final : public BoundAggregate {
     public:
      Bound(std::shared_ptr<arrow::DataType> type, std::string delimiter)
          : BoundAggregate(type, type), delimiter_(std::move(delimiter)) {}
      std::unique_ptr<GroupedAccumulator> MakeAccumulator(arrow::MemoryPool*) const override {
        return std::make_unique<StringAggAccumulator>(input_type(), delimiter_);
      }

     private:
      std::string delimiter_;
    };
    return std::make_shared<Bound>(type, delimiter);
  }
};

// any_value: the first value met for each group (first non-null with ignore_nulls).
class AnyValueAccumulator final : public GroupedAccumulator {
 public:
  AnyValueAccumulator(std::shared_ptr<arrow::DataType> type, bool ignore_nulls)
      : type_(std::move(type)), ignore_nulls_(ignore_nulls) {}

  arrow::Status Consume(const arrow::Array& values, const uint32_t* ids,
                        uint32_t num_groups) override {
    Resize(num_groups);
    std::vector<int64_t> rows;
    for (int64_t i = 0; i < values.length(); ++i) {
      if (chosen_[ids[i]] >= 0 || (ignore_nulls_ && values.IsNull(i))) continue;
      chosen_[ids[i]] = kept_rows_ + static_cast<int64_t>(rows.size());
      rows.push_back(i);
    }
    return Keep(values, rows);
  }

  arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& mapping,
                      uint32_t num_groups) override {
    Resize(num_groups);
    auto& that = static_cast<AnyValueAccumulator&>(other);
    if (that.kept_.empty()) return arrow::Status::OK();
    ARROW_ASSIGN_OR_RAISE(auto theirs, arrow::Concatenate(that.kept_));
    std::vector<int64_t> rows;
    for (int64_t i = 0; i < mapping.size; ++i) {
      const auto g = static_cast<size_t>(mapping.from[i]);
      const uint32_t to = mapping.to[i];
      if (g >= that.chosen_.size() || that.chosen_[g] < 0 || chosen_[to] >= 0) continue;
      chosen_[to] = kept_rows_ + static_cast<int64_t>(rows.size());
      rows.push_back(that.chosen_[g]);
    }
    return Keep(*theirs, rows);
  }

  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    Resize(num_groups);
    std::shared_ptr<arrow::Array> kept;
    if (kept_.empty()) {
      ARROW_ASSIGN_OR_RAISE(kept, arrow::MakeEmptyArray(type_));
    } else {
      ARROW_ASSIGN_OR_RAISE(kept, arrow::Concatenate(kept_));
    }
    arrow::Int64Builder indices;
    ARROW_RETURN_NOT_OK(indices.Reserve(num_groups));
    for (uint32_t g = 0; g < num_groups; ++g) {
      if (chosen_[g] >= 0) {
        indices.UnsafeAppend(chosen_[g]);
      } else {
        indices.UnsafeAppendNull();
      }
    }
    ARROW_ASSIGN_OR_RAISE(auto index_array, indices.Finish());
    ARROW_ASSIGN_OR_RAISE(auto taken, arrow::compute::Take(kept, index_array));
    return taken.make_array();
  }

 private:
  void Resize(uint32_t num_groups) {
    if (chosen_.size() < num_groups) chosen_.resize(num_groups, -1);
  }

  // Keeps only the chosen rows, so memory grows with groups, not with input.
  arrow::Status Keep(const arrow::Array& values, const std::vector<int64_t>& rows) {
    if (rows.empty()) return arrow::Status::OK();
    arrow::Int64Builder indices;
    ARROW_RETURN_NOT_OK(indices.AppendValues(rows));
    ARROW_ASSIGN_OR_RAISE(auto index_array, indices.Finish());
    ARROW_ASSIGN_OR_RAISE(auto taken,
                          arrow::compute::Take(arrow::MakeArray(values.data()), index_array));
    kept_.push_back(taken.make_array());
    kept_rows_ += static_cast<int64_t>(rows.size());
    return arrow::Status::OK();
  }

  std::shared_ptr<arrow::DataType> type_;
  bool ignore_nulls_;
  std::vector<int64_t> chosen_;  // row in the kept values, -1 when none yet
  std::vector<std::shared_ptr<arrow::Array>> kept_;
  int64_t kept_rows_ = 0;
};

class AnyValue final : public AggregateFunction {
 public:
  AnyValue() : AggregateFunction("any_value", "Some value of the group") {}

  arrow::Result<BoundAggregatePtr> Bind(const std::shared_ptr<arrow::DataType>& input,
                                        const CallOptions& options) const override {
    if (!input) return UnsupportedInput(name(), input);
    bool ignore_nulls = false;
    if (auto it = options.find("ignore_nulls"); it != options.end() && it->second->is_valid) {
      ignore_nulls = static_cast<const arrow::BooleanScalar&>(*it->second).value;
    }
    class Bound final : public BoundAggregate {
     public:
      Bound(std::shared_ptr<arrow::DataType> input, bool ignore_nulls)
          : BoundAggregate(input, input), ignore_nulls_(ignore_nulls) {}
      std::unique_ptr<GroupedAccumulator> MakeAccumulator(arrow::MemoryPool*) const override {
        return std::make_unique<AnyValueAccumulator>(input_type(), ignore_nulls_);
      }

     private:
      bool ignore_nulls_;
    };
    return std::make_shared<Bound>(input, ignore_nulls);
  }
};

// bool_and / bool_or over the non-null values (null for a group without any).
template <bool kAnd>
class BoolAccumulator final : public GroupedAccumulator {
 public:
  arrow::Status Consume(const arrow::Array& values, const uint32_t* ids,
                        uint32_t num_groups) override {
    Resize(num_groups);
    const auto& bools = static_cast<const arrow::BooleanArray&>(values);
    for (int64_t i = 0; i < bools.length(); ++i) {
      if (bools.IsValid(i)) Apply(ids[i], bools.Value(i));
    }
    return arrow::Status::OK();
  }
  arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& mapping,
                      uint32_t num_groups) override {
    Resize(num_groups);
    auto& that = static_cast<BoolAccumulator&>(other);
    for (int64_t i = 0; i < mapping.size; ++i) {
      const auto g = static_cast<uint32_t>(mapping.from[i]);
      if (g < that.seen_.size() && that.seen_.get(g)) Apply(mapping.to[i], that.state_[g] != 0);
    }
    return arrow::Status::OK();
  }
  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    Resize(num_groups);
    arrow::BooleanBuilder builder;
    ARROW_RETURN_NOT_OK(builder.Reserve(num_groups));
    for (uint32_t g = 0; g < num_groups; ++g) {
      if (seen_.get(g)) {
        builder.UnsafeAppend(state_[g] != 0);
      } else {
        builder.UnsafeAppendNull();
      }
    }
    return builder.Finish();
  }

 private:
  void Resize(uint32_t num_groups) {
    if (state_.size() < num_groups) state_.resize(num_groups, kAnd ? 1 : 0);
    seen_.Resize(num_groups);
  }
  void Apply(uint32_t group, bool value) {
    state_[group] = kAnd ? (state_[group] && value) : (state_[group] || value);
    seen_.set(group);
  }

  std::vector<uint8_t> state_;
  GroupFlags seen_;
};

template <bool kAnd>
class BoolFunction final : public AggregateFunction {
 public:
  BoolFunction()
      : AggregateFunction(kAnd ? "bool_and" : "bool_or",
                          kAnd ? "True if every value is true" : "True if any value is true") {}

  arrow::Result<BoundAggregatePtr> Bind(const std::shared_ptr<arrow::DataType>& input,
                                        const CallOptions&) const override {
    if (!input || !(input->id() == arrow::Type::BOOL || input->id() == arrow::Type::NA)) {
      return UnsupportedInput(name(), input);
    }
    class Bound final : public BoundAggregate {
     public:
      Bound() : BoundAggregate(arrow::boolean(), arrow::boolean()) {}
      std::unique_ptr<GroupedAccumulator> MakeAccumulator(arrow::MemoryPool*) const override {
        return std::make_unique<BoolAccumulator<kAnd>>();
      }
    };
    return std::make_shared<Bound>();
  }
};

}  // namespace

void RegisterCollectAggregates(AggregateRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<ListFunction>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<StringAgg>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<AnyValue>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<BoolFunction<true>>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<BoolFunction<false>>()));
}

}  // namespace skipjack::internal
