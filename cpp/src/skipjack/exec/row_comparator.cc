#include "skipjack/exec/row_comparator.h"

#include <cmath>
#include <string_view>

#include <arrow/array.h>
#include <arrow/type_traits.h>
#include <arrow/util/decimal.h>

namespace skipjack {
namespace {

template <typename T>
int ThreeWay(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

template <typename CType>
class FixedKey final : public KeyColumn {
 public:
  explicit FixedKey(std::shared_ptr<arrow::Array> array)
      : array_(std::move(array)), values_(array_->data()->GetValues<CType>(1)) {}
  int CompareValues(int64_t i, const KeyColumn& other, int64_t j) const override {
    return ThreeWay(values_[i], static_cast<const FixedKey&>(other).values_[j]);
  }
  Category category(int64_t i) const override {
    if (array_->IsNull(i)) return kNull;
    if constexpr (std::is_floating_point_v<CType>) {
      if (std::isnan(values_[i])) return kNaN;
    }
    return kValue;
  }

 private:
  std::shared_ptr<arrow::Array> array_;
  const CType* values_;
};

class BoolKey final : public KeyColumn {
 public:
  explicit BoolKey(std::shared_ptr<arrow::Array> array)
      : array_(std::static_pointer_cast<arrow::BooleanArray>(std::move(array))) {}
  int CompareValues(int64_t i, const KeyColumn& other, int64_t j) const override {
    return ThreeWay<int>(array_->Value(i), static_cast<const BoolKey&>(other).array_->Value(j));
  }
  Category category(int64_t i) const override { return array_->IsNull(i) ? kNull : kValue; }

 private:
  std::shared_ptr<arrow::BooleanArray> array_;
};

template <typename ArrayType>
class BinaryKey final : public KeyColumn {
 public:
  explicit BinaryKey(std::shared_ptr<arrow::Array> array)
      : array_(std::static_pointer_cast<ArrayType>(std::move(array))) {}
  int CompareValues(int64_t i, const KeyColumn& other, int64_t j) const override {
    const std::string_view a = array_->GetView(i);
    const std::string_view b = static_cast<const BinaryKey&>(other).array_->GetView(j);
    const int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  Category category(int64_t i) const override { return array_->IsNull(i) ? kNull : kValue; }

 private:
  std::shared_ptr<ArrayType> array_;
};

class DecimalKey final : public KeyColumn {
 public:
  explicit DecimalKey(std::shared_ptr<arrow::Array> array)
      : array_(std::static_pointer_cast<arrow::Decimal128Array>(std::move(array))) {}
  int CompareValues(int64_t i, const KeyColumn& other, int64_t j) const override {
    const arrow::Decimal128 a(array_->GetValue(i));
    const arrow::Decimal128 b(static_cast<const DecimalKey&>(other).array_->GetValue(j));
    return a < b ? -1 : (b < a ? 1 : 0);
  }
  Category category(int64_t i) const override { return array_->IsNull(i) ? kNull : kValue; }

 private:
  std::shared_ptr<arrow::Decimal128Array> array_;
};

class NullKey final : public KeyColumn {
 public:
  int CompareValues(int64_t, const KeyColumn&, int64_t) const override { return 0; }
  Category category(int64_t) const override { return kNull; }
};

}  // namespace

arrow::Result<std::unique_ptr<KeyColumn>> MakeKeyColumn(const std::shared_ptr<arrow::Array>& keys) {
  switch (keys->type_id()) {
    case arrow::Type::NA:
      return std::make_unique<NullKey>();
    case arrow::Type::BOOL:
      return std::make_unique<BoolKey>(keys);
    case arrow::Type::INT8:
      return std::make_unique<FixedKey<int8_t>>(keys);
    case arrow::Type::INT16:
      return std::make_unique<FixedKey<int16_t>>(keys);
    case arrow::Type::INT32:
    case arrow::Type::DATE32:
    case arrow::Type::TIME32:
      return std::make_unique<FixedKey<int32_t>>(keys);
    case arrow::Type::INT64:
    case arrow::Type::DATE64:
    case arrow::Type::TIME64:
    case arrow::Type::TIMESTAMP:
    case arrow::Type::DURATION:
      return std::make_unique<FixedKey<int64_t>>(keys);
    case arrow::Type::UINT8:
      return std::make_unique<FixedKey<uint8_t>>(keys);
    case arrow::Type::UINT16:
      return std::make_unique<FixedKey<uint16_t>>(keys);
    case arrow::Type::UINT32:
      return std::make_unique<FixedKey<uint32_t>>(keys);
    case arrow::Type::UINT64:
      return std::make_unique<FixedKey<uint64_t>>(keys);
    case arrow::Type::FLOAT:
      return std::make_unique<FixedKey<float>>(keys);
    case arrow::Type::DOUBLE:
      return std::make_unique<FixedKey<double>>(keys);
    case arrow::Type::DECIMAL128:
      return std::make_unique<DecimalKey>(keys);
    case arrow::Type::STRING:
    case arrow::Type::BINARY:
      return std::make_unique<BinaryKey<arrow::BinaryArray>>(keys);
    case arrow::Type::LARGE_STRING:
    case arrow::Type::LARGE_BINARY:
      return std::make_unique<BinaryKey<arrow::LargeBinaryArray>>(keys);
    default:
      return arrow::Status::NotImplemented("cannot sort by values of type ",
                                           keys->type()->ToString());
  }
}

int RowComparator::Compare(const std::vector<std::unique_ptr<KeyColumn>>& a, int64_t i,
                           const std::vector<std::unique_ptr<KeyColumn>>& b, int64_t j) const {
  for (size_t k = 0; k < orders_.size(); ++k) {
    const int category_a = a[k]->category(i), category_b = b[k]->category(j);
    if (category_a != category_b) {
      // Values, then NaN, then null; reversed as a whole when nulls come first.
      const int c = category_a < category_b ? -1 : 1;
      return orders_[k].nulls_first ? -c : c;
    }
    if (category_a != KeyColumn::kValue) continue;
    const int c = a[k]->CompareValues(i, *b[k], j);
    if (c != 0) return orders_[k].descending ? -c : c;
  }
  return 0;
}

}  // namespace skipjack
