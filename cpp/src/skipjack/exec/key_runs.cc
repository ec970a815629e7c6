#include "skipjack/exec/key_runs.h"

#include <cstring>
#include <string_view>

#include <arrow/array.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>

namespace skipjack {
namespace {

// Marks in `differs` the rows whose value in `column` differs from the previous row's.
template <typename Equal>
void MarkChanges(const arrow::Array& column, Equal&& equal, std::vector<uint8_t>* differs) {
  const int64_t n = column.length();
  if (column.null_count() == 0) {
    for (int64_t i = 1; i < n; ++i) (*differs)[i] |= !equal(i - 1, i);
    return;
  }
  for (int64_t i = 1; i < n; ++i) {
    const bool a = column.IsValid(i - 1), b = column.IsValid(i);
    (*differs)[i] |= a != b || (a && !equal(i - 1, i));
  }
}

template <typename CType>
void MarkFixed(const arrow::Array& column, std::vector<uint8_t>* differs) {
  const auto* values = column.data()->GetValues<CType>(1);
  MarkChanges(column, [values](int64_t a, int64_t b) { return values[a] == values[b]; }, differs);
}

// Compared as bytes: a float's -0.0 and 0.0 (or two NaNs with different bits) then
// start different runs, which only leaves grouping them to the hash table.
template <int kWidth>
void MarkBytes(const arrow::Array& column, std::vector<uint8_t>* differs) {
  const uint8_t* values = column.data()->GetValues<uint8_t>(1, 0) +
                          column.offset() * static_cast<int64_t>(kWidth);
  MarkChanges(column,
              [values](int64_t a, int64_t b) {
                return std::memcmp(values + a * kWidth, values + b * kWidth, kWidth) == 0;
              },
              differs);
}

template <typename ArrayType>
void MarkStrings(const arrow::Array& column, std::vector<uint8_t>* differs) {
  const auto& strings = static_cast<const ArrayType&>(column);
  MarkChanges(column, [&](int64_t a, int64_t b) { return strings.GetView(a) == strings.GetView(b); },
              differs);
}

bool Mark(const arrow::Array& column, std::vector<uint8_t>* differs) {
  switch (column.type_id()) {
    case arrow::Type::STRING:
    case arrow::Type::BINARY:
      MarkStrings<arrow::BinaryArray>(column, differs);
      return true;
    case arrow::Type::LARGE_STRING:
    case arrow::Type::LARGE_BINARY:
      MarkStrings<arrow::LargeBinaryArray>(column, differs);
      return true;
    case arrow::Type::NA:
    case arrow::Type::BOOL:
      return false;
    default:
      break;
  }
  if (!arrow::is_fixed_width(column.type_id())) return false;
  switch (column.type()->byte_width()) {
    case 1:
      MarkFixed<uint8_t>(column, differs);
      return true;
    case 2:
      MarkFixed<uint16_t>(column, differs);
      return true;
    case 4:
      MarkFixed<uint32_t>(column, differs);
      return true;
    case 8:
      MarkFixed<uint64_t>(column, differs);
      return true;
    case 16:
      MarkBytes<16>(column, differs);
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<std::vector<int64_t>> KeyRunStarts(
    const std::vector<std::shared_ptr<arrow::Array>>& keys, int64_t length) {
  std::vector<uint8_t> differs(static_cast<size_t>(length), 0);
  for (const auto& column : keys) {
    if (!Mark(*column, &differs)) return std::nullopt;
  }
  std::vector<int64_t> starts;
  if (length == 0) return starts;
  starts.push_back(0);
  for (int64_t i = 1; i < length; ++i) {
    if (differs[i]) starts.push_back(i);
  }
  return starts;
}

}  // namespace skipjack
