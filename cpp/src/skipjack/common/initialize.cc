#include "skipjack/common/initialize.h"

#include <arrow/compute/initialize.h>

#include "skipjack/functions/registry.h"
#include "skipjack/types/daft_extension.h"

namespace skipjack {

arrow::Status InitializeEngine() {
  static const arrow::Status status = [] {
    ARROW_RETURN_NOT_OK(arrow::compute::Initialize());
    GetFunctionRegistry();
    ARROW_RETURN_NOT_OK(RegisterDaftExtensionType());
    return arrow::Status::OK();
  }();
  return status;
}

}  // namespace skipjack
