#include "skipjack/io/url_download.h"

#include <arrow/array.h>
#include <arrow/builder.h>
#include <arrow/filesystem/filesystem.h>
#include <arrow/io/interfaces.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>

#include "skipjack/io/filesystem.h"
#include "skipjack/io/http_client.h"

namespace skipjack {
namespace {

bool IsHttp(std::string_view url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

arrow::Result<std::string> ReadWholeFile(const std::string& path, const IOConfig& io) {
  ARROW_ASSIGN_OR_RAISE(auto location, ResolvePath(path, io));
  ARROW_ASSIGN_OR_RAISE(auto file, location.filesystem->OpenInputFile(location.path));
  ARROW_ASSIGN_OR_RAISE(const int64_t size, file->GetSize());
  ARROW_ASSIGN_OR_RAISE(auto buffer, file->ReadAt(0, size));
  return buffer->ToString();
}

class UrlDownloadInstance final : public UdfInstance {
 public:
  explicit UrlDownloadInstance(const UrlDownloadOptions& options, int connections)
      : options_(options), connections_(connections) {}

  arrow::Result<std::shared_ptr<arrow::Array>> Call(
      const std::shared_ptr<arrow::RecordBatch>& args) override {
    const auto column = args->column(0);
    if (column->type_id() != arrow::Type::LARGE_STRING && column->type_id() != arrow::Type::STRING) {
      return arrow::Status::TypeError("download() expects a String column of URLs or paths, got ",
                                      column->type()->ToString());
    }
    const int64_t rows = column->length();
    std::vector<arrow::Result<std::string>> bodies(rows, std::string());
    std::vector<std::string> http_urls;
    std::vector<int64_t> http_rows;
    for (int64_t row = 0; row < rows; ++row) {
      if (column->IsNull(row)) continue;
      const std::string url = UrlAt(*column, row);
      if (IsHttp(url)) {
        http_urls.push_back(url);
        http_rows.push_back(row);
      } else {
        auto body = ReadWholeFile(url, options_.io);
        bodies[row] = body.ok() ? std::move(body)
                                : arrow::Result<std::string>(body.status().WithMessage(
                                      "download of ", url, " failed: ", body.status().message()));
      }
    }
    auto fetched = FetchUrls(http_urls, options_.io.http, connections_);
    for (size_t i = 0; i < fetched.size(); ++i) bodies[http_rows[i]] = std::move(fetched[i]);

    arrow::LargeBinaryBuilder builder;
    for (int64_t row = 0; row < rows; ++row) {
      if (column->IsNull(row)) {
        ARROW_RETURN_NOT_OK(builder.AppendNull());
        continue;
      }
      if (!bodies[row].ok()) {
        if (options_.null_on_error) {
          ARROW_RETURN_NOT_OK(builder.AppendNull());
          continue;
        }
        return bodies[row].status().WithMessage(
            bodies[row].status().message(), " (download() with on_error=\"null\" gives null instead)");
      }
      ARROW_RETURN_NOT_OK(builder.Append(*bodies[row]));
    }
    return builder.Finish();
  }

 private:
  static std::string UrlAt(const arrow::Array& column, int64_t row) {
    if (column.type_id() == arrow::Type::LARGE_STRING) {
      return static_cast<const arrow::LargeStringArray&>(column).GetString(row);
    }
    return static_cast<const arrow::StringArray&>(column).GetString(row);
  }

  const UrlDownloadOptions& options_;
  int connections_;
};

class UrlDownloadFunction final : public UdfFunction {
 public:
  explicit UrlDownloadFunction(UrlDownloadOptions options) : options_(std::move(options)) {
    udf_options_.name = "url_download";
    udf_options_.return_type = arrow::large_binary();
    // Two instances, so one batch downloads while the other's results move on; each
    // keeps half the connections. Batches of a few times the connections keep them busy
    // and the bytes in flight bounded.
    udf_options_.max_concurrency = 2;
    udf_options_.batch_size = std::max(16, 2 * options_.max_connections);
  }

  const UdfOptions& options() const override { return udf_options_; }

  arrow::Result<std::unique_ptr<UdfInstance>> NewInstance() const override {
    return std::make_unique<UrlDownloadInstance>(options_, std::max(1, (options_.max_connections + 1) / 2));
  }

 private:
  UrlDownloadOptions options_;
  UdfOptions udf_options_;
};

}  // namespace

UdfFunctionPtr MakeUrlDownloadFunction(UrlDownloadOptions options) {
  return std::make_shared<UrlDownloadFunction>(std::move(options));
}

}  // namespace skipjack
