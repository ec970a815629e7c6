// count (of values, of nulls, or of rows) and count_distinct.

#include <mutex>

#include <arrow/compute/exec.h>
#include <arrow/compute/row/grouper.h>
#include <arrow/scalar.h>

#include "skipjack/exec/key_grouper.h"
#include "skipjack/functions/aggregate/aggregate_internal.h"

namespace skipjack::internal {
namespace {

enum class CountMode { kValid, kNull, kAll };

class CountAccumulator final : public GroupedAccumulator {
 public:
  explicit CountAccumulator(CountMode mode) : mode_(mode) {}

  arrow::Status Consume(const arrow::Array& values, const uint32_t* ids,
                        uint32_t num_groups) override {
    Resize(num_groups);
    const int64_t n = values.length();
    const bool is_null_type = values.type_id() == arrow::Type::NA;
    const bool all_valid = !is_null_type && values.null_count() == 0;
    const bool all_null = is_null_type || values.null_count() == n;
    // Whole-morsel cases first: most counts need no per-row validity test.
    if (mode_ == CountMode::kAll || (mode_ == CountMode::kValid && all_valid) ||
        (mode_ == CountMode::kNull && all_null)) {
      for (int64_t i = 0; i < n; ++i) ++counts_[ids[i]];
      return arrow::Status::OK();
    }
    if ((mode_ == CountMode::kValid && all_null) || (mode_ == CountMode::kNull && all_valid)) {
      return arrow::Status::OK();
    }
    const bool want_valid = mode_ == CountMode::kValid;
    for (int64_t i = 0; i < n; ++i) counts_[ids[i]] += values.IsValid(i) == want_valid;
    return arrow::Status::OK();
  }

  arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& mapping,
                      uint32_t num_groups) override {
    Resize(num_groups);
    auto& that = static_cast<CountAccumulator&>(other);
    for (int64_t i = 0; i < mapping.size; ++i) {
      const auto g = static_cast<size_t>(mapping.from[i]);
      if (g < that.counts_.size()) counts_[mapping.to[i]] += that.counts_[g];
    }
    return arrow::Status::OK();
  }

  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    Resize(num_groups);
    return MakePrimitive<uint64_t>(arrow::uint64(), counts_, nullptr, num_groups);
  }

 private:
  void Resize(uint32_t num_groups) {
    if (counts_.size() < num_groups) counts_.resize(num_groups, 0);
  }

  CountMode mode_;
  std::vector<uint64_t> counts_;
};

class Count final : public AggregateFunction {
 public:
  Count() : AggregateFunction("count", "Number of values (mode='valid'), nulls ('null') or rows ('all')") {}

  arrow::Result<BoundAggregatePtr> Bind(const std::shared_ptr<arrow::DataType>& input,
                                        const CallOptions& options) const override {
    CountMode mode = input ? CountMode::kValid : CountMode::kAll;
    if (auto it = options.find("mode"); it != options.end()) {
      const std::string text = it->second->ToString();
      if (text == "valid") {
        mode = CountMode::kValid;
      } else if (text == "null") {
        mode = CountMode::kNull;
      } else if (text == "all") {
        mode = CountMode::kAll;
      } else {
        return arrow::Status::Invalid("count mode must be 'valid', 'null' or 'all', got '", text,
                                      "'");
      }
    }
    class Bound final : public BoundAggregate {
     public:
      Bound(std::shared_ptr<arrow::DataType> input, CountMode mode)
          : BoundAggregate(std::move(input), arrow::uint64()), mode_(mode) {}
      std::unique_ptr<GroupedAccumulator> MakeAccumulator(arrow::MemoryPool*) const override {
        return std::make_unique<CountAccumulator>(mode_);
      }

     private:
      CountMode mode_;
    };
    return std::make_shared<Bound>(input ? input : arrow::null(), mode);
  }
};

// Distinct (group, value) pairs are found by a Grouper over both; a pair seen for the
// first time adds one to its group. Nulls are not counted (SQL COUNT(DISTINCT)).
class CountDistinctAccumulator final : public GroupedAccumulator {
 public:
  CountDistinctAccumulator(std::shared_ptr<arrow::DataType> value_type, arrow::MemoryPool* pool)
      : value_type_(std::move(value_type)), exec_(pool) {}

  arrow::Status Consume(const arrow::Array& values, const uint32_t* ids,
                        uint32_t num_groups) override {
    Resize(num_groups);
    ARROW_RETURN_NOT_OK(EnsureGrouper());
    auto group_ids = std::make_shared<arrow::UInt32Array>(
        values.length(), arrow::Buffer::Wrap(ids, values.length()));
    return AddPairs(*group_ids, values);
  }

  arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& groups,
                      uint32_t num_groups) override {
    Resize(num_groups);
    auto& that = static_cast<CountDistinctAccumulator&>(other);
    if (!that.pairs_) return arrow::Status::OK();
    const auto dense = groups.Dense(static_cast<int64_t>(that.counts_.size()));
    const uint32_t* mapping = dense.data();
    ARROW_RETURN_NOT_OK(EnsureGrouper());
    ARROW_ASSIGN_OR_RAISE(auto uniques, that.Uniques());
    const auto other_groups = uniques[0];
    const auto* other_ids =
        static_cast<const arrow::UInt32Array&>(*other_groups).raw_values();
    std::vector<uint32_t> mapped;
    std::vector<int64_t> rows;  // pairs of groups this merge takes
    for (int64_t i = 0; i < other_groups->length(); ++i) {
      const uint32_t to = other_ids[i] < dense.size() ? mapping[other_ids[i]] : kSkipGroup;
      if (to == kSkipGroup) continue;
      mapped.push_back(to);
      rows.push_back(i);
    }
    std::shared_ptr<arrow::Array> values = uniques[1];
    if (static_cast<int64_t>(rows.size()) != values->length()) {
      arrow::Int64Array indices(static_cast<int64_t>(rows.size()), arrow::Buffer::Wrap(rows));
      ARROW_ASSIGN_OR_RAISE(auto taken, arrow::compute::Take(values, indices));
      values = taken.make_array();
    }
    arrow::UInt32Array group_ids(static_cast<int64_t>(mapped.size()),
                                 arrow::Buffer::Wrap(mapped));
    return AddPairs(group_ids, *values);
  }

  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    Resize(num_groups);
    return MakePrimitive<uint64_t>(arrow::uint64(), counts_, nullptr, num_groups);
  }

 private:
  void Resize(uint32_t num_groups) {
    if (counts_.size() < num_groups) counts_.resize(num_groups, 0);
  }

  // The distinct pairs, computed once: concurrent merges may ask at the same time.
  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> Uniques() {
    std::lock_guard<std::mutex> lock(uniques_mu_);
    if (!uniques_) {
      ARROW_ASSIGN_OR_RAISE(auto arrays, pairs_->Uniques());
      uniques_ = std::make_unique<std::vector<std::shared_ptr<arrow::Array>>>(std::move(arrays));
    }
    return *uniques_;
  }

  arrow::Status EnsureGrouper() {
    if (pairs_) return arrow::Status::OK();
    ARROW_ASSIGN_OR_RAISE(pairs_, KeyGrouper::Make({arrow::uint32(), value_type_}, &exec_));
    return arrow::Status::OK();
  }

  arrow::Status AddPairs(const arrow::UInt32Array& group_ids, const arrow::Array& values) {
    const uint32_t before = pairs_->num_groups();
    ARROW_ASSIGN_OR_RAISE(auto pair_ids,
                          pairs_->Consume({arrow::MakeArray(group_ids.data()),
                                           arrow::MakeArray(values.data())},
                                          values.length()));
    const auto* pids = pair_ids->raw_values();
    // Ids at or above `before` are pairs new in this call (in no particular order):
    // count each once, for the group of a row that produced it.
    std::vector<uint8_t> counted(pairs_->num_groups() - before, 0);
    for (int64_t i = 0; i < values.length(); ++i) {
      if (pids[i] < before || counted[pids[i] - before]) continue;
      counted[pids[i] - before] = 1;
      if (values.IsValid(i)) ++counts_[group_ids.Value(i)];
    }
    return arrow::Status::OK();
  }

  std::shared_ptr<arrow::DataType> value_type_;
  arrow::compute::ExecContext exec_;
  std::unique_ptr<KeyGrouper> pairs_;
  std::vector<uint64_t> counts_;
  std::mutex uniques_mu_;
  std::unique_ptr<std::vector<std::shared_ptr<arrow::Array>>> uniques_;
};

class CountDistinct final : public AggregateFunction {
 public:
  CountDistinct() : AggregateFunction("count_distinct", "Number of distinct non-null values") {}

  arrow::Result<BoundAggregatePtr> Bind(const std::shared_ptr<arrow::DataType>& input,
                                        const CallOptions&) const override {
    if (!input) return UnsupportedInput(name(), input);
    class Bound final : public BoundAggregate {
     public:
      explicit Bound(std::shared_ptr<arrow::DataType> input)
          : BoundAggregate(std::move(input), arrow::uint64()) {}
      std::unique_ptr<GroupedAccumulator> MakeAccumulator(arrow::MemoryPool* pool) const override {
        return std::make_unique<CountDistinctAccumulator>(input_type(), pool);
      }
    };
    return std::make_shared<Bound>(input);
  }
};

}  // namespace

void RegisterCountAggregates(AggregateRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<Count>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<CountDistinct>()));
}

}  // namespace skipjack::internal
