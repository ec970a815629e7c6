#include "python_error.h"

namespace nb = nanobind;

namespace skipjack::python {
namespace {

class PythonErrorDetail final : public arrow::StatusDetail {
 public:
  explicit PythonErrorDetail(nb::object exception) : exception_(std::move(exception)) {}
  ~PythonErrorDetail() override {
    if (!Py_IsInitialized()) {
      exception_.release();  // the interpreter is gone: nothing left to free
      return;
    }
    nb::gil_scoped_acquire gil;
    exception_.reset();
  }

  static constexpr const char* kTypeId = "skipjack::python::PythonErrorDetail";
  const char* type_id() const override { return kTypeId; }
  std::string ToString() const override { return "Python exception"; }
  const nb::object& exception() const { return exception_; }

 private:
  nb::object exception_;
};

}  // namespace

arrow::Status StatusFromPythonError(nb::python_error& error) {
  std::string message = nb::cast<std::string>(nb::str(error.value()));
  nb::object exception = nb::borrow(error.value());
  return arrow::Status(arrow::StatusCode::ExecutionError, std::move(message),
                       std::make_shared<PythonErrorDetail>(std::move(exception)));
}

nb::object CarriedPythonException(const arrow::Status& status) {
  const auto& detail = status.detail();
  if (!detail || std::string(detail->type_id()) != PythonErrorDetail::kTypeId) return {};
  return static_cast<const PythonErrorDetail&>(*detail).exception();
}

}  // namespace skipjack::python
