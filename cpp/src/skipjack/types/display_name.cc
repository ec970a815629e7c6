#include "skipjack/types/display_name.h"

#include <arrow/extension/fixed_shape_tensor.h>
#include <arrow/extension_type.h>
#include <arrow/type.h>
#include <arrow/util/string.h>

#include "skipjack/types/daft_extension.h"

namespace skipjack {
namespace {

std::string TimeUnitName(arrow::TimeUnit::type unit) {
  switch (unit) {
    case arrow::TimeUnit::SECOND:
      return "s";
    case arrow::TimeUnit::MILLI:
      return "ms";
    case arrow::TimeUnit::MICRO:
      return "us";
    case arrow::TimeUnit::NANO:
      return "ns";
  }
  return "?";
}

std::string StructName(const arrow::StructType& type) {
  std::string out = "Struct[";
  for (int i = 0; i < type.num_fields(); ++i) {
    if (i > 0) out += ", ";
    out += type.field(i)->name() + ": " + DisplayName(*type.field(i)->type());
  }
  return out + "]";
}

}  // namespace

std::string DisplayName(const arrow::DataType& type) {
  using arrow::Type;
  switch (type.id()) {
    case Type::NA:
      return "Null";
    case Type::BOOL:
      return "Bool";
    case Type::INT8:
      return "Int8";
    case Type::INT16:
      return "Int16";
    case Type::INT32:
      return "Int32";
    case Type::INT64:
      return "Int64";
    case Type::UINT8:
      return "UInt8";
    case Type::UINT16:
      return "UInt16";
    case Type::UINT32:
      return "UInt32";
    case Type::UINT64:
      return "UInt64";
    case Type::HALF_FLOAT:
      return "Float16";
    case Type::FLOAT:
      return "Float32";
    case Type::DOUBLE:
      return "Float64";
    case Type::STRING:
    case Type::LARGE_STRING:
    case Type::STRING_VIEW:
      return "String";
    case Type::BINARY:
    case Type::LARGE_BINARY:
    case Type::BINARY_VIEW:
      return "Binary";
    case Type::FIXED_SIZE_BINARY:
      return "Binary[" +
             std::to_string(
                 static_cast<const arrow::FixedSizeBinaryType&>(type).byte_width()) +
             "]";
    case Type::DATE32:
    case Type::DATE64:
      return "Date";
    case Type::TIME32:
    case Type::TIME64:
      return "Time[" + TimeUnitName(static_cast<const arrow::TimeType&>(type).unit()) +
             "]";
    case Type::TIMESTAMP: {
      const auto& ts = static_cast<const arrow::TimestampType&>(type);
      std::string out = "Timestamp[" + TimeUnitName(ts.unit());
      if (!ts.timezone().empty()) out += "; " + ts.timezone();
      return out + "]";
    }
    case Type::DURATION:
      return "Duration[" +
             TimeUnitName(static_cast<const arrow::DurationType&>(type).unit()) + "]";
    case Type::INTERVAL_MONTHS:
    case Type::INTERVAL_DAY_TIME:
    case Type::INTERVAL_MONTH_DAY_NANO:
      return "Interval";
    case Type::DECIMAL32:
    case Type::DECIMAL64:
    case Type::DECIMAL128:
    case Type::DECIMAL256: {
      const auto& dec = static_cast<const arrow::DecimalType&>(type);
      return "Decimal[precision: " + std::to_string(dec.precision()) +
             ", scale: " + std::to_string(dec.scale()) + "]";
    }
    case Type::LIST:
    case Type::LARGE_LIST:
    case Type::LIST_VIEW:
    case Type::LARGE_LIST_VIEW:
      return "List[" + DisplayName(*type.field(0)->type()) + "]";
    case Type::FIXED_SIZE_LIST: {
      const auto& fsl = static_cast<const arrow::FixedSizeListType&>(type);
      return "List[" + DisplayName(*fsl.value_type()) + "; " +
             std::to_string(fsl.list_size()) + "]";
    }
    case Type::STRUCT:
      return StructName(static_cast<const arrow::StructType&>(type));
    case Type::MAP: {
      const auto& map = static_cast<const arrow::MapType&>(type);
      return "Map[" + DisplayName(*map.key_type()) + ": " + DisplayName(*map.item_type()) +
             "]";
    }
    case Type::DICTIONARY:
      return DisplayName(*static_cast<const arrow::DictionaryType&>(type).value_type());
    case Type::EXTENSION: {
      const auto& ext = static_cast<const arrow::ExtensionType&>(type);
      if (const auto* daft = dynamic_cast<const DaftExtensionType*>(&ext)) {
        return daft->display_name();
      }
      if (const auto* tensor_type =
              dynamic_cast<const arrow::extension::FixedShapeTensorType*>(&ext)) {
        const auto& tensor = *tensor_type;
        std::string shape;
        for (int64_t dim : tensor.shape()) shape += (shape.empty() ? "" : ", ") + std::to_string(dim);
        return "Tensor[" + DisplayName(*tensor.value_type()) + "; [" + shape + "]]";
      }
      return "Extension[" + ext.extension_name() + "; " +
             DisplayName(*ext.storage_type()) + "]";
    }
    default:
      return type.ToString();
  }
}

std::string SchemaToPlanString(const arrow::Schema& schema) {
  std::string out;
  for (int i = 0; i < schema.num_fields(); ++i) {
    if (i > 0) out += ", ";
    out += schema.field(i)->name() + "#" + DisplayName(*schema.field(i)->type());
  }
  return out;
}

}  // namespace skipjack
