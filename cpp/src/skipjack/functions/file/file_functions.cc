// File references: file(url[, io_config]) makes a File[Unknown] column (Daft's layout:
// struct<url, io_config, position, size> in daft.super_extension) from paths or URLs, as
// does casting a String column to File; file_path(file) gives the URLs back. Nothing is
// read here: Python's skipjack.File opens the bytes when a UDF asks for them.

#include "skipjack/functions/file/file_reference.h"

#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/extension_type.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <arrow/util/bitmap_ops.h>

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/functions/string/scalar_broadcast.h"
#include "skipjack/types/daft_extension.h"
#include "skipjack/types/display_name.h"

namespace skipjack {
namespace {

std::shared_ptr<arrow::DataType> FileStorageType() {
  return arrow::struct_({arrow::field("url", arrow::large_utf8()),
                         arrow::field("io_config", arrow::large_binary()),
                         arrow::field("position", arrow::int64()),
                         arrow::field("size", arrow::int64())});
}

std::shared_ptr<arrow::DataType> UnknownFileType() {
  return std::make_shared<DaftExtensionType>(FileStorageType(), R"({"datatype":{"File":"Unknown"}})");
}

}  // namespace

bool IsFileType(const arrow::DataType& type) {
  if (type.id() != arrow::Type::EXTENSION) return false;
  const auto& extension = static_cast<const arrow::ExtensionType&>(type);
  return extension.extension_name() == DaftExtensionType::kName &&
         static_cast<const DaftExtensionType&>(extension).display_name().rfind("File[", 0) == 0;
}

bool IsFileCast(const arrow::DataType& from, const arrow::DataType& to) {
  return IsFileType(to) && (from.id() == arrow::Type::STRING || from.id() == arrow::Type::LARGE_STRING ||
                            from.id() == arrow::Type::NA);
}

arrow::Result<arrow::Datum> CastToFile(const arrow::Datum& value,
                                       const std::shared_ptr<arrow::DataType>& to,
                                       arrow::compute::ExecContext* ctx, const std::string& io_config) {
  const bool scalar = value.is_scalar();
  const int64_t length = scalar ? 1 : value.length();
  ARROW_ASSIGN_OR_RAISE(auto any_urls, internal::BroadcastToArray(value, length, ctx->memory_pool()));
  ARROW_ASSIGN_OR_RAISE(auto urls_datum, CastDatum(any_urls, arrow::large_utf8(), ctx));
  auto urls = urls_datum.make_array();
  arrow::LargeBinaryBuilder configs(ctx->memory_pool());
  ARROW_RETURN_NOT_OK(configs.Reserve(length));
  ARROW_RETURN_NOT_OK(configs.ReserveData(static_cast<int64_t>(io_config.size()) * length));
  for (int64_t row = 0; row < length; ++row) configs.UnsafeAppend(io_config);
  ARROW_ASSIGN_OR_RAISE(auto config_array, configs.Finish());
  ARROW_ASSIGN_OR_RAISE(auto unknown, arrow::MakeArrayOfNull(arrow::int64(), length, ctx->memory_pool()));
  std::shared_ptr<arrow::Buffer> validity;
  if (urls->null_count() > 0) {
    ARROW_ASSIGN_OR_RAISE(validity, arrow::internal::CopyBitmap(ctx->memory_pool(), urls->null_bitmap_data(),
                                                                urls->offset(), length));
  }
  const auto& storage_type = static_cast<const arrow::ExtensionType&>(*to).storage_type();
  ARROW_ASSIGN_OR_RAISE(auto storage,
                        arrow::StructArray::Make({urls, config_array, unknown, unknown},
                                                 storage_type->fields(), validity, urls->null_count()));
  auto out = arrow::ExtensionType::WrapArray(to, storage);
  if (scalar) return out->GetScalar(0);
  return out;
}

}  // namespace skipjack

namespace skipjack::internal {
namespace {

class MakeFileKernel final : public BoundFunction {
 public:
  explicit MakeFileKernel(std::string io_config) : BoundFunction(UnknownFileType()), io_config_(std::move(io_config)) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    return CastToFile(args[0], output_type(), ctx, io_config_);
  }

 private:
  std::string io_config_;
};

class MakeFile final : public ScalarFunction {
 public:
  MakeFile() : ScalarFunction("file", "File references from paths or URLs") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    const bool config_ok =
        args.size() == 1 || (args.size() == 2 && args[1].literal &&
                             (!args[1].literal->is_valid || arrow::is_base_binary_like(args[1].type->id())));
    if (args.empty() || args.size() > 2 || !config_ok) {
      return ArgumentTypeError(name(), "(url, io_config literal)", args);
    }
    if (IsFileType(*args[0].type)) return arrow::Status::TypeError("file(): the column is already a File");
    if (!IsFileCast(*args[0].type, *UnknownFileType())) {
      return arrow::Status::TypeError("file() expects a String column of paths or URLs, got ",
                                      DisplayName(*args[0].type));
    }
    std::string config;
    if (args.size() == 2 && args[1].literal->is_valid) {
      config = std::string(static_cast<const arrow::BaseBinaryScalar&>(*args[1].literal).view());
    }
    return std::make_shared<MakeFileKernel>(std::move(config));
  }
};

class FilePathKernel final : public BoundFunction {
 public:
  FilePathKernel() : BoundFunction(arrow::large_utf8()) {}

  arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                      arrow::compute::ExecContext* ctx) const override {
    ARROW_ASSIGN_OR_RAISE(auto files, BroadcastToArray(args[0], CallLength(args), ctx->memory_pool()));
    const auto& storage =
        static_cast<const arrow::StructArray&>(*static_cast<const arrow::ExtensionArray&>(*files).storage());
    // A null file is a null path, whatever its url child holds.
    ARROW_ASSIGN_OR_RAISE(auto urls, storage.GetFlattenedField(0, ctx->memory_pool()));
    return ShapeLikeArgs(args, std::move(urls));
  }
};

class FilePath final : public ScalarFunction {
 public:
  FilePath() : ScalarFunction("file_path", "The path or URL of a File") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 1 || !IsFileType(*args[0].type)) {
      return ArgumentTypeError(name(), "(a File column)", args);
    }
    return std::make_shared<FilePathKernel>();
  }
};

}  // namespace

void RegisterFileFunctions(FunctionRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<MakeFile>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<FilePath>()));
}

}  // namespace skipjack::internal
