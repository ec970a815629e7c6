#include "skipjack/io/json_lines.h"

#include <charconv>
#include <cmath>

#include <arrow/array.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <arrow/type.h>

#include "skipjack/types/display_name.h"

namespace skipjack {
namespace {

void AppendString(std::string_view text, std::string* out) {
  static const char* kHex = "0123456789abcdef";
  out->push_back('"');
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

template <typename T>
void AppendNumber(T value, std::string* out) {
  if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(value)) {  // JSON has no NaN or infinity
      out->append("null");
      return;
    }
  }
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, result.ptr);
}

arrow::Status AppendValue(const arrow::Array& array, int64_t i, std::string* out);

arrow::Status AppendList(const arrow::Array& values, int64_t begin, int64_t end, std::string* out) {
  out->push_back('[');
  for (int64_t j = begin; j < end; ++j) {
    if (j > begin) out->push_back(',');
    ARROW_RETURN_NOT_OK(AppendValue(values, j, out));
  }
  out->push_back(']');
  return arrow::Status::OK();
}

arrow::Status AppendValue(const arrow::Array& array, int64_t i, std::string* out) {
  if (array.IsNull(i)) {
    out->append("null");
    return arrow::Status::OK();
  }
  switch (array.type_id()) {
    case arrow::Type::BOOL:
      out->append(static_cast<const arrow::BooleanArray&>(array).Value(i) ? "true" : "false");
      return arrow::Status::OK();
    case arrow::Type::INT8:
      AppendNumber(static_cast<const arrow::Int8Array&>(array).Value(i), out);
      return arrow::Status::OK();
    case arrow::Type::INT16:
      AppendNumber(static_cast<const arrow::Int16Array&>(array).Value(i), out);
      return arrow::Status::OK();
    case arrow::Type::INT32:
      AppendNumber(static_cast<const arrow::Int32Array&>(array).Value(i), out);
      return arrow::Status::OK();
    case arrow::Type::INT64:
      AppendNumber(static_cast<const arrow::Int64Array&>(array).Value(i), out);
      return arrow::Status::OK();
    case arrow::Type::UINT8:
      AppendNumber(static_cast<const arrow::UInt8Array&>(array).Value(i), out);
      return arrow::Status::OK();
    case arrow::Type::UINT16:
      AppendNumber(static_cast<const arrow::UInt16Array&>(array).Value(i), out);
      return arrow::Status::OK();
    case arrow::Type::UINT32:
      AppendNumber(static_cast<const arrow::UInt32Array&>(array).Value(i), out);
      return arrow::Status::OK();
    case arrow::Type::UINT64:
      AppendNumber(static_cast<const arrow::UInt64Array&>(array).Value(i), out);
      return arrow::Status::OK();
    case arrow::Type::FLOAT:
      AppendNumber(static_cast<const arrow::FloatArray&>(array).Value(i), out);
      return arrow::Status::OK();
    case arrow::Type::DOUBLE:
      AppendNumber(static_cast<const arrow::DoubleArray&>(array).Value(i), out);
      return arrow::Status::OK();
    case arrow::Type::STRING:
      AppendString(static_cast<const arrow::StringArray&>(array).GetView(i), out);
      return arrow::Status::OK();
    case arrow::Type::LARGE_STRING:
      AppendString(static_cast<const arrow::LargeStringArray&>(array).GetView(i), out);
      return arrow::Status::OK();
    case arrow::Type::STRING_VIEW:
      AppendString(static_cast<const arrow::StringViewArray&>(array).GetView(i), out);
      return arrow::Status::OK();
    case arrow::Type::DECIMAL128:
      out->append(static_cast<const arrow::Decimal128Array&>(array).FormatValue(i));
      return arrow::Status::OK();
    case arrow::Type::LIST: {
      const auto& list = static_cast<const arrow::ListArray&>(array);
      return AppendList(*list.values(), list.value_offset(i), list.value_offset(i + 1), out);
    }
    case arrow::Type::LARGE_LIST: {
      const auto& list = static_cast<const arrow::LargeListArray&>(array);
      return AppendList(*list.values(), list.value_offset(i), list.value_offset(i + 1), out);
    }
    case arrow::Type::FIXED_SIZE_LIST: {
      const auto& list = static_cast<const arrow::FixedSizeListArray&>(array);
      return AppendList(*list.values(), list.value_offset(i), list.value_offset(i + 1), out);
    }
    case arrow::Type::STRUCT: {
      const auto& st = static_cast<const arrow::StructArray&>(array);
      out->push_back('{');
      for (int f = 0; f < st.num_fields(); ++f) {
        if (f) out->push_back(',');
        AppendString(st.struct_type()->field(f)->name(), out);
        out->push_back(':');
        ARROW_RETURN_NOT_OK(AppendValue(*st.field(f), i, out));
      }
      out->push_back('}');
      return arrow::Status::OK();
    }
    case arrow::Type::MAP: {
      const auto& map = static_cast<const arrow::MapArray&>(array);
      out->push_back('{');
      for (int64_t j = map.value_offset(i); j < map.value_offset(i + 1); ++j) {
        if (j > map.value_offset(i)) out->push_back(',');
        ARROW_ASSIGN_OR_RAISE(auto key, map.keys()->GetScalar(j));
        AppendString(key->ToString(), out);
        out->push_back(':');
        ARROW_RETURN_NOT_OK(AppendValue(*map.items(), j, out));
      }
      out->push_back('}');
      return arrow::Status::OK();
    }
    case arrow::Type::DATE32:
    case arrow::Type::DATE64:
    case arrow::Type::TIMESTAMP:
    case arrow::Type::TIME32:
    case arrow::Type::TIME64:
    case arrow::Type::DURATION: {
      ARROW_ASSIGN_OR_RAISE(auto scalar, array.GetScalar(i));
      AppendString(scalar->ToString(), out);
      return arrow::Status::OK();
    }
    default:
      return arrow::Status::TypeError("Cannot write a column of type ", DisplayName(*array.type()),
                                      " as JSON");
  }
}

}  // namespace

arrow::Status AppendJsonLines(const arrow::RecordBatch& batch, std::string* out) {
  std::vector<std::string> keys;
  for (const auto& field : batch.schema()->fields()) {
    std::string key;
    AppendString(field->name(), &key);
    keys.push_back(std::move(key) + ":");
  }
  for (int64_t row = 0; row < batch.num_rows(); ++row) {
    out->push_back('{');
    for (int c = 0; c < batch.num_columns(); ++c) {
      if (c) out->push_back(',');
      out->append(keys[c]);
      ARROW_RETURN_NOT_OK(AppendValue(*batch.column(c), row, out));
    }
    out->append("}\n");
  }
  return arrow::Status::OK();
}

}  // namespace skipjack
