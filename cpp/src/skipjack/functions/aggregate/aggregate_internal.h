// Shared pieces of the aggregate families, and their registration entry points.

#pragma once

#include <vector>

#include <arrow/array.h>
#include <arrow/array/util.h>
#include <arrow/buffer.h>
#include <arrow/builder.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/logging.h>

#include "skipjack/functions/aggregate/aggregate_function.h"
#include "skipjack/types/display_name.h"

namespace skipjack::internal {

void RegisterSumAggregates(AggregateRegistry* registry);
void RegisterCountAggregates(AggregateRegistry* registry);
void RegisterMinMaxAggregates(AggregateRegistry* registry);
void RegisterMomentAggregates(AggregateRegistry* registry);
void RegisterCollectAggregates(AggregateRegistry* registry);

/// TypeError "<function> does not support <type>".
inline arrow::Status UnsupportedInput(const std::string& function,
                                      const std::shared_ptr<arrow::DataType>& input) {
  return arrow::Status::TypeError(function, " does not support values of type ",
                                  input ? DisplayName(*input) : std::string("(none)"));
}

/// Whether row i of `values` holds a value.
inline bool IsValidRow(const arrow::Array& values, int64_t i) { return values.IsValid(i); }

/// One flag per group, grown on demand: which groups have seen a value.
class GroupFlags {
 public:
  void Resize(uint32_t num_groups) {
    if (flags_.size() < num_groups) flags_.resize(num_groups, 0);
  }
  bool get(uint32_t group) const { return flags_[group] != 0; }
  void set(uint32_t group) { flags_[group] = 1; }
  size_t size() const { return flags_.size(); }

  /// A validity bitmap for the first `num_groups` groups (null where never set), or
  /// nullptr when every group has a value.
  arrow::Result<std::shared_ptr<arrow::Buffer>> ToValidity(uint32_t num_groups,
                                                           int64_t* null_count) const {
    *null_count = 0;
    for (uint32_t g = 0; g < num_groups; ++g) *null_count += !flags_[g];
    if (*null_count == 0) return nullptr;
    ARROW_ASSIGN_OR_RAISE(auto bitmap, arrow::AllocateBitmap(num_groups));
    for (uint32_t g = 0; g < num_groups; ++g) {
      arrow::bit_util::SetBitTo(bitmap->mutable_data(), g, flags_[g] != 0);
    }
    return bitmap;
  }

 private:
  std::vector<uint8_t> flags_;
};

/// Every group is null: the aggregation of a column of type Null.
class AllNullAccumulator final : public GroupedAccumulator {
 public:
  explicit AllNullAccumulator(std::shared_ptr<arrow::DataType> type) : type_(std::move(type)) {}
  arrow::Status Consume(const arrow::Array&, const uint32_t*, uint32_t) override {
    return arrow::Status::OK();
  }
  arrow::Status Merge(GroupedAccumulator&, const GroupMapping&, uint32_t) override {
    return arrow::Status::OK();
  }
  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    return arrow::MakeArrayOfNull(type_, num_groups);
  }

 private:
  std::shared_ptr<arrow::DataType> type_;
};

/// A primitive array of `type` from `values` with the validity of `flags`.
template <typename CType>
arrow::Result<std::shared_ptr<arrow::Array>> MakePrimitive(
    const std::shared_ptr<arrow::DataType>& type, const std::vector<CType>& values,
    const GroupFlags* flags, uint32_t num_groups) {
  ARROW_ASSIGN_OR_RAISE(auto data, arrow::AllocateBuffer(num_groups * sizeof(CType)));
  std::copy(values.begin(), values.begin() + num_groups,
            reinterpret_cast<CType*>(data->mutable_data()));
  int64_t null_count = 0;
  std::shared_ptr<arrow::Buffer> validity;
  if (flags) {
    ARROW_ASSIGN_OR_RAISE(validity, flags->ToValidity(num_groups, &null_count));
  }
  return arrow::MakeArray(arrow::ArrayData::Make(type, num_groups,
                                                 {std::move(validity), std::move(data)},
                                                 null_count));
}

}  // namespace skipjack::internal
