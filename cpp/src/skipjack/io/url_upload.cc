#include "skipjack/io/url_upload.h"

#include <random>

#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/filesystem/filesystem.h>
#include <arrow/io/interfaces.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>

#include "skipjack/io/filesystem.h"

namespace skipjack {
namespace {

std::string UniqueName() {
  thread_local std::mt19937_64 random(std::random_device{}());
  char name[33];
  std::snprintf(name, sizeof(name), "%016llx%016llx", static_cast<unsigned long long>(random()),
                static_cast<unsigned long long>(random()));
  return name;
}

std::string StringAt(const arrow::Array& column, int64_t row) {
  if (column.type_id() == arrow::Type::LARGE_STRING) {
    return static_cast<const arrow::LargeStringArray&>(column).GetString(row);
  }
  return static_cast<const arrow::StringArray&>(column).GetString(row);
}

std::string_view BytesAt(const arrow::Array& column, int64_t row) {
  if (column.type_id() == arrow::Type::LARGE_BINARY) {
    return static_cast<const arrow::LargeBinaryArray&>(column).GetView(row);
  }
  return static_cast<const arrow::BinaryArray&>(column).GetView(row);
}

arrow::Status WriteWholeFile(const std::string& path, std::string_view data, const IOConfig& io) {
  ARROW_ASSIGN_OR_RAISE(auto location, ResolvePath(path, io));
  auto& fs = *location.filesystem;
  const auto slash = location.path.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    ARROW_RETURN_NOT_OK(fs.CreateDir(location.path.substr(0, slash), /*recursive=*/true));
  }
  // Object stores publish on close; local files get a temporary name until complete.
  const bool local = location.scheme == "file";
  const std::string target = local ? location.path + ".tmp-" + UniqueName() : location.path;
  {
    ARROW_ASSIGN_OR_RAISE(auto out, fs.OpenOutputStream(target));
    auto status = out->Write(data.data(), static_cast<int64_t>(data.size()));
    if (status.ok()) status = out->Close();
    if (!status.ok()) {
      if (local) (void)fs.DeleteFile(target);
      return status;
    }
  }
  if (local) return fs.Move(target, location.path);
  return arrow::Status::OK();
}

class UrlUploadInstance final : public UdfInstance {
 public:
  explicit UrlUploadInstance(const UrlUploadOptions& options) : options_(options) {}

  arrow::Result<std::shared_ptr<arrow::Array>> Call(
      const std::shared_ptr<arrow::RecordBatch>& args) override {
    const auto& data = *args->column(0);
    if (data.type_id() != arrow::Type::LARGE_BINARY && data.type_id() != arrow::Type::BINARY) {
      return arrow::Status::TypeError("upload() expects a Binary column, got ", data.type()->ToString());
    }
    const arrow::Array* paths = args->num_columns() > 1 ? args->column(1).get() : nullptr;
    if (paths && paths->type_id() != arrow::Type::LARGE_STRING && paths->type_id() != arrow::Type::STRING) {
      return arrow::Status::TypeError("upload(): the location column must hold String paths, got ",
                                      paths->type()->ToString());
    }
    arrow::LargeStringBuilder builder;
    for (int64_t row = 0; row < data.length(); ++row) {
      if (data.IsNull(row) || (paths && paths->IsNull(row))) {
        ARROW_RETURN_NOT_OK(builder.AppendNull());
        continue;
      }
      std::string path = paths ? StringAt(*paths, row) : *options_.folder;
      if (!paths) {
        if (!path.empty() && path.back() != '/') path += '/';
        path += UniqueName();
      }
      const auto status = WriteWholeFile(path, BytesAt(data, row), options_.io);
      if (!status.ok()) {
        if (options_.null_on_error) {
          ARROW_RETURN_NOT_OK(builder.AppendNull());
          continue;
        }
        return status.WithMessage("upload to ", path, " failed: ", status.message(),
                                  " (upload() with on_error=\"null\" gives null instead)");
      }
      ARROW_RETURN_NOT_OK(builder.Append(path));
    }
    return builder.Finish();
  }

 private:
  const UrlUploadOptions& options_;
};

class UrlUploadFunction final : public UdfFunction {
 public:
  explicit UrlUploadFunction(UrlUploadOptions options) : options_(std::move(options)) {
    udf_options_.name = "url_upload";
    udf_options_.return_type = arrow::large_utf8();
    udf_options_.max_concurrency = 4;  // writes wait on storage, not on the CPU
    udf_options_.batch_size = 64;
  }
  const UdfOptions& options() const override { return udf_options_; }
  arrow::Result<std::unique_ptr<UdfInstance>> NewInstance() const override {
    return std::make_unique<UrlUploadInstance>(options_);
  }

 private:
  UrlUploadOptions options_;
  UdfOptions udf_options_;
};

}  // namespace

UdfFunctionPtr MakeUrlUploadFunction(UrlUploadOptions options) {
  return std::make_shared<UrlUploadFunction>(std::move(options));
}

}  // namespace skipjack
