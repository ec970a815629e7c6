// sum and product. Integers accumulate in 64 bits (wrapping like Daft), floats in
// double, decimals in Decimal128 with precision 38. A group without any value is null.

#include <arrow/util/decimal.h>

#include "skipjack/functions/aggregate/aggregate_internal.h"
#include "skipjack/types/decimal_int128.h"
#include "skipjack/types/supertype.h"

namespace skipjack::internal {
namespace {

template <typename InType, typename AccType, bool kProduct>
class NumericAccumulator final : public GroupedAccumulator {
 public:
  using InArray = typename arrow::TypeTraits<InType>::ArrayType;

  explicit NumericAccumulator(std::shared_ptr<arrow::DataType> output) : output_(output) {}

  arrow::Status Consume(const arrow::Array& values, const uint32_t* ids,
                        uint32_t num_groups) override {
    Resize(num_groups);
    const auto& typed = static_cast<const InArray&>(values);
    const auto* raw = typed.raw_values();
    for (int64_t i = 0; i < typed.length(); ++i) {
      if (!typed.IsValid(i)) continue;
      Apply(ids[i], static_cast<AccType>(raw[i]));
    }
    return arrow::Status::OK();
  }

  arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& mapping,
                      uint32_t num_groups) override {
    Resize(num_groups);
    auto& that = static_cast<NumericAccumulator&>(other);
    for (int64_t i = 0; i < mapping.size; ++i) {
      const auto g = static_cast<uint32_t>(mapping.from[i]);
      if (g < that.seen_.size() && that.seen_.get(g)) Apply(mapping.to[i], that.totals_[g]);
    }
    return arrow::Status::OK();
  }

  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    Resize(num_groups);
    if constexpr (std::is_same_v<AccType, double>) {
      if (output_->id() == arrow::Type::FLOAT) {
        std::vector<float> narrowed(totals_.begin(), totals_.end());
        return MakePrimitive(output_, narrowed, &seen_, num_groups);
      }
    }
    return MakePrimitive(output_, totals_, &seen_, num_groups);
  }

 private:
  void Resize(uint32_t num_groups) {
    if (totals_.size() < num_groups) totals_.resize(num_groups, kProduct ? AccType(1) : AccType(0));
    seen_.Resize(num_groups);
  }

  void Apply(uint32_t group, AccType value) {
    if constexpr (kProduct) {
      if constexpr (std::is_integral_v<AccType>) {
        totals_[group] = static_cast<AccType>(
            static_cast<std::make_unsigned_t<AccType>>(totals_[group]) *
            static_cast<std::make_unsigned_t<AccType>>(value));
      } else {
        totals_[group] *= value;
      }
    } else if constexpr (std::is_integral_v<AccType>) {
      // Two's-complement wrap-around, as Daft (and without signed-overflow UB).
      totals_[group] = static_cast<AccType>(
          static_cast<std::make_unsigned_t<AccType>>(totals_[group]) +
          static_cast<std::make_unsigned_t<AccType>>(value));
    } else {
      totals_[group] += value;
    }
    seen_.set(group);
  }

  std::shared_ptr<arrow::DataType> output_;
  std::vector<AccType> totals_;
  GroupFlags seen_;
};

// Sums unscaled values in 128-bit integers (see types/decimal_int128.h).
class DecimalSumAccumulator final : public GroupedAccumulator {
 public:
  explicit DecimalSumAccumulator(std::shared_ptr<arrow::DataType> output) : output_(output) {}

  arrow::Status Consume(const arrow::Array& values, const uint32_t* ids,
                        uint32_t num_groups) override {
    Resize(num_groups);
    const auto& data = *values.data();
    const uint8_t* raw = data.buffers[1]->data() + data.offset * 16;
    const bool all_valid = values.null_count() == 0;
    for (int64_t i = 0; i < values.length(); ++i) {
      if (!all_valid && values.IsNull(i)) continue;
      totals_[ids[i]] += LoadDecimal128(raw + i * 16);
      seen_.set(ids[i]);
    }
    return arrow::Status::OK();
  }

  arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& mapping,
                      uint32_t num_groups) override {
    Resize(num_groups);
    auto& that = static_cast<DecimalSumAccumulator&>(other);
    for (int64_t i = 0; i < mapping.size; ++i) {
      const auto g = static_cast<uint32_t>(mapping.from[i]);
      if (g >= that.seen_.size() || !that.seen_.get(g)) continue;
      totals_[mapping.to[i]] += that.totals_[g];
      seen_.set(mapping.to[i]);
    }
    return arrow::Status::OK();
  }

  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    Resize(num_groups);
    arrow::Decimal128Builder builder(output_);
    ARROW_RETURN_NOT_OK(builder.Reserve(num_groups));
    for (uint32_t g = 0; g < num_groups; ++g) {
      if (seen_.get(g)) {
        builder.UnsafeAppend(ToDecimal128(totals_[g]));
      } else {
        builder.UnsafeAppendNull();
      }
    }
    return builder.Finish();
  }

 private:
  void Resize(uint32_t num_groups) {
    if (totals_.size() < num_groups) totals_.resize(num_groups, 0);
    seen_.Resize(num_groups);
  }

  std::shared_ptr<arrow::DataType> output_;
  std::vector<Int128> totals_;
  GroupFlags seen_;
};

template <bool kProduct>
class Bound final : public BoundAggregate {
 public:
  Bound(std::shared_ptr<arrow::DataType> input, std::shared_ptr<arrow::DataType> output)
      : BoundAggregate(std::move(input), std::move(output)) {}

  std::unique_ptr<GroupedAccumulator> MakeAccumulator(arrow::MemoryPool*) const override {
    const auto& out = output_type();
    switch (input_type()->id()) {
#define SKIPJACK_CASE(ID, TYPE, ACC) \
  case arrow::Type::ID:              \
    return std::make_unique<NumericAccumulator<arrow::TYPE, ACC, kProduct>>(out);
      SKIPJACK_CASE(INT8, Int8Type, int64_t)
      SKIPJACK_CASE(INT16, Int16Type, int64_t)
      SKIPJACK_CASE(INT32, Int32Type, int64_t)
      SKIPJACK_CASE(INT64, Int64Type, int64_t)
      SKIPJACK_CASE(UINT8, UInt8Type, uint64_t)
      SKIPJACK_CASE(UINT16, UInt16Type, uint64_t)
      SKIPJACK_CASE(UINT32, UInt32Type, uint64_t)
      SKIPJACK_CASE(UINT64, UInt64Type, uint64_t)
      SKIPJACK_CASE(FLOAT, FloatType, double)
      SKIPJACK_CASE(DOUBLE, DoubleType, double)
#undef SKIPJACK_CASE
      default:
        return std::make_unique<DecimalSumAccumulator>(out);
    }
  }
};

template <bool kProduct>
class SumFunction final : public AggregateFunction {
 public:
  SumFunction()
      : AggregateFunction(kProduct ? "product" : "sum",
                          kProduct ? "Product of the values" : "Sum of the values") {}

  arrow::Result<BoundAggregatePtr> Bind(const std::shared_ptr<arrow::DataType>& input,
                                        const CallOptions&) const override {
    if (!input) return UnsupportedInput(name(), input);
    std::shared_ptr<arrow::DataType> output;
    if (arrow::is_signed_integer(input->id())) {
      output = arrow::int64();
    } else if (arrow::is_unsigned_integer(input->id())) {
      output = arrow::uint64();
    } else if (input->id() == arrow::Type::FLOAT || input->id() == arrow::Type::DOUBLE) {
      output = input;
    } else if (input->id() == arrow::Type::DECIMAL128 && !kProduct) {
      output = arrow::decimal128(38, static_cast<const arrow::DecimalType&>(*input).scale());
    } else if (input->id() == arrow::Type::NA) {
      return std::make_shared<Bound<kProduct>>(arrow::int64(), arrow::int64());
    } else {
      return UnsupportedInput(name(), input);
    }
    return std::make_shared<Bound<kProduct>>(input, output);
  }
};

}  // namespace

void RegisterSumAggregates(AggregateRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<SumFunction<false>>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<SumFunction<true>>()));
}

}  // namespace skipjack::internal
