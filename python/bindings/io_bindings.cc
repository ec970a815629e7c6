// File readers: skipjack._core.read_files (read_parquet / read_csv / read_json),
// glob_files (from_glob_path) and the S3 shutdown hook.

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <arrow/filesystem/s3fs.h>

#include "arrow_interop.h"
#include "bindings.h"
#include "errors.h"
#include "plan_handle.h"
#include "skipjack/io/csv_format.h"
#include "skipjack/io/external_source.h"
#include "skipjack/io/file_source_info.h"
#include "skipjack/io/json_format.h"
#include "skipjack/io/parquet_format.h"
#include "skipjack/plan/logical_source.h"
#include "skipjack/plan/logical_write.h"

namespace nb = nanobind;

namespace skipjack::python {
namespace {

template <typename T>
std::optional<T> Get(const nb::dict& options, const char* key) {
  if (!options.contains(key)) return std::nullopt;
  nb::object value = options[key];
  if (value.is_none()) return std::nullopt;
  return nb::cast<T>(value);
}

std::optional<char> GetChar(const nb::dict& options, const char* key) {
  auto text = Get<std::string>(options, key);
  if (!text) return std::nullopt;
  if (text->size() != 1) {
    throw nb::value_error((std::string(key) + " must be a single character, got '" + *text + "'").c_str());
  }
  return (*text)[0];
}

}  // namespace

// Shared with udf_bindings.cc (url_download).
IOConfig ParseIOConfig(const nb::dict& options) {
  IOConfig config;
  if (!options.contains("io_config") || options["io_config"].is_none()) return config;
  nb::dict io = nb::cast<nb::dict>(options["io_config"]);
  if (io.contains("http") && !io["http"].is_none()) {
    nb::dict http = nb::cast<nb::dict>(io["http"]);
    if (auto v = Get<std::string>(http, "user_agent")) config.http.user_agent = *v;
    config.http.bearer_token = Get<std::string>(http, "bearer_token");
    if (auto v = Get<int64_t>(http, "connect_timeout_ms")) config.http.connect_timeout_ms = *v;
    if (auto v = Get<int64_t>(http, "read_timeout_ms")) config.http.read_timeout_ms = *v;
    if (auto v = Get<int>(http, "num_tries")) config.http.num_tries = *v;
    if (auto v = Get<int64_t>(http, "retry_initial_backoff_ms")) config.http.retry_initial_backoff_ms = *v;
  }
  if (!io.contains("s3") || io["s3"].is_none()) return config;
  nb::dict s3 = nb::cast<nb::dict>(io["s3"]);
  config.s3.region = Get<std::string>(s3, "region_name");
  config.s3.endpoint_url = Get<std::string>(s3, "endpoint_url");
  config.s3.key_id = Get<std::string>(s3, "key_id");
  config.s3.access_key = Get<std::string>(s3, "access_key");
  config.s3.session_token = Get<std::string>(s3, "session_token");
  config.s3.anonymous = Get<bool>(s3, "anonymous").value_or(false);
  if (auto n = Get<int>(s3, "max_connections")) config.s3.max_connections = *n;
  if (auto t = Get<double>(s3, "connect_timeout_ms")) config.s3.connect_timeout_seconds = *t / 1000;
  if (auto t = Get<double>(s3, "read_timeout_ms")) config.s3.request_timeout_seconds = *t / 1000;
  return config;
}

namespace {

std::shared_ptr<arrow::Schema> SchemaHints(const nb::dict& options) {
  if (!options.contains("schema") || options["schema"].is_none()) return nullptr;
  return ImportSchema(options["schema"]);
}

// Every format's options, parsed with the GIL held so the reading can run without it.
struct FormatOptions {
  ParquetOptions parquet;
  CsvOptions csv;
  JsonOptions json;
};

FormatOptions ParseFormatOptions(const nb::dict& options) {
  FormatOptions out;
  const auto hints = SchemaHints(options);
  const bool infer = Get<bool>(options, "infer_schema").value_or(true);
  out.parquet.schema_hints = out.csv.schema_hints = out.json.schema_hints = hints;
  out.parquet.infer_schema = out.csv.infer_schema = out.json.infer_schema = infer;
  out.parquet.ignore_corrupt_files = Get<bool>(options, "ignore_corrupt_files").value_or(false);
  if (auto groups = Get<std::vector<std::vector<int>>>(options, "row_groups")) {
    out.parquet.row_groups = *groups;
  }
  out.csv.has_headers = Get<bool>(options, "has_headers").value_or(true);
  out.csv.delimiter = GetChar(options, "delimiter").value_or(',');
  out.csv.double_quote = Get<bool>(options, "double_quote").value_or(true);
  out.csv.quote = GetChar(options, "quote").value_or('"');
  out.csv.escape_char = GetChar(options, "escape_char");
  out.csv.allow_variable_columns = Get<bool>(options, "allow_variable_columns").value_or(false);
  return out;
}

arrow::Result<std::shared_ptr<FileFormat>> MakeFormat(const std::string& format,
                                                      std::vector<ListedFile> files,
                                                      const FormatOptions& options) {
  if (format == "parquet") return MakeParquetFormat(std::move(files), options.parquet);
  if (format == "csv") return MakeCsvFormat(std::move(files), options.csv);
  if (format == "json") return MakeJsonFormat(std::move(files), options.json);
  return arrow::Status::Invalid("unknown file format: ", format);
}

PyLogicalPlan ReadFiles(const std::string& format, const std::vector<std::string>& paths,
                        const nb::dict& options) {
  const IOConfig config = ParseIOConfig(options);
  const FormatOptions format_options = ParseFormatOptions(options);
  FileSourceInfo::Options source_options;
  source_options.hive_partitioning = Get<bool>(options, "hive_partitioning").value_or(false);
  source_options.file_path_column = Get<std::string>(options, "file_path_column");
  arrow::Result<LogicalPlanPtr> plan;
  {
    nb::gil_scoped_release release;  // listing and footers are I/O
    plan = [&]() -> arrow::Result<LogicalPlanPtr> {
      ARROW_ASSIGN_OR_RAISE(auto files, ListFiles(paths, config, /*allow_empty=*/false));
      ARROW_ASSIGN_OR_RAISE(auto file_format, MakeFormat(format, std::move(files), format_options));
      ARROW_ASSIGN_OR_RAISE(auto source,
                            FileSourceInfo::Make(std::move(file_format), source_options));
      return LogicalSource::Make(std::move(source));
    }();
  }
  return PyLogicalPlan{ValueOrThrow(std::move(plan))};
}

// (paths, sizes, row counts): row counts for Parquet files, None otherwise.
nb::tuple GlobFiles(const std::vector<std::string>& paths, const nb::dict& options) {
  const IOConfig config = ParseIOConfig(options);
  std::vector<ListedFile> files;
  std::vector<int64_t> rows;
  {
    nb::gil_scoped_release release;
    files = ValueOrThrow(ListFiles(paths, config, /*allow_empty=*/true));
    for (const auto& file : files) {
      const bool parquet = file.path.size() > 8 &&
                           file.path.compare(file.path.size() - 8, 8, ".parquet") == 0;
      auto count = parquet ? ParquetFileRows(file) : arrow::Result<int64_t>(-1);
      rows.push_back(count.ok() ? *count : -1);
    }
  }
  nb::list out_paths, out_sizes, out_rows;
  for (size_t i = 0; i < files.size(); ++i) {
    out_paths.append(files[i].path);
    out_sizes.append(files[i].size);
    out_rows.append(rows[i] < 0 ? nb::none() : nb::object(nb::int_(rows[i])));
  }
  return nb::make_tuple(out_paths, out_sizes, out_rows);
}

PyLogicalPlan WriteFiles(const PyLogicalPlan& input, const std::string& format,
                         const std::string& root, const nb::dict& options) {
  WriteSpec spec;
  spec.file.format = ValueOrThrow(ParseFileFormatKind(format));
  spec.root = root;
  spec.io = ParseIOConfig(options);
  spec.mode = ValueOrThrow(ParseWriteMode(Get<std::string>(options, "write_mode").value_or("append")));
  if (auto cols = Get<std::vector<std::string>>(options, "partition_cols")) spec.partition_cols = *cols;
  if (auto compression = Get<std::string>(options, "compression")) spec.file.compression = *compression;
  spec.file.header = Get<bool>(options, "header").value_or(true);
  spec.file.delimiter = GetChar(options, "delimiter").value_or(',');
  if (auto rows = Get<int64_t>(options, "max_rows_per_file")) spec.max_rows_per_file = *rows;
  return PyLogicalPlan{ValueOrThrow(LogicalWrite::Make(input.plan, std::move(spec)))};
}

// A scanner backed by a Python callable: opener(columns or None, limit or None) returns
// any object with __arrow_c_stream__ (pylance's scanner.to_reader()).
class PyExternalScanner final : public ExternalScanner {
 public:
  explicit PyExternalScanner(nb::object opener) : opener_(std::move(opener)) {}
  ~PyExternalScanner() override {
    // The last reference may go on an engine thread: Python objects need the GIL.
    if (!Py_IsInitialized()) {
      opener_.release();
      return;
    }
    nb::gil_scoped_acquire gil;
    opener_.reset();
  }

  arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> Open(
      const std::optional<std::vector<std::string>>& columns,
      std::optional<int64_t> limit) const override {
    nb::gil_scoped_acquire gil;
    try {
      nb::object cols = columns ? nb::cast(*columns) : nb::none();
      nb::object lim = limit ? nb::cast(*limit) : nb::none();
      nb::object stream = opener_(cols, lim);
      return ImportStream(stream);
    } catch (const nb::python_error& error) {
      return arrow::Status::IOError("Opening the external scan failed: ", error.what());
    }
  }

 private:
  nb::object opener_;
};

PyLogicalPlan FromExternal(const std::string& format, const std::string& location,
                           nb::handle schema, int64_t num_rows, nb::object opener) {
  auto info = std::make_shared<ExternalSourceInfo>(
      format, location, ImportSchema(schema), num_rows,
      std::make_shared<PyExternalScanner>(std::move(opener)));
  return PyLogicalPlan{ValueOrThrow(LogicalSource::Make(std::move(info)))};
}

}  // namespace

void BindIO(nb::module_& m) {
  m.def("from_external", &FromExternal, nb::arg("format"), nb::arg("location"),
        nb::arg("schema"), nb::arg("num_rows"), nb::arg("opener"),
        "A plan over a table another library scans: opener(columns, limit) -> Arrow stream.");
  m.def("write_files", &WriteFiles, nb::arg("plan"), nb::arg("format"), nb::arg("root"),
        nb::arg("options"), "A plan that writes `plan` into files under `root`.");
  m.def("read_files", &ReadFiles, nb::arg("format"), nb::arg("paths"), nb::arg("options"),
        "A plan that scans files of one format (lists them and reads metadata now).");
  m.def("glob_files", &GlobFiles, nb::arg("paths"), nb::arg("options"));
  m.def("finalize_s3", [] {
    if (arrow::fs::IsS3Initialized() && !arrow::fs::IsS3Finalized()) {
      ThrowIfError(arrow::fs::FinalizeS3());
    }
  });
}

}  // namespace skipjack::python
