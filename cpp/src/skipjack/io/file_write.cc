#include "skipjack/io/file_write.h"

#include <atomic>
#include <map>
#include <random>
#include <set>

#include <arrow/array/util.h>
#include <arrow/builder.h>
#include <arrow/compute/api.h>
#include <arrow/filesystem/filesystem.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>

#include "skipjack/exec/key_grouper.h"
#include "skipjack/io/hive_partitioning.h"
#include "skipjack/types/display_name.h"

namespace skipjack {
namespace {

std::string RandomId() {
  std::random_device device;
  std::mt19937_64 rng((static_cast<uint64_t>(device()) << 32) ^ device());
  static const char* kHex = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 16; ++i) id.push_back(kHex[rng() & 15]);
  return id;
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

// "year=2024/kind=a" for one row of the partition columns.
std::string PartitionDir(const std::vector<std::string>& names,
                         const std::vector<std::shared_ptr<arrow::Scalar>>& values) {
  std::string dir;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) dir.push_back('/');
    dir.append(EscapeHiveValue(names[i]));
    dir.push_back('=');
    dir.append(values[i]->is_valid ? EscapeHiveValue(values[i]->ToString()) : kHiveNullValue);
  }
  return dir;
}

struct WrittenFile {
  std::string temp_path;   // in-filesystem
  std::string final_path;  // in-filesystem
  std::string partition_dir;
  std::vector<std::shared_ptr<arrow::Scalar>> partition_values;
};

struct OpenFile {
  WrittenFile file;
  std::unique_ptr<FileWriter> writer;
};

// One worker's files. Until the write commits, they exist only under temporary names;
// a state destroyed uncommitted (an error, a cancel) deletes them.
class WriteState final : public OperatorState {
 public:
  WriteState(std::shared_ptr<arrow::fs::FileSystem> fs, int worker)
      : fs_(std::move(fs)), worker_(worker) {}

  ~WriteState() override {
    if (committed_) return;
    for (auto& [dir, open] : open_) {
      (void)open.writer->Close();
      (void)fs_->DeleteFile(open.file.temp_path);
    }
    for (const auto& file : closed_) (void)fs_->DeleteFile(file.temp_path);
  }

  std::shared_ptr<arrow::fs::FileSystem> fs_;
  int worker_;
  int next_file_ = 0;
  std::map<std::string, OpenFile> open_;  // by partition directory
  std::vector<WrittenFile> closed_;
  bool committed_ = false;
};

// Hands out the one result batch.
class OneBatchReader final : public MorselReader {
 public:
  explicit OneBatchReader(std::shared_ptr<arrow::RecordBatch> batch) : batch_(std::move(batch)) {}
  arrow::Result<std::optional<Item>> Next(const TaskContext&) override {
    if (!batch_) return std::nullopt;
    return Item{0, MakeMorsel(std::move(batch_))};
  }

 private:
  std::shared_ptr<arrow::RecordBatch> batch_;
};

}  // namespace

arrow::Result<WriteMode> ParseWriteMode(const std::string& name) {
  if (name == "append") return WriteMode::kAppend;
  if (name == "overwrite") return WriteMode::kOverwrite;
  if (name == "overwrite-partitions") return WriteMode::kOverwritePartitions;
  return arrow::Status::Invalid("Unknown write mode '", name,
                                "'; expected append, overwrite or overwrite-partitions");
}

arrow::Result<std::shared_ptr<arrow::Schema>> PhysicalFileWrite::ResultSchema(
    const arrow::Schema& input, const WriteSpec& spec) {
  arrow::FieldVector fields = {arrow::field("path", arrow::large_utf8())};
  for (const auto& name : spec.partition_cols) {
    auto field = input.GetFieldByName(name);
    if (!field) {
      return arrow::Status::KeyError("Partition column '", name, "' is not a column of the data (",
                                     SchemaToPlanString(input), ")");
    }
    fields.push_back(field->WithNullable(true));
  }
  return arrow::schema(std::move(fields));
}

PhysicalFileWrite::PhysicalFileWrite(PhysicalOperatorPtr input,
                                     std::shared_ptr<arrow::Schema> output_schema, WriteSpec spec,
                                     FileLocation root, std::vector<int> partition_indices,
                                     std::vector<int> data_indices)
    : BlockingSinkOperator({std::move(input)}, std::move(output_schema)),
      spec_(std::move(spec)),
      root_(std::move(root)),
      partition_indices_(std::move(partition_indices)),
      data_indices_(std::move(data_indices)),
      query_id_(RandomId()) {
  arrow::FieldVector fields;
  for (int i : data_indices_) fields.push_back(children()[0]->output_schema()->field(i));
  data_schema_ = arrow::schema(std::move(fields));
}

arrow::Result<std::shared_ptr<PhysicalFileWrite>> PhysicalFileWrite::Make(PhysicalOperatorPtr input,
                                                                          WriteSpec spec) {
  const auto& schema = *input->output_schema();
  ARROW_ASSIGN_OR_RAISE(auto output, ResultSchema(schema, spec));
  ARROW_ASSIGN_OR_RAISE(auto root, ResolvePath(spec.root, spec.io));
  std::vector<int> partition_indices, data_indices;
  std::set<int> partitioned;
  for (const auto& name : spec.partition_cols) {
    partition_indices.push_back(schema.GetFieldIndex(name));
    partitioned.insert(partition_indices.back());
  }
  for (int i = 0; i < schema.num_fields(); ++i) {
    if (!partitioned.count(i)) data_indices.push_back(i);
  }
  if (data_indices.empty()) {
    return arrow::Status::Invalid("Every column is a partition column: nothing to write in files");
  }
  return std::make_shared<PhysicalFileWrite>(std::move(input), std::move(output), std::move(spec),
                                             std::move(root), std::move(partition_indices),
                                             std::move(data_indices));
}

std::string PhysicalFileWrite::name() const {
  switch (spec_.file.format) {
    case FileFormatKind::kParquet:
      return "Parquet Write";
    case FileFormatKind::kCsv:
      return "CSV Write";
    case FileFormatKind::kJson:
      return "JSON Write";
  }
  return "Write";
}

std::vector<std::string> PhysicalFileWrite::Details() const {
  std::vector<std::string> lines = {"Root dir = " + spec_.root};
  if (!spec_.partition_cols.empty()) {
    std::string names;
    for (const auto& name : spec_.partition_cols) names += (names.empty() ? "" : ", ") + name;
    lines.push_back("Partition by = " + names);
  }
  static const char* kModes[] = {"append", "overwrite", "overwrite-partitions"};
  lines.push_back(std::string("Write mode = ") + kModes[static_cast<int>(spec_.mode)]);
  return lines;
}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalFileWrite::MakeState(
    const TaskContext&) const {
  static std::atomic<int> workers{0};
  return std::make_unique<WriteState>(root_.filesystem, workers.fetch_add(1));
}

arrow::Status PhysicalFileWrite::Sink(Morsel input, OperatorState* raw_state,
                                      const TaskContext& ctx) const {
  auto* state = static_cast<WriteState*>(raw_state);
  const auto& batch = input.batch;
  if (batch->num_rows() == 0) return arrow::Status::OK();
  ARROW_ASSIGN_OR_RAISE(auto data, batch->SelectColumns(data_indices_));

  auto write = [&](const std::string& dir, std::vector<std::shared_ptr<arrow::Scalar>> values,
                   const arrow::RecordBatch& rows) -> arrow::Status {
    auto it = state->open_.find(dir);
    if (it == state->open_.end()) {
      const std::string directory = JoinPath(root_.path, dir);
      ARROW_RETURN_NOT_OK(root_.filesystem->CreateDir(directory, /*recursive=*/true));
      const std::string name = query_id_ + "-" + std::to_string(state->worker_) + "-" +
                               std::to_string(state->next_file_++) + "." +
                               FileExtension(spec_.file.format);
      OpenFile open;
      open.file.final_path = JoinPath(directory, name);
      // Hidden while in progress: readers skip names starting with '.'.
      open.file.temp_path = JoinPath(directory, "." + name + ".inprogress");
      open.file.partition_dir = dir;
      open.file.partition_values = std::move(values);
      ARROW_ASSIGN_OR_RAISE(auto stream, root_.filesystem->OpenOutputStream(open.file.temp_path));
      ARROW_ASSIGN_OR_RAISE(open.writer, MakeFileWriter(stream, data_schema_, spec_.file));
      it = state->open_.emplace(dir, std::move(open)).first;
    }
    ARROW_RETURN_NOT_OK(it->second.writer->Write(rows));
    if (it->second.writer->rows_written() >= spec_.max_rows_per_file) {
      ARROW_RETURN_NOT_OK(it->second.writer->Close());
      state->closed_.push_back(std::move(it->second.file));
      state->open_.erase(it);
    }
    return arrow::Status::OK();
  };

  if (partition_indices_.empty()) return write("", {}, *data);

  // Split the rows by their partition values.
  std::vector<std::shared_ptr<arrow::DataType>> key_types;
  std::vector<std::shared_ptr<arrow::Array>> keys;
  for (int i : partition_indices_) {
    key_types.push_back(batch->column(i)->type());
    keys.push_back(batch->column(i));
  }
  ARROW_ASSIGN_OR_RAISE(auto grouper, KeyGrouper::Make(key_types, ctx.exec));
  ARROW_ASSIGN_OR_RAISE(auto ids, grouper->Consume(keys, batch->num_rows()));
  ARROW_ASSIGN_OR_RAISE(auto uniques, grouper->Uniques());
  std::vector<std::vector<int64_t>> rows_of(grouper->num_groups());
  for (int64_t i = 0; i < batch->num_rows(); ++i) rows_of[ids->Value(i)].push_back(i);
  for (uint32_t g = 0; g < grouper->num_groups(); ++g) {
    std::vector<std::shared_ptr<arrow::Scalar>> values;
    for (const auto& column : uniques) {
      ARROW_ASSIGN_OR_RAISE(auto value, column->GetScalar(g));
      values.push_back(std::move(value));
    }
    arrow::Int64Array indices(static_cast<int64_t>(rows_of[g].size()),
                              arrow::Buffer::Wrap(rows_of[g]));
    ARROW_ASSIGN_OR_RAISE(auto rows, arrow::compute::Take(data, indices,
                                                          arrow::compute::TakeOptions(), ctx.exec));
    const std::string dir = PartitionDir(spec_.partition_cols, values);
    ARROW_RETURN_NOT_OK(write(dir, std::move(values), *rows.record_batch()));
  }
  return arrow::Status::OK();
}

arrow::Result<std::unique_ptr<MorselReader>> PhysicalFileWrite::Finalize(
    std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx,
    const MorselSize&) const {
  auto& fs = *root_.filesystem;
  std::vector<WriteState*> writers;
  for (auto& state : states) writers.push_back(static_cast<WriteState*>(state.get()));
  bool any_file = false;
  for (auto* state : writers) any_file = any_file || !state->open_.empty() || !state->closed_.empty();
  if (!any_file && partition_indices_.empty()) {
    // No rows at all: one empty file keeps the schema for readers.
    if (writers.empty()) {
      ARROW_ASSIGN_OR_RAISE(auto state, MakeState(ctx));
      states.push_back(std::move(state));
      writers.push_back(static_cast<WriteState*>(states.back().get()));
    }
    ARROW_RETURN_NOT_OK(fs.CreateDir(root_.path, /*recursive=*/true));
    WrittenFile file;
    const std::string name = query_id_ + "-0." + FileExtension(spec_.file.format);
    file.final_path = JoinPath(root_.path, name);
    file.temp_path = JoinPath(root_.path, "." + name + ".inprogress");
    ARROW_ASSIGN_OR_RAISE(auto stream, fs.OpenOutputStream(file.temp_path));
    ARROW_ASSIGN_OR_RAISE(auto writer, MakeFileWriter(stream, data_schema_, spec_.file));
    ARROW_RETURN_NOT_OK(writer->Close());
    writers[0]->closed_.push_back(std::move(file));
  }
  // Finish every file, then publish them all under their final names.
  std::vector<WrittenFile> files;
  for (auto* state : writers) {
    for (auto& [dir, open] : state->open_) {
      ARROW_RETURN_NOT_OK(open.writer->Close());
      state->closed_.push_back(std::move(open.file));
    }
    state->open_.clear();
    for (const auto& file : state->closed_) files.push_back(file);
  }
  std::vector<std::string> published;
  for (const auto& file : files) {
    auto moved = fs.Move(file.temp_path, file.final_path);
    if (!moved.ok()) {
      for (const auto& path : published) (void)fs.DeleteFile(path);
      return moved.WithMessage("Writing '", DisplayPath(root_, file.final_path),
                               "' failed: ", moved.message());
    }
    published.push_back(file.final_path);
  }
  for (auto* state : writers) state->committed_ = true;

  if (spec_.mode != WriteMode::kAppend) {
    std::set<std::string> ours(published.begin(), published.end());
    std::set<std::string> our_dirs;
    for (const auto& file : files) our_dirs.insert(JoinPath(root_.path, file.partition_dir));
    arrow::fs::FileSelector selector;
    selector.base_dir = root_.path;
    selector.recursive = true;
    ARROW_ASSIGN_OR_RAISE(auto existing, fs.GetFileInfo(selector));
    for (const auto& info : existing) {
      if (!info.IsFile() || ours.count(info.path())) continue;
      const std::string& name = info.base_name();
      if (!name.empty() && (name[0] == '.' || name[0] == '_')) continue;
      if (spec_.mode == WriteMode::kOverwritePartitions) {
        const std::string dir = info.path().substr(0, info.path().rfind('/'));
        if (!our_dirs.count(dir)) continue;
      }
      ARROW_RETURN_NOT_OK(fs.DeleteFile(info.path()));
    }
  }

  // One row per file: its path and partition values.
  arrow::LargeStringBuilder paths;
  std::vector<std::unique_ptr<arrow::ArrayBuilder>> partition_builders;
  for (size_t p = 0; p < partition_indices_.size(); ++p) {
    std::unique_ptr<arrow::ArrayBuilder> builder;
    ARROW_RETURN_NOT_OK(arrow::MakeBuilder(ctx.exec->memory_pool(),
                                           output_schema()->field(static_cast<int>(p + 1))->type(),
                                           &builder));
    partition_builders.push_back(std::move(builder));
  }
  for (const auto& file : files) {
    ARROW_RETURN_NOT_OK(paths.Append(DisplayPath(root_, file.final_path)));
    for (size_t p = 0; p < partition_builders.size(); ++p) {
      ARROW_RETURN_NOT_OK(partition_builders[p]->AppendScalar(*file.partition_values[p]));
    }
  }
  std::vector<std::shared_ptr<arrow::Array>> columns;
  ARROW_ASSIGN_OR_RAISE(auto path_array, paths.Finish());
  columns.push_back(std::move(path_array));
  for (auto& builder : partition_builders) {
    ARROW_ASSIGN_OR_RAISE(auto array, builder->Finish());
    columns.push_back(std::move(array));
  }
  const auto num_files = static_cast<int64_t>(files.size());
  return std::make_unique<OneBatchReader>(
      arrow::RecordBatch::Make(output_schema(), num_files, std::move(columns)));
}

}  // namespace skipjack
