// mean, var and stddev. A mean keeps a compensated (Neumaier) sum and a count per group;
// a decimal mean sums exactly in Decimal128 and gives a decimal with scale 6 (Daft's
// result type). var and stddev keep Welford's count, mean and sum of squared
// deviations, merged across workers with Chan's formula, which stays accurate where
// sum-of-squares formulas cancel catastrophically.

#include <algorithm>
#include <cmath>

#include <arrow/array/builder_decimal.h>
#include <arrow/util/decimal.h>

#include "skipjack/functions/aggregate/aggregate_internal.h"
#include "skipjack/types/decimal_int128.h"
#include "skipjack/types/supertype.h"

namespace skipjack::internal {
namespace {

enum class Moment { kMean, kVariance, kStddev };

class MeanAccumulator final : public GroupedAccumulator {
 public:
  arrow::Status Consume(const arrow::Array& values, const uint32_t* ids,
                        uint32_t num_groups) override {
    Resize(num_groups);
    const auto& doubles = static_cast<const arrow::DoubleArray&>(values);
    const double* raw = doubles.raw_values();
    const bool all_valid = doubles.null_count() == 0;
    for (int64_t i = 0; i < doubles.length(); ++i) {
      if (!all_valid && !doubles.IsValid(i)) continue;
      Add(ids[i], raw[i], 0.0, 1);
    }
    return arrow::Status::OK();
  }

  arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& mapping,
                      uint32_t num_groups) override {
    Resize(num_groups);
    auto& that = static_cast<MeanAccumulator&>(other);
    for (int64_t i = 0; i < mapping.size; ++i) {
      const auto g = static_cast<size_t>(mapping.from[i]);
      if (g >= that.count_.size() || that.count_[g] == 0) continue;
      Add(mapping.to[i], that.sum_[g], that.compensation_[g], that.count_[g]);
    }
    return arrow::Status::OK();
  }

  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    Resize(num_groups);
    std::vector<double> out(num_groups);
    GroupFlags valid;
    valid.Resize(num_groups);
    for (uint32_t g = 0; g < num_groups; ++g) {
      if (count_[g] == 0) continue;
      out[g] = (sum_[g] + compensation_[g]) / static_cast<double>(count_[g]);
      valid.set(g);
    }
    return MakePrimitive(arrow::float64(), out, &valid, num_groups);
  }

 private:
  // Neumaier's summation: the low-order bits lost by each addition are kept apart.
  void Add(uint32_t g, double value, double compensation, int64_t count) {
    const double total = sum_[g] + value;
    compensation_[g] += std::abs(sum_[g]) >= std::abs(value) ? (sum_[g] - total) + value
                                                             : (value - total) + sum_[g];
    compensation_[g] += compensation;
    sum_[g] = total;
    count_[g] += count;
  }

  void Resize(uint32_t num_groups) {
    if (count_.size() >= num_groups) return;
    count_.resize(num_groups, 0);
    sum_.resize(num_groups, 0.0);
    compensation_.resize(num_groups, 0.0);
  }

  std::vector<int64_t> count_;
  std::vector<double> sum_;
  std::vector<double> compensation_;
};

// Decimal scale of a decimal mean (as Daft), or the input's scale if larger.
constexpr int kDecimalMeanScale = 6;

class DecimalMeanAccumulator final : public GroupedAccumulator {
 public:
  DecimalMeanAccumulator(int input_scale, std::shared_ptr<arrow::DataType> output)
      : input_scale_(input_scale), output_(std::move(output)) {}

  arrow::Status Consume(const arrow::Array& values, const uint32_t* ids,
                        uint32_t num_groups) override {
    Resize(num_groups);
    const auto& data = *values.data();
    const uint8_t* raw = data.buffers[1]->data() + data.offset * 16;
    const bool all_valid = values.null_count() == 0;
    for (int64_t i = 0; i < values.length(); ++i) {
      if (!all_valid && values.IsNull(i)) continue;
      sum_[ids[i]] += LoadDecimal128(raw + i * 16);
      ++count_[ids[i]];
    }
    return arrow::Status::OK();
  }

  arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& mapping,
                      uint32_t num_groups) override {
    Resize(num_groups);
    auto& that = static_cast<DecimalMeanAccumulator&>(other);
    for (int64_t i = 0; i < mapping.size; ++i) {
      const auto g = static_cast<size_t>(mapping.from[i]);
      if (g >= that.count_.size() || that.count_[g] == 0) continue;
      sum_[mapping.to[i]] += that.sum_[g];
      count_[mapping.to[i]] += that.count_[g];
    }
    return arrow::Status::OK();
  }

  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    Resize(num_groups);
    const int out_scale = static_cast<const arrow::DecimalType&>(*output_).scale();
    arrow::Decimal128Builder builder(output_);
    ARROW_RETURN_NOT_OK(builder.Reserve(num_groups));
    for (uint32_t g = 0; g < num_groups; ++g) {
      if (count_[g] == 0) {
        builder.UnsafeAppendNull();
        continue;
      }
      ARROW_ASSIGN_OR_RAISE(auto scaled, ToDecimal128(sum_[g]).Rescale(input_scale_, out_scale));
      const arrow::Decimal128 count(count_[g]);
      ARROW_ASSIGN_OR_RAISE(auto division, scaled.Divide(count));
      auto& [quotient, remainder] = division;
      // Round half away from zero.
      if (arrow::Decimal128::Abs(remainder) * 2 >= count) {
        quotient += scaled.Sign() < 0 ? arrow::Decimal128(-1) : arrow::Decimal128(1);
      }
      builder.UnsafeAppend(quotient);
    }
    return builder.Finish();
  }

 private:
  void Resize(uint32_t num_groups) {
    if (count_.size() >= num_groups) return;
    count_.resize(num_groups, 0);
    sum_.resize(num_groups, 0);
  }

  int input_scale_;
  std::shared_ptr<arrow::DataType> output_;
  std::vector<int64_t> count_;
  std::vector<Int128> sum_;
};

class MomentAccumulator final : public GroupedAccumulator {
 public:
  MomentAccumulator(Moment moment, int64_t ddof) : moment_(moment), ddof_(ddof) {}

  arrow::Status Consume(const arrow::Array& values, const uint32_t* ids,
                        uint32_t num_groups) override {
    Resize(num_groups);
    const auto& doubles = static_cast<const arrow::DoubleArray&>(values);
    const double* raw = doubles.raw_values();
    for (int64_t i = 0; i < doubles.length(); ++i) {
      if (!doubles.IsValid(i)) continue;
      const uint32_t g = ids[i];
      const double delta = raw[i] - mean_[g];
      count_[g] += 1;
      mean_[g] += delta / static_cast<double>(count_[g]);
      m2_[g] += delta * (raw[i] - mean_[g]);
    }
    return arrow::Status::OK();
  }

  arrow::Status Merge(GroupedAccumulator& other, const GroupMapping& mapping,
                      uint32_t num_groups) override {
    Resize(num_groups);
    auto& that = static_cast<MomentAccumulator&>(other);
    for (int64_t i = 0; i < mapping.size; ++i) {
      const auto g = static_cast<size_t>(mapping.from[i]);
      const uint32_t to = mapping.to[i];
      if (g >= that.count_.size() || that.count_[g] == 0) continue;
      const double n_a = static_cast<double>(count_[to]);
      const double n_b = static_cast<double>(that.count_[g]);
      const double delta = that.mean_[g] - mean_[to];
      const double n = n_a + n_b;
      mean_[to] += delta * n_b / n;
      m2_[to] += that.m2_[g] + delta * delta * n_a * n_b / n;
      count_[to] += that.count_[g];
    }
    return arrow::Status::OK();
  }

  arrow::Result<std::shared_ptr<arrow::Array>> Finalize(uint32_t num_groups) override {
    Resize(num_groups);
    std::vector<double> out(num_groups);
    GroupFlags valid;
    valid.Resize(num_groups);
    for (uint32_t g = 0; g < num_groups; ++g) {
      const int64_t n = count_[g];
      if (moment_ == Moment::kMean) {
        if (n == 0) continue;
        out[g] = mean_[g];
      } else {
        if (n - ddof_ <= 0) continue;
        const double variance = m2_[g] / static_cast<double>(n - ddof_);
        out[g] = moment_ == Moment::kStddev ? std::sqrt(variance) : variance;
      }
      valid.set(g);
    }
    return MakePrimitive(arrow::float64(), out, &valid, num_groups);
  }

 private:
  void Resize(uint32_t num_groups) {
    if (count_.size() >= num_groups) return;
    count_.resize(num_groups, 0);
    mean_.resize(num_groups, 0.0);
    m2_.resize(num_groups, 0.0);
  }

  Moment moment_;
  int64_t ddof_;
  std::vector<int64_t> count_;
  std::vector<double> mean_;
  std::vector<double> m2_;
};

class MomentFunction final : public AggregateFunction {
 public:
  MomentFunction(std::string name, Moment moment, std::string summary)
      : AggregateFunction(std::move(name), std::move(summary)), moment_(moment) {}

  arrow::Result<BoundAggregatePtr> Bind(const std::shared_ptr<arrow::DataType>& input,
                                        const CallOptions& options) const override {
    if (!input || !(IsNumericType(*input) || input->id() == arrow::Type::DECIMAL128 ||
                    input->id() == arrow::Type::BOOL || input->id() == arrow::Type::NA)) {
      return UnsupportedInput(name(), input);
    }
    int64_t ddof = 1;  // Daft's default for stddev and var
    if (auto it = options.find("ddof"); it != options.end()) {
      ARROW_ASSIGN_OR_RAISE(auto as_int, it->second->CastTo(arrow::int64()));
      ddof = static_cast<const arrow::Int64Scalar&>(*as_int).value;
      if (ddof < 0) return arrow::Status::Invalid(name(), ": ddof must be >= 0, got ", ddof);
    }
    if (moment_ == Moment::kMean && input->id() == arrow::Type::DECIMAL128) {
      const int scale = static_cast<const arrow::DecimalType&>(*input).scale();
      class DecimalBound final : public BoundAggregate {
       public:
        DecimalBound(std::shared_ptr<arrow::DataType> input, int scale)
            : BoundAggregate(std::move(input),
                             arrow::decimal128(38, std::max(scale, kDecimalMeanScale))),
              scale_(scale) {}
        std::unique_ptr<GroupedAccumulator> MakeAccumulator(arrow::MemoryPool*) const override {
          return std::make_unique<DecimalMeanAccumulator>(scale_, output_type());
        }

       private:
        int scale_;
      };
      return std::make_shared<DecimalBound>(input, scale);
    }
    class Bound final : public BoundAggregate {
     public:
      Bound(Moment moment, int64_t ddof)
          : BoundAggregate(arrow::float64(), arrow::float64()), moment_(moment), ddof_(ddof) {}
      std::unique_ptr<GroupedAccumulator> MakeAccumulator(arrow::MemoryPool*) const override {
        if (moment_ == Moment::kMean) return std::make_unique<MeanAccumulator>();
        return std::make_unique<MomentAccumulator>(moment_, ddof_);
      }

     private:
      Moment moment_;
      int64_t ddof_;
    };
    return std::make_shared<Bound>(moment_, ddof);
  }

 private:
  Moment moment_;
};

}  // namespace

void RegisterMomentAggregates(AggregateRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(
      std::make_shared<MomentFunction>("mean", Moment::kMean, "Arithmetic mean")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<MomentFunction>(
      "var", Moment::kVariance, "Variance (ddof=1 by default: sample variance)")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<MomentFunction>(
      "stddev", Moment::kStddev, "Standard deviation (ddof=1 by default)")));
}

}  // namespace skipjack::internal
