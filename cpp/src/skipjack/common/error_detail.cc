#include "skipjack/common/error_detail.h"

#include <cstring>

namespace skipjack {

std::string ErrorDetail::ToString() const {
  switch (kind_) {
    case ErrorKind::kColumnNotFound:
      return "column not found";
    case ErrorKind::kFileNotFound:
      return "file not found";
  }
  return "unknown";
}

const ErrorDetail* GetErrorDetail(const arrow::Status& status) {
  const auto& detail = status.detail();
  if (!detail || std::strcmp(detail->type_id(), ErrorDetail::kTypeId) != 0) return nullptr;
  return static_cast<const ErrorDetail*>(detail.get());
}

arrow::Status ColumnNotFound(const std::string& message) {
  return arrow::Status(arrow::StatusCode::KeyError, message,
                       std::make_shared<ErrorDetail>(ErrorKind::kColumnNotFound));
}

}  // namespace skipjack

namespace skipjack {

arrow::Status FileNotFound(const std::string& message) {
  return arrow::Status(arrow::StatusCode::IOError, message,
                       std::make_shared<ErrorDetail>(ErrorKind::kFileNotFound));
}

}  // namespace skipjack
