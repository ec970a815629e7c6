// min and max over numbers, temporal values (compared as their integer storage),
// booleans, decimals and strings/binaries. Nulls are skipped; an all-null group is null.

#include <string>

#include <arrow/util/decimal.h>

#include "skipjack/functions/aggregate/aggregate_internal.h"

namespace skipjack::internal {
namespace {

template <typename T, bool kMax>
bool Better(const T& candidate, const T& current) {
  if constexpr (kMax) {
    return current < candidate;
  } else {
    return candidate < current;
  }
}

// Fixed-width values, read through `Get(array, i)`.
template <typename T, bool kMax, typename Getter, typename Builder>
class ExtremeAccumulator final : public GroupedAccumulator {
 public:
  ExtremeAccumulator(std::shared_ptr<arrow::DataType> output, Getter get, Builder build)
      : output_(std::move(output)), get_(get), build_(build) {}

  arrow::Status Consume(const arrow::Array& values, const uint32_t* ids,
                        uint32_t num_groups) override {
    Resize(num_groups);
    for (int64_t i = 0; i < values.length(); ++i) {
      if (values.IsValid(i)) Offer(ids[i], get_(values, i));
    }
    return arrow::Status::OK();
  }

  arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& mapping,
                      uint32_t num_groups) override {
    Resize(num_groups);
    auto& that = static_cast<ExtremeAccumulator&>(other);
    for (int64_t i = 0; i < mapping.size; ++i) {
      const auto g = static_cast<uint32_t>(mapping.from[i]);
      if (g < that.seen_.size() && that.seen_.get(g)) Offer(mapping.to[i], that.best_[g]);
    }
    return arrow::Status::OK();
  }

  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    Resize(num_groups);
    return build_(output_, best_, seen_, num_groups);
  }

 private:
  void Resize(uint32_t num_groups) {
    if (best_.size() < num_groups) best_.resize(num_groups);
    seen_.Resize(num_groups);
  }

  void Offer(uint32_t group, const T& value) {
    if (!seen_.get(group) || Better<T, kMax>(value, best_[group])) {
      best_[group] = value;
      seen_.set(group);
    }
  }

  std::shared_ptr<arrow::DataType> output_;
  Getter get_;
  Builder build_;
  std::vector<T> best_;
  GroupFlags seen_;
};

template <typename T, bool kMax, typename Getter, typename Builder>
std::unique_ptr<GroupedAccumulator> MakeExtreme(std::shared_ptr<arrow::DataType> output,
                                                Getter get, Builder build) {
  return std::make_unique<ExtremeAccumulator<T, kMax, Getter, Builder>>(std::move(output), get,
                                                                        build);
}

// Numbers and temporal values: compare their C storage type.
template <typename CType, bool kMax>
std::unique_ptr<GroupedAccumulator> MakeFixedWidth(std::shared_ptr<arrow::DataType> output) {
  auto get = [](const arrow::Array& values, int64_t i) {
    return values.data()->GetValues<CType>(1)[i];
  };
  auto build = [](const std::shared_ptr<arrow::DataType>& type, const std::vector<CType>& best,
                  const GroupFlags& seen, uint32_t n) { return MakePrimitive(type, best, &seen, n); };
  return MakeExtreme<CType, kMax>(std::move(output), get, build);
}

template <bool kMax>
std::unique_ptr<GroupedAccumulator> MakeBoolean() {
  auto get = [](const arrow::Array& values, int64_t i) {
    return static_cast<const arrow::BooleanArray&>(values).Value(i);
  };
  auto build = [](const std::shared_ptr<arrow::DataType>&, const std::vector<bool>& best,
                  const GroupFlags& seen,
                  uint32_t n) -> arrow::Result<std::shared_ptr<arrow::Array>> {
    arrow::BooleanBuilder builder;
    ARROW_RETURN_NOT_OK(builder.Reserve(n));
    for (uint32_t g = 0; g < n; ++g) {
      if (seen.get(g)) {
        builder.UnsafeAppend(best[g]);
      } else {
        builder.UnsafeAppendNull();
      }
    }
    return builder.Finish();
  };
  return MakeExtreme<bool, kMax>(arrow::boolean(), get, build);
}

template <bool kMax>
std::unique_ptr<GroupedAccumulator> MakeDecimal(std::shared_ptr<arrow::DataType> output) {
  auto get = [](const arrow::Array& values, int64_t i) {
    return arrow::Decimal128(static_cast<const arrow::Decimal128Array&>(values).GetValue(i));
  };
  auto build = [](const std::shared_ptr<arrow::DataType>& type,
                  const std::vector<arrow::Decimal128>& best, const GroupFlags& seen,
                  uint32_t n) -> arrow::Result<std::shared_ptr<arrow::Array>> {
    arrow::Decimal128Builder builder(type);
    ARROW_RETURN_NOT_OK(builder.Reserve(n));
    for (uint32_t g = 0; g < n; ++g) {
      if (seen.get(g)) {
        builder.UnsafeAppend(best[g]);
      } else {
        builder.UnsafeAppendNull();
      }
    }
    return builder.Finish();
  };
  return MakeExtreme<arrow::Decimal128, kMax>(std::move(output), get, build);
}

// Strings and binaries: compared bytewise (UTF-8 order equals code point order).
template <bool kMax>
std::unique_ptr<GroupedAccumulator> MakeBinary(std::shared_ptr<arrow::DataType> output) {
  auto get = [](const arrow::Array& values, int64_t i) {
    const auto& data = *values.data();
    if (arrow::is_large_binary_like(data.type->id())) {
      return std::string(static_cast<const arrow::LargeBinaryArray&>(values).GetView(i));
    }
    return std::string(static_cast<const arrow::BinaryArray&>(values).GetView(i));
  };
  auto build = [](const std::shared_ptr<arrow::DataType>& type,
                  const std::vector<std::string>& best, const GroupFlags& seen,
                  uint32_t n) -> arrow::Result<std::shared_ptr<arrow::Array>> {
    std::unique_ptr<arrow::ArrayBuilder> builder;
    ARROW_RETURN_NOT_OK(arrow::MakeBuilder(arrow::default_memory_pool(), type, &builder));
    for (uint32_t g = 0; g < n; ++g) {
      if (!seen.get(g)) {
        ARROW_RETURN_NOT_OK(builder->AppendNull());
      } else if (arrow::is_large_binary_like(type->id())) {
        ARROW_RETURN_NOT_OK(static_cast<arrow::LargeBinaryBuilder&>(*builder).Append(best[g]));
      } else {
        ARROW_RETURN_NOT_OK(static_cast<arrow::BinaryBuilder&>(*builder).Append(best[g]));
      }
    }
    return builder->Finish();
  };
  return MakeExtreme<std::string, kMax>(std::move(output), get, build);
}

template <bool kMax>
class MinMax final : public AggregateFunction {
 public:
  MinMax() : AggregateFunction(kMax ? "max" : "min", kMax ? "Largest value" : "Smallest value") {}

  arrow::Result<BoundAggregatePtr> Bind(const std::shared_ptr<arrow::DataType>& input,
                                        const CallOptions&) const override {
    if (!input) return UnsupportedInput(name(), input);
    const auto id = input->id();
    const bool supported = arrow::is_integer(id) || arrow::is_floating(id) ||
                           arrow::is_temporal(id) || id == arrow::Type::BOOL ||
                           id == arrow::Type::DECIMAL128 || arrow::is_base_binary_like(id) ||
                           id == arrow::Type::NA;
    if (!supported || id == arrow::Type::HALF_FLOAT || id == arrow::Type::INTERVAL_MONTHS ||
        id == arrow::Type::INTERVAL_DAY_TIME || id == arrow::Type::INTERVAL_MONTH_DAY_NANO) {
      return UnsupportedInput(name(), input);
    }
    class Bound final : public BoundAggregate {
     public:
      explicit Bound(std::shared_ptr<arrow::DataType> input)
          : BoundAggregate(input, input->id() == arrow::Type::NA ? arrow::null() : input) {}
      std::unique_ptr<GroupedAccumulator> MakeAccumulator(arrow::MemoryPool*) const override {
        const auto& type = input_type();
        switch (type->id()) {
          case arrow::Type::BOOL:
            return MakeBoolean<kMax>();
          case arrow::Type::DECIMAL128:
            return MakeDecimal<kMax>(type);
          case arrow::Type::INT8:
            return MakeFixedWidth<int8_t, kMax>(type);
          case arrow::Type::INT16:
            return MakeFixedWidth<int16_t, kMax>(type);
          case arrow::Type::INT32:
          case arrow::Type::DATE32:
          case arrow::Type::TIME32:
            return MakeFixedWidth<int32_t, kMax>(type);
          case arrow::Type::INT64:
          case arrow::Type::DATE64:
          case arrow::Type::TIME64:
          case arrow::Type::TIMESTAMP:
          case arrow::Type::DURATION:
            return MakeFixedWidth<int64_t, kMax>(type);
          case arrow::Type::UINT8:
            return MakeFixedWidth<uint8_t, kMax>(type);
          case arrow::Type::UINT16:
            return MakeFixedWidth<uint16_t, kMax>(type);
          case arrow::Type::UINT32:
            return MakeFixedWidth<uint32_t, kMax>(type);
          case arrow::Type::UINT64:
            return MakeFixedWidth<uint64_t, kMax>(type);
          case arrow::Type::FLOAT:
            return MakeFixedWidth<float, kMax>(type);
          case arrow::Type::DOUBLE:
            return MakeFixedWidth<double, kMax>(type);
          case arrow::Type::NA:
            return std::make_unique<AllNullAccumulator>(arrow::null());
          default:
            return MakeBinary<kMax>(type);
        }
      }
    };
    return std::make_shared<Bound>(input);
  }
};

}  // namespace

void RegisterMinMaxAggregates(AggregateRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<MinMax<false>>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<MinMax<true>>()));
}

}  // namespace skipjack::internal
