// skipjack._core.udf: Python functions as engine UDFs (udf/udf_function.h).
//
// The Python side (skipjack/udf/execution.py) gives a "runner factory": an object whose
// new_instance() returns a runner with call(batch) -> pyarrow.Array. The engine calls
// new_instance() once per worker slot and call() once per batch, taking the GIL only
// for those calls.

#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <atomic>

#include <arrow/array.h>
#include <arrow/record_batch.h>

#include "arrow_interop.h"
#include "bindings.h"
#include "errors.h"
#include "python_error.h"
#include "skipjack/expr/udf_expr.h"
#include "skipjack/io/url_download.h"
#include "skipjack/io/url_upload.h"

namespace nb = nanobind;

namespace skipjack::python {

ExprPtr UnwrapExpr(nb::handle obj);
nb::object WrapExpr(ExprPtr expr);

namespace {

// Python objects owned by engine objects, which may die on any thread.
void ReleaseWithGil(nb::object& object) {
  if (!object.is_valid()) return;
  if (!Py_IsInitialized()) {
    object.release();
    return;
  }
  nb::gil_scoped_acquire gil;
  object.reset();
}

class PyUdfInstance final : public UdfInstance {
 public:
  explicit PyUdfInstance(nb::object runner) : runner_(std::move(runner)) {}
  ~PyUdfInstance() override {
    if (runner_.is_valid() && Py_IsInitialized()) {
      nb::gil_scoped_acquire gil;
      try {
        if (nb::hasattr(runner_, "close")) runner_.attr("close")();
      } catch (nb::python_error& error) {
        error.discard_as_unraisable("closing a UDF instance");
      }
    }
    ReleaseWithGil(runner_);
  }

  arrow::Result<std::shared_ptr<arrow::Array>> Call(
      const std::shared_ptr<arrow::RecordBatch>& args) override {
    nb::gil_scoped_acquire gil;
    in_call_ = true;
    struct Done {
      std::atomic<bool>& flag;
      ~Done() { flag = false; }
    } done{in_call_};
    try {
      nb::object result = runner_.attr("call")(ExportBatch(args));
      return ImportArray(result);
    } catch (nb::python_error& error) {
      return StatusFromPythonError(error);
    }
  }

  void Interrupt() override {
    if (!in_call_ || !Py_IsInitialized()) return;
    nb::gil_scoped_acquire gil;
    try {
      if (in_call_ && nb::hasattr(runner_, "interrupt")) runner_.attr("interrupt")();
    } catch (nb::python_error& error) {
      error.discard_as_unraisable("interrupting a UDF call");
    }
  }

 private:
  nb::object runner_;
  std::atomic<bool> in_call_{false};
};

class PyUdfFunction final : public UdfFunction {
 public:
  PyUdfFunction(nb::object factory, UdfOptions options)
      : factory_(std::move(factory)), options_(std::move(options)) {}
  ~PyUdfFunction() override { ReleaseWithGil(factory_); }

  const UdfOptions& options() const override { return options_; }

  arrow::Result<std::unique_ptr<UdfInstance>> NewInstance() const override {
    nb::gil_scoped_acquire gil;
    try {
      return std::make_unique<PyUdfInstance>(factory_.attr("new_instance")());
    } catch (nb::python_error& error) {
      return StatusFromPythonError(error);
    }
  }

 private:
  mutable nb::object factory_;
  UdfOptions options_;
};

template <typename T>
T Option(const nb::dict& options, const char* key, T fallback) {
  if (!options.contains(key)) return fallback;
  nb::object value = options[key];
  return value.is_none() ? fallback : nb::cast<T>(value);
}

}  // namespace

IOConfig ParseIOConfig(const nb::dict& options);  // io_bindings.cc

void BindUdfs(nb::module_& m) {
  m.def(
      "url_download",
      [](nb::handle urls, nb::dict options) {
        UrlDownloadOptions download;
        download.max_connections = Option<int>(options, "max_connections", 32);
        download.null_on_error = Option<std::string>(options, "on_error", "raise") == "null";
        download.io = ParseIOConfig(options);
        return WrapExpr(Udf(MakeUrlDownloadFunction(std::move(download)), {UnwrapExpr(urls)}));
      },
      nb::arg("urls"), nb::arg("options"));
  m.def(
      "url_upload",
      [](nb::handle data, nb::object location, nb::dict options) {
        UrlUploadOptions upload;
        upload.null_on_error = Option<std::string>(options, "on_error", "raise") == "null";
        upload.io = ParseIOConfig(options);
        std::vector<ExprPtr> args = {UnwrapExpr(data)};
        if (nb::isinstance<nb::str>(location)) {
          upload.folder = nb::cast<std::string>(location);
        } else {
          args.push_back(UnwrapExpr(location));
        }
        return WrapExpr(Udf(MakeUrlUploadFunction(std::move(upload)), std::move(args)));
      },
      nb::arg("data"), nb::arg("location"), nb::arg("options"));
  m.def(
      "udf",
      [](nb::object factory, std::string name, nb::handle return_type, nb::list args,
         nb::dict options) {
        UdfOptions udf_options;
        udf_options.name = std::move(name);
        udf_options.return_type = ImportType(return_type);
        udf_options.generator = Option<bool>(options, "generator", false);
        udf_options.batch_size = Option<int64_t>(options, "batch_size", 0);
        udf_options.max_concurrency = Option<int>(options, "max_concurrency", 0);
        udf_options.use_process = Option<bool>(options, "use_process", false);
        udf_options.is_async = Option<bool>(options, "is_async", false);
        udf_options.row_wise = Option<bool>(options, "row_wise", false);
        udf_options.cpus = Option<double>(options, "cpus", 0);
        udf_options.gpus = Option<double>(options, "gpus", 0);
        std::vector<ExprPtr> arg_exprs;
        for (nb::handle arg : args) arg_exprs.push_back(UnwrapExpr(arg));
        auto function = std::make_shared<PyUdfFunction>(std::move(factory), std::move(udf_options));
        return WrapExpr(Udf(std::move(function), std::move(arg_exprs)));
      },
      nb::arg("factory"), nb::arg("name"), nb::arg("return_type"), nb::arg("args"),
      nb::arg("options"));
}

}  // namespace skipjack::python
