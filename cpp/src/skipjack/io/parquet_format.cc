#include "skipjack/io/parquet_format.h"

#include <algorithm>
#include <cstring>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include <arrow/filesystem/filesystem.h>
#include <arrow/io/interfaces.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <arrow/type.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/schema.h>
#include <parquet/column_reader.h>
#include <parquet/exception.h>
#include <parquet/file_reader.h>
#include <parquet/metadata.h>
#include <parquet/statistics.h>

#include "skipjack/io/parquet_footer_cache.h"
#include "skipjack/io/parquet_selective_reader.h"
#include "skipjack/io/parquet_snappy_file.h"
#include "skipjack/io/statistics_pruning.h"
#include "skipjack/types/kernel_type.h"

namespace skipjack {
namespace {

// Row groups are grouped into units of about this many decoded bytes (all columns); a
// unit smaller than kSmallUnitBytes at the end of a file continues into the next file.
// A unit is read by one task at a time, so the last one read idles the other workers:
// at 64 MB, TPC-H's lineitem made 6 units and q13's orders 3, and queries ran 5-10%
// slower than at 16 MB.
constexpr int64_t kUnitBytes = 16 << 20;
constexpr int64_t kSmallUnitBytes = 16 << 20;
// A small table's units shrink down to single row groups so it is still read by this
// many tasks (q20's part table made one unit of two row groups: one core read it while
// the other waited).
constexpr int64_t kMinUnits = 8;
// ...but no unit is cut below this: a task per smaller piece costs more than it saves.
constexpr int64_t kMinUnitBytes = 1 << 20;
// String columns are read dictionary-encoded only when each dictionary page is at most
// this big (and small next to its column chunk).
constexpr int64_t kMaxDictionaryBytes = 64 << 10;
// Files opened at once while reading footers.
constexpr size_t kFooterParallelism = 16;

template <typename Body>
arrow::Status CatchParquet(const std::string& path, Body body) {
  try {
    return body();
  } catch (const std::exception& error) {
    return arrow::Status::IOError("Cannot read Parquet file '", path, "': ", error.what());
  }
}

// The serialized metadata at the end of a Parquet file (before its 4-byte length and
// "PAR1"), or nothing when the file is too short or the length is out of range (the
// reader then reports what is wrong).
std::optional<std::string> FooterBytes(arrow::io::RandomAccessFile& input) {
  auto size = input.GetSize();
  if (!size.ok() || *size < 12) return std::nullopt;
  auto tail = input.ReadAt(*size - 8, 8);
  if (!tail.ok() || (*tail)->size() != 8 || std::memcmp((*tail)->data() + 4, "PAR1", 4) != 0) {
    return std::nullopt;
  }
  uint32_t length = 0;
  std::memcpy(&length, (*tail)->data(), 4);
  if (length > static_cast<uint64_t>(*size) - 12) return std::nullopt;
  auto bytes = input.ReadAt(*size - 8 - length, length);
  if (!bytes.ok() || (*bytes)->size() != length) return std::nullopt;
  return (*bytes)->ToString();
}

arrow::Result<std::shared_ptr<parquet::FileMetaData>> ReadFooter(const ListedFile& file) {
  std::shared_ptr<parquet::FileMetaData> metadata;
  ARROW_RETURN_NOT_OK(CatchParquet(file.path, [&]() -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto input, file.location.filesystem->OpenInputFile(file.location.path));
    // Local files: the footer parsed before, if its bytes are the same.
    std::optional<std::string> bytes;
    if (file.location.scheme == "file") bytes = FooterBytes(*input);
    if (bytes) metadata = LookUpFooter(file.location.path, *bytes);
    if (metadata) return arrow::Status::OK();
    auto reader = parquet::ParquetFileReader::Open(input);
    metadata = reader->metadata();
    if (bytes) RememberFooter(file.location.path, std::move(*bytes), metadata);
    return arrow::Status::OK();
  }));
  return metadata;
}

parquet::ArrowReaderProperties ReaderProperties(int64_t batch_rows, bool remote) {
  parquet::ArrowReaderProperties properties;
  properties.set_use_threads(false);  // our scan tasks are the parallelism
  properties.set_batch_size(batch_rows);
  properties.set_pre_buffer(remote);  // coalesce small ranged reads on object stores
  return properties;
}

// Properties for reading batches: small decimals come in their stored width (see
// ConformToSchema), which is several times cheaper than Arrow's decimal128 conversion.
parquet::ArrowReaderProperties BatchReaderProperties(int64_t batch_rows, bool remote) {
  auto properties = ReaderProperties(batch_rows, remote);
  properties.set_smallest_decimal_enabled(true);
  return properties;
}

// The arrow schema of a file as its reader presents it.
arrow::Result<std::shared_ptr<arrow::Schema>> FileArrowSchema(const parquet::FileMetaData& metadata,
                                                              const std::string& path) {
  std::shared_ptr<arrow::Schema> schema;
  ARROW_RETURN_NOT_OK(CatchParquet(path, [&]() -> arrow::Status {
    return parquet::arrow::FromParquetSchema(metadata.schema(), ReaderProperties(1024, false),
                                             metadata.key_value_metadata(), &schema);
  }));
  return schema;
}

void CollectLeaves(const parquet::arrow::SchemaField& field, std::vector<int>* leaves) {
  if (field.is_leaf()) {
    leaves->push_back(field.column_index);
    return;
  }
  for (const auto& child : field.children) CollectLeaves(child, leaves);
}

// Reads the chosen row groups of one file, one row group at a time, conformed to the
// wanted columns. Each row group is cut into equal batches of at most `batch_rows`: a
// batch never spans two row groups, which would make Arrow concatenate them.
class ParquetPieceStream final : public BatchStream {
 public:
  ParquetPieceStream(std::unique_ptr<parquet::arrow::FileReader> reader,
                     std::vector<int> row_groups, std::vector<int> leaves, int64_t batch_rows,
                     std::shared_ptr<arrow::Schema> wanted, std::string path,
                     arrow::MemoryPool* pool, std::set<std::string> dictionary_columns,
                     std::set<std::string> deferrable_columns,
                     std::function<bool()> still_deferring,
                     std::function<std::set<std::string>()> deferrable_later,
                     bool decode_whole)
      : reader_(std::move(reader)),
        row_groups_(std::move(row_groups)),
        leaves_(std::move(leaves)),
        batch_rows_(std::max<int64_t>(1, batch_rows)),
        wanted_(std::move(wanted)),
        path_(std::move(path)),
        pool_(pool),
        dictionary_columns_(std::move(dictionary_columns)),
        deferrable_columns_(std::move(deferrable_columns)),
        still_deferring_(std::move(still_deferring)),
        deferrable_later_(std::move(deferrable_later)),
        decode_whole_(decode_whole) {
    // Where each row group starts in the file, for error messages that name rows.
    const auto metadata = reader_->parquet_reader()->metadata();
    group_starts_.push_back(0);
    for (int g = 0; g < metadata->num_row_groups(); ++g) {
      group_starts_.push_back(group_starts_.back() + metadata->RowGroup(g)->num_rows());
    }
  }

  arrow::Result<std::shared_ptr<arrow::RecordBatch>> Next() override {
    std::shared_ptr<arrow::RecordBatch> batch;
    ARROW_RETURN_NOT_OK(CatchParquet(path_, [&]() -> arrow::Status {
      while (true) {
        if (!batches_) {
          if (next_group_ >= row_groups_.size()) return arrow::Status::OK();
          ARROW_RETURN_NOT_OK(OpenRowGroup(row_groups_[next_group_++]));
        }
        auto status = batches_->ReadNext(&batch);
        if (!status.ok()) {
          return arrow::Status::IOError("Cannot read Parquet file '", path_, "': ",
                                        status.message());
        }
        if (batch) {
          batch_start_ = next_row_;
          next_row_ += batch->num_rows();
          return arrow::Status::OK();
        }
        batches_.reset();
      }
    }));
    if (!batch) return batch;
    const auto* keep_dictionary = dictionary_columns_.empty() ? nullptr : &dictionary_columns_;
    if (deferred_.empty() && decoded_.empty()) {
      return ConformToSchema(batch, wanted_, path_, pool_, keep_dictionary);
    }
    if (read_by_arrow_->num_fields() > 0) {
      ARROW_ASSIGN_OR_RAISE(batch, ConformToSchema(batch, read_by_arrow_, path_, pool_, keep_dictionary));
    }
    // Null placeholders where columns are deferred (see ReadKept); our decoding of the
    // columns Arrow leaves to us.
    arrow::FieldVector fields;
    arrow::ArrayVector columns;
    for (int c = 0, read = 0; c < wanted_->num_fields(); ++c) {
      const auto decoded = std::find(decoded_.begin(), decoded_.end(), c);
      if (std::find(deferred_.begin(), deferred_.end(), c) != deferred_.end()) {
        fields.push_back(wanted_->field(c)->WithType(arrow::null()));
        columns.push_back(std::make_shared<arrow::NullArray>(batch->num_rows()));
      } else if (decoded != decoded_.end()) {
        auto& reader = decoders_[decoded - decoded_.begin()];
        std::shared_ptr<arrow::Array> values;
        ARROW_RETURN_NOT_OK(CatchParquet(path_, [&]() -> arrow::Status {
          ARROW_ASSIGN_OR_RAISE(values, reader->ReadNext(batch->num_rows()));
          return arrow::Status::OK();
        }));
        fields.push_back(wanted_->field(c));
        columns.push_back(std::move(values));
      } else {
        fields.push_back(batch->schema()->field(read));
        columns.push_back(batch->column(read++));
      }
    }
    return arrow::RecordBatch::Make(arrow::schema(std::move(fields)), batch->num_rows(),
                                    std::move(columns));
  }

  std::vector<int> DeferredColumns() const override { return deferred_; }

  arrow::Result<arrow::ArrayVector> ReadKept(const std::vector<int>& columns,
                                             const std::vector<int64_t>& kept) override {
    std::vector<int64_t> rows(kept.size());
    const int64_t offset = batch_start_ - group_starts_[current_group_];
    for (size_t i = 0; i < kept.size(); ++i) rows[i] = offset + kept[i];
    arrow::ArrayVector out;
    ARROW_RETURN_NOT_OK(CatchParquet(path_, [&]() -> arrow::Status {
      for (int column : columns) {
        const auto found = std::find(deferred_.begin(), deferred_.end(), column);
        if (found == deferred_.end()) {
          return arrow::Status::Invalid("internal: column ", column, " is not deferred");
        }
        auto& reader = selective_[found - deferred_.begin()];
        ARROW_ASSIGN_OR_RAISE(auto values, reader->Read(rows.data(), static_cast<int64_t>(rows.size())));
        out.push_back(std::move(values));
      }
      return arrow::Status::OK();
    }));
    return out;
  }

  int64_t BatchStartRow() const override { return batch_start_; }

 private:
  arrow::Status OpenRowGroup(int group) {
    current_group_ = group;
    next_row_ = group_starts_[group];
    const int64_t rows = group_starts_[group + 1] - group_starts_[group];
    const int64_t pieces = std::max<int64_t>(1, (rows + batch_rows_ - 1) / batch_rows_);
    const int64_t size = std::max<int64_t>(1, (rows + pieces - 1) / pieces);
    std::vector<int> arrow_leaves = leaves_.empty() ? leaves_ : PlanColumns(group);
    if (arrow_leaves.empty()) {
      // Nothing for Arrow to read (only partition columns, a count, or columns we decode
      // ourselves): batches of rows only.
      arrow::RecordBatchVector batches;
      auto empty = arrow::schema({});
      for (int64_t left = rows; left > 0; left -= size) {
        batches.push_back(arrow::RecordBatch::Make(empty, std::min(left, size), arrow::ArrayVector{}));
      }
      ARROW_ASSIGN_OR_RAISE(batches_, arrow::RecordBatchReader::Make(std::move(batches), empty));
      return arrow::Status::OK();
    }
    reader_->set_batch_size(size);
    ARROW_ASSIGN_OR_RAISE(batches_, reader_->GetRecordBatchReader({group}, arrow_leaves));
    return arrow::Status::OK();
  }

  // The leaves Arrow reads from row group `group`. Of the columns SelectiveColumnReader
  // can read there, the deferrable ones are deferred (read at the kept rows) and the
  // others decoded whole by it, but for strings Arrow reads dictionary-encoded; each
  // gets a reader.
  std::vector<int> PlanColumns(int group) {
    deferred_.clear();
    selective_.clear();
    decoded_.clear();
    decoders_.clear();
    std::set<std::string> deferrable = deferrable_columns_;
    if (deferrable_later_) deferrable.merge(deferrable_later_());
    if (still_deferring_ && !still_deferring_()) deferrable.clear();
    if (deferrable.empty() && !decode_whole_) return leaves_;
    auto metadata = reader_->parquet_reader()->metadata();
    auto row_group = metadata->RowGroup(group);
    std::vector<int> arrow_leaves = leaves_;
    std::vector<int> deferred_leaves, decoded_leaves;
    arrow::FieldVector read_by_arrow;
    for (int c = 0; c < wanted_->num_fields(); ++c) {
      const auto& field = wanted_->field(c);
      const int leaf = metadata->schema()->ColumnIndex(field->name());
      auto found = std::find(arrow_leaves.begin(), arrow_leaves.end(), leaf);
      const bool readable =
          leaf >= 0 && found != arrow_leaves.end() &&
          SelectiveColumnReader::CanRead(*metadata->schema()->Column(leaf),
                                         *row_group->ColumnChunk(leaf), *field->type());
      if (readable && deferrable.count(field->name())) {
        deferred_.push_back(c);
        deferred_leaves.push_back(leaf);
      } else if (readable && decode_whole_ && !dictionary_columns_.count(field->name())) {
        decoded_.push_back(c);
        decoded_leaves.push_back(leaf);
      } else {
        read_by_arrow.push_back(field);
        continue;
      }
      arrow_leaves.erase(found);
    }
    // Batches that are all deferred columns would have no rows to keep: read them whole.
    if (arrow_leaves.empty() && decoded_.empty() && !deferred_.empty()) {
      deferred_.clear();
      return leaves_;
    }
    read_by_arrow_ = arrow::schema(std::move(read_by_arrow));
    auto row_group_reader = reader_->parquet_reader()->RowGroup(group);
    auto reader_of = [&](int leaf, int c) {
      return std::make_unique<SelectiveColumnReader>(row_group_reader->GetColumnPageReader(leaf),
                                                     metadata->schema()->Column(leaf),
                                                     wanted_->field(c)->type(), pool_);
    };
    for (size_t d = 0; d < deferred_.size(); ++d) {
      selective_.push_back(reader_of(deferred_leaves[d], deferred_[d]));
    }
    for (size_t d = 0; d < decoded_.size(); ++d) {
      decoders_.push_back(reader_of(decoded_leaves[d], decoded_[d]));
    }
    return arrow_leaves;
  }

  std::unique_ptr<parquet::arrow::FileReader> reader_;  // must outlive batches_
  std::vector<int> row_groups_;
  std::vector<int> leaves_;
  int64_t batch_rows_;
  std::shared_ptr<arrow::Schema> wanted_;
  std::string path_;
  arrow::MemoryPool* pool_;
  std::set<std::string> dictionary_columns_;  // read dictionary-encoded
  std::set<std::string> deferrable_columns_;  // may be read for the kept rows only
  std::function<bool()> still_deferring_;     // asked per row group
  std::function<std::set<std::string>()> deferrable_later_;  // asked per row group
  bool decode_whole_;  // whole columns by SelectiveColumnReader where it can, not Arrow
  // Of the current row group: the wanted columns read for the kept rows only, their
  // readers, and the columns Arrow reads.
  std::vector<int> deferred_;
  std::vector<std::unique_ptr<SelectiveColumnReader>> selective_;
  std::vector<int> decoded_;  // wanted columns we decode whole, and their readers
  std::vector<std::unique_ptr<SelectiveColumnReader>> decoders_;
  std::shared_ptr<arrow::Schema> read_by_arrow_;
  int current_group_ = 0;
  size_t next_group_ = 0;
  std::shared_ptr<arrow::RecordBatchReader> batches_;
  std::vector<int64_t> group_starts_;  // per row group, plus the file's row count
  int64_t next_row_ = 0;     // in the file, of the row group's next batch
  int64_t batch_start_ = -1;  // in the file, of the last batch's first row
};

class ParquetFormat final : public FileFormat {
 public:
  ParquetFormat(std::vector<ListedFile> files, std::shared_ptr<arrow::Schema> schema,
                std::vector<std::shared_ptr<parquet::FileMetaData>> footers,
                std::vector<std::vector<int>> row_groups)
      : FileFormat(std::move(files), std::move(schema)),
        footers_(std::move(footers)),
        row_groups_(std::move(row_groups)) {}

  std::string name() const override { return "Parquet"; }

  int64_t FileRows(int file) const override { return footers_[file]->num_rows(); }

  std::optional<ValueBounds> Bounds(const std::string& column) const override {
    std::lock_guard<std::mutex> lock(bounds_mu_);
    auto cached = bounds_.find(column);
    if (cached != bounds_.end()) return cached->second;
    auto bounds = ComputeBounds(column);
    bounds_[column] = bounds;
    return bounds;
  }

  arrow::Result<std::vector<ScanUnit>> PlanUnits(const std::vector<int>& files,
                                                 const ExprPtr& filter) const override {
    // The row groups the statistics leave, in order.
    struct KeptGroup {
      int file;
      int row_group;
      int64_t rows;
      int64_t bytes;  // decoded, all columns
    };
    std::vector<KeptGroup> kept;
    int64_t kept_bytes = 0;
    for (int file : files) {
      const auto& footer = *footers_[file];
      ARROW_ASSIGN_OR_RAISE(auto file_schema, FileArrowSchema(footer, files_[file].path));
      std::vector<int> chosen = static_cast<size_t>(file) < row_groups_.size()
                                    ? row_groups_[file]
                                    : std::vector<int>{};
      if (chosen.empty()) {
        for (int g = 0; g < footer.num_row_groups(); ++g) chosen.push_back(g);
      }
      for (int g : chosen) {
        if (g < 0 || g >= footer.num_row_groups()) {
          return arrow::Status::IndexError("Parquet file '", files_[file].path, "' has ",
                                           footer.num_row_groups(), " row groups; row group ", g,
                                           " does not exist");
        }
        auto row_group = footer.RowGroup(g);
        if (filter && !MayMatch(filter, StatisticsOf(*row_group, *file_schema))) continue;
        kept.push_back({file, g, row_group->num_rows(), row_group->total_byte_size()});
        kept_bytes += row_group->total_byte_size();
      }
    }
    // A unit closes at about kUnitBytes of decoded data, or less for a small table, so
    // that it still makes kMinUnits tasks when it has the row groups; a unit left small
    // at the end of a file takes the next file's row groups too, so many small files
    // read as a few tasks.
    const int64_t unit_target = std::clamp<int64_t>(kept_bytes / kMinUnits, kMinUnitBytes, kUnitBytes);
    const int64_t small_unit = std::min(kSmallUnitBytes, unit_target);
    std::vector<ScanUnit> units;
    ScanUnit unit;
    int64_t unit_bytes = 0;
    int piece_file = -1;  // the file of the unit's last piece
    auto flush = [&] {
      if (!unit.pieces.empty()) units.push_back(std::move(unit));
      unit = ScanUnit{};
      unit_bytes = 0;
      piece_file = -1;
    };
    for (size_t i = 0; i < kept.size(); ++i) {
      const int file = kept[i].file;
      if (file != piece_file) {
        if (unit.pieces.empty()) unit.num_rows = 0;
        unit.pieces.push_back(UnitPiece{file, {}});
        piece_file = file;
      }
      unit.pieces.back().row_groups.push_back(kept[i].row_group);
      unit.num_rows += kept[i].rows;
      unit_bytes += kept[i].bytes;
      const bool file_ends = i + 1 == kept.size() || kept[i + 1].file != file;
      if (unit_bytes >= unit_target || (file_ends && unit_bytes >= small_unit)) flush();
    }
    flush();
    return units;
  }

  arrow::Result<std::unique_ptr<BatchStream>> OpenPiece(const UnitPiece& piece,
                                                        const std::vector<std::string>& columns,
                                                        int64_t batch_rows,
                                                        arrow::MemoryPool* pool) const override {
    return OpenFilteredPiece(piece, columns, {}, batch_rows, pool);
  }

  arrow::Result<std::unique_ptr<BatchStream>> OpenFilteredPiece(
      const UnitPiece& piece, const std::vector<std::string>& columns,
      const FilteredPieceOptions& options, int64_t batch_rows,
      arrow::MemoryPool* pool) const override {
    const ListedFile& file = files_[piece.file];
    auto properties = BatchReaderProperties(batch_rows, file.location.scheme != "file");
    std::set<std::string> dictionaries;
    for (const auto& name : options.dictionary_columns) {
      const int leaf = DictionaryLeaf(*footers_[piece.file], piece, name);
      if (leaf < 0) continue;
      properties.set_read_dictionary(leaf, true);
      dictionaries.insert(name);
    }
    arrow::FieldVector wanted_fields;
    for (const auto& name : columns) wanted_fields.push_back(schema_->GetFieldByName(name));
    auto wanted = arrow::schema(std::move(wanted_fields));
    std::unique_ptr<BatchStream> stream;
    ARROW_RETURN_NOT_OK(CatchParquet(file.path, [&]() -> arrow::Status {
      ARROW_ASSIGN_OR_RAISE(auto input,
                            file.location.filesystem->OpenInputFile(file.location.path));
      parquet::ReaderProperties file_properties(pool);
      // Remote files are pre-buffered, which our snappy file reader does not support.
      auto parquet_reader =
          properties.pre_buffer()
              ? parquet::ParquetFileReader::Open(input, file_properties, footers_[piece.file])
              : OpenParquetWithOwnSnappy(input, file_properties, footers_[piece.file]);
      ARROW_ASSIGN_OR_RAISE(
          auto reader,
          parquet::arrow::FileReader::Make(pool, std::move(parquet_reader), properties));
      // Leaf columns of the wanted fields this file has; the rest come back as nulls.
      std::vector<int> leaves;
      const auto& fields = reader->manifest().schema_fields;
      for (const auto& name : columns) {
        for (const auto& field : fields) {
          if (field.field->name() == name) CollectLeaves(field, &leaves);
        }
      }
      std::vector<int> row_groups = piece.row_groups;
      if (row_groups.empty()) {
        for (int g = 0; g < reader->num_row_groups(); ++g) row_groups.push_back(g);
      }
      stream = std::make_unique<ParquetPieceStream>(std::move(reader), std::move(row_groups),
                                                    std::move(leaves), batch_rows,
                                                    std::move(wanted), file.path, pool,
                                                    std::move(dictionaries),
                                                    options.deferrable_columns,
                                                    options.still_deferring,
                                                    options.deferrable_later,
                                                    !properties.pre_buffer());
      return arrow::Status::OK();
    }));
    return stream;
  }

 private:
  // The leaf of top-level string column `name` if the piece's row groups store it
  // dictionary-encoded throughout (no fallback to plain pages) with small dictionaries,
  // else -1.
  int DictionaryLeaf(const parquet::FileMetaData& footer, const UnitPiece& piece,
                     const std::string& name) const {
    try {
      return DictionaryLeafOrThrow(footer, piece, name);
    } catch (const std::exception&) {
      return -1;  // unreadable metadata: read the column plainly, which reports it
    }
  }

  int DictionaryLeafOrThrow(const parquet::FileMetaData& footer, const UnitPiece& piece,
                            const std::string& name) const {
    auto wanted = schema_->GetFieldByName(name);
    if (!wanted || (wanted->type()->id() != arrow::Type::STRING &&
                    wanted->type()->id() != arrow::Type::LARGE_STRING)) {
      return -1;
    }
    const int leaf = footer.schema()->ColumnIndex(name);
    if (leaf < 0 || footer.schema()->Column(leaf)->physical_type() != parquet::Type::BYTE_ARRAY ||
        footer.schema()->Column(leaf)->max_repetition_level() != 0) {
      return -1;
    }
    std::vector<int> groups = piece.row_groups;
    if (groups.empty()) {
      for (int g = 0; g < footer.num_row_groups(); ++g) groups.push_back(g);
    }
    for (int g : groups) {
      auto chunk = footer.RowGroup(g)->ColumnChunk(leaf);
      if (!chunk->has_dictionary_page()) return -1;
      // Few distinct values only: Arrow hashes every dictionary value it reads, so a
      // large dictionary (names, comments) costs more than decoding the strings.
      const int64_t dictionary_bytes = chunk->data_page_offset() - chunk->dictionary_page_offset();
      if (dictionary_bytes <= 0 || dictionary_bytes > kMaxDictionaryBytes ||
          dictionary_bytes * 8 > chunk->total_compressed_size()) {
        return -1;
      }
      for (const auto& stats : chunk->encoding_stats()) {
        const bool data_page = stats.page_type == parquet::PageType::DATA_PAGE ||
                               stats.page_type == parquet::PageType::DATA_PAGE_V2;
        if (data_page && stats.encoding != parquet::Encoding::RLE_DICTIONARY &&
            stats.encoding != parquet::Encoding::PLAIN_DICTIONARY) {
          return -1;
        }
      }
    }
    return leaf;
  }

  // Min/max/null count of the top-level primitive columns of one row group.
  StatisticsLookup StatisticsOf(const parquet::RowGroupMetaData& row_group,
                                const arrow::Schema& file_schema) const {
    return [this, &row_group, &file_schema](const std::string& name) -> std::optional<ColumnStatistics> {
      const int field = file_schema.GetFieldIndex(name);
      auto wanted = schema_->GetFieldByName(name);
      if (field < 0 || !wanted || row_group.schema()->num_columns() <= 0) return std::nullopt;
      // Top-level primitive fields map one to one to leaf columns in order.
      const int leaf = row_group.schema()->ColumnIndex(name);
      if (leaf < 0) return std::nullopt;
      auto chunk = row_group.ColumnChunk(leaf);
      auto stats = chunk->statistics();
      if (!stats || !chunk->is_stats_set()) return std::nullopt;
      ColumnStatistics out;
      out.num_rows = row_group.num_rows();
      if (stats->HasNullCount()) out.null_count = stats->null_count();
      if (stats->HasMinMax()) {
        std::shared_ptr<arrow::Scalar> min, max;
        if (parquet::arrow::StatisticsAsScalars(*stats, &min, &max).ok()) {
          auto min_cast = min->CastTo(wanted->type());
          auto max_cast = max->CastTo(wanted->type());
          if (min_cast.ok() && max_cast.ok()) {
            out.min = *min_cast;
            out.max = *max_cast;
          }
        }
      }
      return out;
    };
  }

  double ColumnBytes(const std::string& column) const override {
    double bytes = 0;
    for (const auto& footer : footers_) {
      const int leaf = footer->schema()->ColumnIndex(column);
      if (leaf < 0) return -1;  // nested, or missing from this file
      for (int g = 0; g < footer->num_row_groups(); ++g) {
        bytes += static_cast<double>(footer->RowGroup(g)->ColumnChunk(leaf)->total_uncompressed_size());
      }
    }
    return bytes;
  }

  // Min and max over every row group's statistics, for integer and date columns;
  // nothing when a row group lacks them.
  std::optional<ValueBounds> ComputeBounds(const std::string& column) const {
    auto field = schema_->GetFieldByName(column);
    const bool date = field && field->type()->id() == arrow::Type::DATE32;
    if (!field || !(date || arrow::is_integer(field->type()->id()))) return std::nullopt;
    int64_t low = std::numeric_limits<int64_t>::max(), high = std::numeric_limits<int64_t>::min();
    for (const auto& footer : footers_) {
      const int leaf = footer->schema()->ColumnIndex(column);
      if (leaf < 0) return std::nullopt;
      for (int g = 0; g < footer->num_row_groups(); ++g) {
        auto stats = footer->RowGroup(g)->ColumnChunk(leaf)->statistics();
        if (!stats || !stats->HasMinMax()) return std::nullopt;
        std::shared_ptr<arrow::Scalar> min, max;
        if (!parquet::arrow::StatisticsAsScalars(*stats, &min, &max).ok()) return std::nullopt;
        const auto as_integer = [](const arrow::Scalar& scalar) -> std::optional<int64_t> {
          if (scalar.type->id() == arrow::Type::DATE32) {
            return static_cast<const arrow::Date32Scalar&>(scalar).value;
          }
          auto cast = scalar.CastTo(arrow::int64());
          if (!cast.ok()) return std::nullopt;
          return static_cast<const arrow::Int64Scalar&>(**cast).value;
        };
        const auto min64 = as_integer(*min), max64 = as_integer(*max);
        if (!min64 || !max64) return std::nullopt;
        low = std::min(low, *min64);
        high = std::max(high, *max64);
      }
    }
    if (low > high) return std::nullopt;
    return ValueBounds{static_cast<double>(low), static_cast<double>(high)};
  }

  std::vector<std::shared_ptr<parquet::FileMetaData>> footers_;
  std::vector<std::vector<int>> row_groups_;
  mutable std::mutex bounds_mu_;
  mutable std::map<std::string, std::optional<ValueBounds>> bounds_;
};

}  // namespace

arrow::Result<int64_t> ParquetFileRows(const ListedFile& file) {
  ARROW_ASSIGN_OR_RAISE(auto footer, ReadFooter(file));
  return footer->num_rows();
}

arrow::Result<std::shared_ptr<FileFormat>> MakeParquetFormat(std::vector<ListedFile> files,
                                                            const ParquetOptions& options) {
  // Footers in parallel: on object stores each is a round trip.
  std::vector<ListedFile> kept;
  std::vector<std::shared_ptr<parquet::FileMetaData>> kept_footers;
  std::vector<std::vector<int>> kept_row_groups;
  for (size_t start = 0; start < files.size(); start += kFooterParallelism) {
    const size_t end = std::min(files.size(), start + kFooterParallelism);
    std::vector<std::future<arrow::Result<std::shared_ptr<parquet::FileMetaData>>>> pending;
    // One file is read here: a thread would cost more than the read.
    const auto policy = end - start > 1 ? std::launch::async : std::launch::deferred;
    for (size_t i = start; i < end; ++i) {
      pending.push_back(std::async(policy, [&files, i] { return ReadFooter(files[i]); }));
    }
    for (size_t i = start; i < end; ++i) {
      auto footer = pending[i - start].get();
      if (!footer.ok()) {
        if (options.ignore_corrupt_files) continue;
        return footer.status();
      }
      kept.push_back(files[i]);
      kept_footers.push_back(std::move(*footer));
      kept_row_groups.push_back(i < options.row_groups.size() ? options.row_groups[i]
                                                              : std::vector<int>{});
    }
  }
  std::shared_ptr<arrow::Schema> inferred = arrow::schema({});
  if (!kept.empty()) {
    ARROW_ASSIGN_OR_RAISE(auto first, FileArrowSchema(*kept_footers[0], kept[0].path));
    inferred = KernelSchema(*first);
    inferred = inferred->RemoveMetadata();
    arrow::FieldVector fields;
    for (const auto& field : inferred->fields()) fields.push_back(field->RemoveMetadata());
    inferred = arrow::schema(std::move(fields));
  } else if (!options.schema_hints) {
    return arrow::Status::IOError("No readable Parquet files");
  }
  ARROW_ASSIGN_OR_RAISE(auto schema,
                        ApplySchemaHints(inferred, options.schema_hints, options.infer_schema));
  return std::make_shared<ParquetFormat>(std::move(kept), std::move(schema),
                                         std::move(kept_footers), std::move(kept_row_groups));
}

}  // namespace skipjack
