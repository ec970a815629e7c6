// File: error_detail.h
//
// Extra categories on top of arrow::Status codes, so the bindings can raise the most
// specific Python exception (e.g. ColumnNotFoundError rather than a bare KeyError).

#pragma once

#include <memory>
#include <string>

#include <arrow/status.h>

namespace skipjack {

enum class ErrorKind { kColumnNotFound, kFileNotFound };

/// Attached to a Status to tell the bindings which exception class to raise.
class ErrorDetail final : public arrow::StatusDetail {
 public:
  explicit ErrorDetail(ErrorKind kind) : kind_(kind) {}

  static constexpr const char* kTypeId = "skipjack::ErrorDetail";
  const char* type_id() const override { return kTypeId; }
  std::string ToString() const override;
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

/// Returns the kind attached to `status`, if it carries an ErrorDetail.
const ErrorDetail* GetErrorDetail(const arrow::Status& status);

/// KeyError carrying ErrorKind::kColumnNotFound.
arrow::Status ColumnNotFound(const std::string& message);

/// IOError carrying ErrorKind::kFileNotFound.
arrow::Status FileNotFound(const std::string& message);

}  // namespace skipjack
