#include "skipjack/io/file_source_info.h"

#include <arrow/type.h>

#include "skipjack/types/display_name.h"

namespace skipjack {

FileSourceInfo::FileSourceInfo(std::shared_ptr<FileFormat> format, HivePartitions partitions,
                               std::optional<std::string> file_path_column,
                               std::shared_ptr<arrow::Schema> schema)
    : format_(std::move(format)),
      partitions_(std::move(partitions)),
      file_path_column_(std::move(file_path_column)),
      schema_(std::move(schema)) {
  for (size_t f = 0; f < format_->files().size(); ++f) {
    const int64_t rows = format_->FileRows(static_cast<int>(f));
    num_rows_ = (rows < 0 || num_rows_ < 0) ? -1 : num_rows_ + rows;
  }
}

arrow::Result<std::shared_ptr<FileSourceInfo>> FileSourceInfo::Make(
    std::shared_ptr<FileFormat> format, const Options& options) {
  HivePartitions partitions;
  if (options.hive_partitioning) {
    ARROW_ASSIGN_OR_RAISE(partitions, InferHivePartitions(format->files()));
  } else {
    partitions.values.resize(format->files().size());
  }
  arrow::FieldVector fields = format->schema()->fields();
  auto add = [&](std::shared_ptr<arrow::Field> field) -> arrow::Status {
    for (const auto& existing : fields) {
      if (existing->name() == field->name()) {
        return arrow::Status::Invalid("Column '", field->name(),
                                      "' is both in the files and a ",
                                      "partition or file path column");
      }
    }
    fields.push_back(std::move(field));
    return arrow::Status::OK();
  };
  for (const auto& field : partitions.fields) ARROW_RETURN_NOT_OK(add(field));
  if (options.file_path_column) {
    ARROW_RETURN_NOT_OK(add(arrow::field(*options.file_path_column, arrow::large_utf8())));
  }
  return std::make_shared<FileSourceInfo>(std::move(format), std::move(partitions),
                                          options.file_path_column,
                                          arrow::schema(std::move(fields)));
}

std::vector<std::string> FileSourceInfo::DisplayLines() const {
  const auto& files = format_->files();
  std::vector<std::string> lines = {format_->name() + " files = " + std::to_string(files.size())};
  if (!files.empty()) {
    lines.push_back("First file = " + files[0].path);
  }
  lines.push_back("Output schema = " + SchemaToPlanString(*schema_));
  if (num_rows_ >= 0) lines.push_back("Num rows = " + std::to_string(num_rows_));
  return lines;
}

}  // namespace skipjack
