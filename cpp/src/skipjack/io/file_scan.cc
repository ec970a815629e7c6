#include "skipjack/io/file_scan.h"

#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <set>

#include <arrow/array/util.h>
#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>

#include "skipjack/exec/keep_rows.h"
#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/io/scan_filter.h"
#include "skipjack/io/scan_filter_lead.h"
#include "skipjack/io/statistics_pruning.h"
#include "skipjack/types/display_name.h"

namespace skipjack {
namespace {

using RuntimeFilters = std::vector<std::pair<int, std::shared_ptr<const RuntimeKeyFilter>>>;
// Output columns the filter read at the rows its lead column kept, by layout column, at
// the rows the whole filter kept.
using StagedOutputs = std::map<int, std::shared_ptr<arrow::Array>>;

// One unit being read: its stream over the current piece, and where it is.
struct OpenUnit {
  uint64_t seq;
  size_t piece = 0;
  uint32_t part = 0;
  std::unique_ptr<BatchStream> stream;  // of the current piece; null before opening it
  int64_t rows_in_piece = 0;            // read so far from the current piece
  bool busy = false;                    // a task is reading it now
};

// Rows the filters must have seen before their kept share decides whether to defer,
// and the share above which deferred columns are read whole again (reading values one
// by one at 98% of the rows made TPC-H q01 a third slower; at 54%, q03 gains a little).
constexpr int64_t kSelectivitySample = 50'000;
constexpr double kDeferBelowShare = 0.75;
// Runtime join filters keeping a larger share of their key range are not tested.
constexpr double kUsefulRuntimeShare = 0.9;
// Columns only the filter reads wait for runtime filters keeping less than this share,
// and the filter then tests only the rows they keep.
constexpr double kFilterAfterRuntimeShare = 0.5;

// Hands each task one batch from the earliest open unit no other task is reading,
// opening the next unit when all open ones are busy. Its concurrency is what is left to
// read, so a task always finds a unit (see max_concurrency).
class UnitReader final : public MorselReader {
 public:
  UnitReader(const FileScan::Layout& layout, const FileSourceInfo& source,
             const std::vector<ScanUnit>& units, std::shared_ptr<const ScanFilter> filter,
             std::vector<int> output_columns, std::optional<int64_t> limit, int max_open,
             MorselSize morsel_size, RuntimeFilters runtime_filters)
      : layout_(layout),
        source_(source),
        units_(units),
        filter_(std::move(filter)),
        output_columns_(std::move(output_columns)),
        limit_(limit),
        max_open_(max_open),
        morsel_size_(morsel_size),
        runtime_filters_(std::move(runtime_filters)),
        filtered_(filter_ || !runtime_filters_.empty()),
        blocking_(source.format().remote()) {
    for (const auto& file : source.format().files()) {
      file_paths_.push_back(std::make_shared<const std::string>(file.path));
    }
    for (int c : output_columns_) output_fields_.push_back(layout_.schema->field(c));
    // Columns no filter reads may be read for the kept rows only.
    if (filter_) {
      piece_options_ = filter_->piece_options();
    } else {
      // Strings of a small dictionary come dictionary-encoded and are decoded by our
      // kernel (DecodeDictionaries), several times faster than Arrow's value by value.
      for (int c : output_columns_) {
        if (c >= static_cast<int>(layout_.data_columns.size())) continue;
        const auto& name = layout_.data_columns[c];
        piece_options_.deferrable_columns.insert(name);
        const auto id = layout_.schema->field(c)->type()->id();
        if (id == arrow::Type::STRING || id == arrow::Type::LARGE_STRING) {
          piece_options_.dictionary_columns.insert(name);
          unfiltered_options_.dictionary_columns.insert(name);
        }
      }
    }
    // Columns only the filter reads may wait for the runtime filters: a selective join
    // then leaves the filter to test a few rows (see PieceOptions). Filter columns may
    // also wait for the filter's lead column (scan_filter_lead.h).
    if (filter_) {
      std::set<int> keys, outputs(output_columns_.begin(), output_columns_.end());
      for (const auto& runtime_filter : runtime_filters_) keys.insert(runtime_filter.first);
      std::vector<int> stageable;
      for (int c : filter_->read_columns()) {
        const bool data = c < static_cast<int>(layout_.data_columns.size());
        if (!data || keys.count(c) ||
            piece_options_.dictionary_columns.count(layout_.data_columns[c])) {
          continue;
        }
        // Decimals are widened to 16 bytes when read whole, then tested and filtered at
        // that width; narrower columns decode whole about as fast as at a few rows each
        // (TPC-H q12's dates measured 6% slower staged, q06's decimals 8% faster).
        if (arrow::is_decimal(layout_.schema->field(c)->type()->id())) stageable.push_back(c);
        if (!runtime_filters_.empty() && !outputs.count(c)) filter_only_columns_.push_back(c);
      }
      lead_ = std::make_unique<FilterLead>(std::move(stageable));
    }
  }

  // Local files are memory-mapped, so reading them is decoding: CPU work for the CPU
  // pool. (On the I/O pool, scans and the operators they feed oversubscribed the cores
  // and still left them idle a fifth of the time.) Remote reads wait on the network.
  bool blocking() const override { return blocking_; }
  int64_t rows_consumed() const override { return rows_read_.load(); }
  // Rows read before a join's build publishes its keys would be read whole.
  bool waiting() const override {
    for (const auto& runtime_filter : runtime_filters_) {
      if (!runtime_filter.second->published()) return true;
    }
    return false;
  }

  int max_concurrency() const override {
    std::lock_guard<std::mutex> lock(mu_);
    const size_t unopened = LimitReached() ? 0 : units_.size() - next_unit_;
    // With nothing left, one more task learns that the stream has ended.
    const size_t left = std::max<size_t>(1, open_.size() + unopened);
    return static_cast<int>(std::min<size_t>(max_open_, left));
  }

  arrow::Result<std::optional<Item>> Next(const TaskContext& ctx) override {
    OpenUnit* unit = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& candidate : open_) {
        if (!candidate->busy) {
          unit = candidate.get();
          break;
        }
      }
      if (!unit) {
        if (LimitReached() || next_unit_ >= units_.size()) {
          if (open_.empty()) return std::nullopt;
          // max_concurrency() keeps tasks at most as many as units left to read.
          return arrow::Status::UnknownError("internal: file scan task found no unit to read");
        }
        open_.push_back(std::make_unique<OpenUnit>());
        unit = open_.back().get();
        unit->seq = next_unit_++;
      }
      unit->busy = true;
    }
    auto item = ReadOne(unit, ctx);
    std::lock_guard<std::mutex> lock(mu_);
    unit->busy = false;
    if (!item.ok() || item->last_part) {
      for (auto it = open_.begin(); it != open_.end(); ++it) {
        if (it->get() == unit) {
          open_.erase(it);
          break;
        }
      }
    }
    ARROW_RETURN_NOT_OK(item.status());
    return std::optional<Item>(std::move(*item));
  }

 private:
  bool LimitReached() const { return limit_ && rows_out_.load() >= *limit_; }

  // Reads the unit's next batch (opening pieces as needed) and applies the pushdowns.
  arrow::Result<Item> ReadOne(OpenUnit* unit, const TaskContext& ctx) {
    const ScanUnit& scan_unit = units_[unit->seq];
    std::shared_ptr<arrow::RecordBatch> batch;
    while (true) {
      if (unit->piece >= scan_unit.pieces.size()) {
        return Item{unit->seq, MakeMorsel(EmptyOutput()), unit->part++, true};
      }
      const UnitPiece& piece = scan_unit.pieces[unit->piece];
      if (!unit->stream) {
        if (filtered_) {
          ARROW_ASSIGN_OR_RAISE(unit->stream, source_.format().OpenFilteredPiece(
                                                  piece, layout_.data_columns, PieceOptions(),
                                                  morsel_size_.max_rows, ctx.exec->memory_pool()));
        } else if (!unfiltered_options_.dictionary_columns.empty()) {
          ARROW_ASSIGN_OR_RAISE(unit->stream, source_.format().OpenFilteredPiece(
                                                  piece, layout_.data_columns, unfiltered_options_,
                                                  morsel_size_.max_rows, ctx.exec->memory_pool()));
        } else {
          ARROW_ASSIGN_OR_RAISE(unit->stream,
                                source_.format().OpenPiece(piece, layout_.data_columns,
                                                           morsel_size_.max_rows,
                                                           ctx.exec->memory_pool()));
        }
      }
      ARROW_ASSIGN_OR_RAISE(batch, unit->stream->Next());
      if (batch) break;
      unit->stream.reset();
      unit->rows_in_piece = 0;
      ++unit->piece;
    }
    const UnitPiece& piece = scan_unit.pieces[unit->piece];
    int64_t start_row = unit->stream->BatchStartRow();
    if (start_row < 0 && piece.row_groups.empty()) start_row = unit->rows_in_piece;
    unit->rows_in_piece += batch->num_rows();
    const int64_t morsel_rows_before_filter = batch->num_rows();
    rows_read_ += batch->num_rows();
    ARROW_ASSIGN_OR_RAISE(batch, Assemble(batch, scan_unit.pieces[unit->piece].file, ctx));
    Morsel origin;  // where the rows stand in the file before the filter
    if (start_row >= 0) {
      origin.first_row = start_row;
      origin.source_file = file_paths_[piece.file];
    }
    std::shared_ptr<arrow::Array> kept_rows;  // null: every row
    if (filtered_) {
      StagedOutputs staged;
      ARROW_ASSIGN_OR_RAISE(kept_rows, KeptRows(*batch, unit->stream.get(), ctx, &staged));
      ARROW_ASSIGN_OR_RAISE(batch, batch->SelectColumns(output_columns_));
      if (kept_rows) {
        ARROW_ASSIGN_OR_RAISE(batch, KeepRows(batch, kept_rows, ctx.exec));
      }
      ARROW_ASSIGN_OR_RAISE(batch, ReadDeferred(batch, kept_rows.get(), unit->stream.get(), staged));
    } else {
      ARROW_ASSIGN_OR_RAISE(batch, batch->SelectColumns(output_columns_));
    }
    ARROW_ASSIGN_OR_RAISE(batch, DecodeDictionaries(batch, output_fields_, ctx.exec));
    rows_out_ += batch->num_rows();
    Morsel morsel = MakeMorsel(std::move(batch));
    KeepSourceRows(origin, &morsel);
    if (kept_rows) DeriveRows(origin, kept_rows, &morsel);
    if (filtered_) {
      rows_tested_ += morsel_rows_before_filter;
      rows_kept_ += morsel.batch->num_rows();
    }
    return Item{unit->seq, std::move(morsel), unit->part++, false};
  }

  // A runtime filter worth testing: published, and keeping few enough rows. A build
  // holding nearly every key of its range (q14: every part) would only cost a test per
  // row and the whole key column.
  static bool Useful(const RuntimeKeyFilter& filter) {
    return filter.published() && filter.kept_share() < kUsefulRuntimeShare;
  }

  // How to open a piece: the key columns of runtime filters that are (or may still
  // become) useful are read whole; columns only the filter reads are deferred too
  // while the runtime filters keep under half the rows; without a pushed filter and a
  // useful runtime filter nothing is deferred.
  FilteredPieceOptions PieceOptions() const {
    FilteredPieceOptions options = piece_options_;
    options.still_deferring = [this] { return Selective(); };
    double kept = 1;
    for (const auto& [column, runtime_filter] : runtime_filters_) {
      if (Useful(*runtime_filter) || !runtime_filter->published()) {
        options.deferrable_columns.erase(layout_.data_columns[column]);
      }
      kept = std::min(kept, runtime_filter->kept_share());
    }
    if (!filter_ && kept >= kUsefulRuntimeShare) options.deferrable_columns.clear();
    if (lead_) {
      options.deferrable_later = [this] {
        std::set<std::string> names;
        if (lead_->column() < 0) return names;
        for (int c : lead_->staged()) names.insert(layout_.data_columns[c]);
        return names;
      };
    }
    if (filter_only_columns_.empty() || kept >= kFilterAfterRuntimeShare) return options;
    for (int c : filter_only_columns_) options.deferrable_columns.insert(layout_.data_columns[c]);
    return options;
  }

  // Whether the filters have kept few enough rows so far that reading the other columns
  // at the kept rows beats decoding them whole (a sampled guess until enough are seen).
  bool Selective() const {
    const int64_t tested = rows_tested_.load(std::memory_order_relaxed);
    return tested < kSelectivitySample ||
           rows_kept_.load(std::memory_order_relaxed) < kDeferBelowShare * static_cast<double>(tested);
  }

  // The rows of `batch` the published runtime filters and then the pushed filter keep;
  // null when nothing filters yet (every row is kept). Filter columns the stream
  // deferred are read for the rows the runtime filters and the filter's lead column
  // keep; those that are also output columns go to `staged` at the rows kept.
  arrow::Result<std::shared_ptr<arrow::Array>> KeptRows(const arrow::RecordBatch& batch,
                                                        BatchStream* stream,
                                                        const TaskContext& ctx,
                                                        StagedOutputs* staged) const {
    std::shared_ptr<arrow::Array> mask;
    for (const auto& [column, runtime_filter] : runtime_filters_) {
      // A key column deferred in this piece belongs to a filter found not useful.
      if (!Useful(*runtime_filter) || batch.column(column)->type_id() == arrow::Type::NA) continue;
      ARROW_ASSIGN_OR_RAISE(auto hits, runtime_filter->Test(*batch.column(column),
                                                            ctx.exec->memory_pool()));
      if (!hits) continue;
      ARROW_ASSIGN_OR_RAISE(mask, AndMasks(mask, std::move(hits), ctx.exec));
    }
    if (!filter_) return mask;
    std::vector<int> waiting;  // deferred columns the filter reads
    for (int c : stream->DeferredColumns()) {
      if (filter_->read_columns().count(c)) waiting.push_back(c);
    }
    // A selective runtime filter leaves the pushed filter a few rows to test.
    const bool few_kept =
        mask && mask->type_id() == arrow::Type::BOOL &&
        static_cast<const arrow::BooleanArray&>(*mask).true_count() <
            kFilterAfterRuntimeShare * static_cast<double>(batch.num_rows());
    if (waiting.empty() && !few_kept) {
      std::map<int, int64_t> kept_by_column;
      const bool sampling = lead_->sampling();
      ARROW_ASSIGN_OR_RAISE(auto tested, filter_->Evaluate(batch, ctx.exec,
                                                           sampling ? &kept_by_column : nullptr));
      if (sampling) lead_->Add(kept_by_column, batch.num_rows());
      return AndMasks(mask, std::move(tested), ctx.exec);
    }

    const int lead = lead_->column();
    if (lead >= 0 && !waiting.empty() && batch.column(lead)->type_id() != arrow::Type::NA) {
      ARROW_ASSIGN_OR_RAISE(auto lead_kept, filter_->EvaluateAlone(batch, lead, ctx.exec));
      if (lead_kept) {
        ARROW_ASSIGN_OR_RAISE(mask, AndMasks(mask, std::move(lead_kept), ctx.exec));
      }
    }
    // The filter's columns at the rows the runtime filters and the lead keep, the
    // others left out.
    const std::vector<int64_t> rows = KeptPositions(mask.get(), batch.num_rows());
    const auto count = static_cast<int64_t>(rows.size());
    ARROW_ASSIGN_OR_RAISE(auto read, stream->ReadKept(waiting, rows));
    arrow::ArrayVector columns;
    arrow::FieldVector fields;
    for (int c = 0; c < batch.num_columns(); ++c) {
      const auto found = std::find(waiting.begin(), waiting.end(), c);
      if (found != waiting.end()) {
        columns.push_back(read[found - waiting.begin()]);
      } else if (filter_->read_columns().count(c)) {
        ARROW_ASSIGN_OR_RAISE(auto kept, KeepRows(batch.column(c), mask, count, ctx.exec));
        columns.push_back(std::move(kept));
      } else {
        columns.push_back(std::make_shared<arrow::NullArray>(count));
      }
      fields.push_back(batch.schema()->field(c)->WithType(columns.back()->type()));
    }
    auto kept_batch = arrow::RecordBatch::Make(arrow::schema(std::move(fields)), count,
                                               std::move(columns));
    ARROW_ASSIGN_OR_RAISE(auto tested, filter_->Evaluate(*kept_batch, ctx.exec));
    for (size_t w = 0; w < waiting.size(); ++w) {
      if (std::find(output_columns_.begin(), output_columns_.end(), waiting[w]) ==
          output_columns_.end()) {
        continue;
      }
      ARROW_ASSIGN_OR_RAISE(auto values, arrow::compute::Filter(read[w], tested,
                                                                arrow::compute::FilterOptions(),
                                                                ctx.exec));
      (*staged)[waiting[w]] = values.make_array();
    }
    // Back to one flag per row of `batch`.
    ARROW_ASSIGN_OR_RAISE(auto bits, arrow::AllocateEmptyBitmap(batch.num_rows(),
                                                                ctx.exec->memory_pool()));
    const auto& flags = static_cast<const arrow::BooleanArray&>(*tested);
    for (int64_t i = 0; i < count; ++i) {
      if (flags.IsValid(i) && flags.Value(i)) arrow::bit_util::SetBit(bits->mutable_data(), rows[i]);
    }
    return std::make_shared<arrow::BooleanArray>(batch.num_rows(), std::move(bits));
  }

  // `batch` (the output columns at the kept rows) with the columns the stream deferred
  // read at the rows `kept` marks (all rows when it is null), or taken from `staged`.
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> ReadDeferred(
      std::shared_ptr<arrow::RecordBatch> batch, const arrow::Array* kept,
      BatchStream* stream, const StagedOutputs& staged) const {
    for (const auto& [column, values] : staged) {
      for (size_t out = 0; out < output_columns_.size(); ++out) {
        if (output_columns_[out] != column) continue;
        ARROW_ASSIGN_OR_RAISE(batch, batch->SetColumn(static_cast<int>(out), output_fields_[out],
                                                      values));
      }
    }
    // Output columns only: columns only the filter reads were read by KeptRows.
    std::vector<int> deferred;
    for (int c : stream->DeferredColumns()) {
      if (std::find(output_columns_.begin(), output_columns_.end(), c) != output_columns_.end() &&
          !staged.count(c)) {
        deferred.push_back(c);
      }
    }
    if (deferred.empty()) return batch;
    const int64_t num_rows = kept ? kept->length() : batch->num_rows();
    ARROW_ASSIGN_OR_RAISE(auto columns, stream->ReadKept(deferred, KeptPositions(kept, num_rows)));
    for (size_t d = 0; d < deferred.size(); ++d) {
      for (size_t out = 0; out < output_columns_.size(); ++out) {
        if (output_columns_[out] != deferred[d]) continue;
        ARROW_ASSIGN_OR_RAISE(batch, batch->SetColumn(static_cast<int>(out), output_fields_[out],
                                                      columns[d]));
      }
    }
    return batch;
  }

  // Data columns, then constant partition and path columns for the batch's file.
  arrow::Result<std::shared_ptr<arrow::RecordBatch>> Assemble(
      const std::shared_ptr<arrow::RecordBatch>& data, int file, const TaskContext& ctx) const {
    // The layout's fields, except that data columns read dictionary-encoded or deferred
    // (null placeholders) say so.
    auto schema = layout_.schema;
    for (int i = 0; i < data->num_columns(); ++i) {
      const auto type = data->column(i)->type_id();
      if ((type == arrow::Type::DICTIONARY || type == arrow::Type::NA) &&
          !data->column(i)->type()->Equals(*schema->field(i)->type())) {
        ARROW_ASSIGN_OR_RAISE(schema, schema->SetField(i, schema->field(i)->WithType(
                                                              data->column(i)->type())));
      }
    }
    if (layout_.partition_columns.empty() && !layout_.path_column) {
      return arrow::RecordBatch::Make(schema, data->num_rows(), data->columns());
    }
    auto columns = data->columns();
    auto* pool = ctx.exec->memory_pool();
    for (int p : layout_.partition_columns) {
      ARROW_ASSIGN_OR_RAISE(auto column, arrow::MakeArrayFromScalar(
                                             *source_.partitions().values[file][p],
                                             data->num_rows(), pool));
      columns.push_back(std::move(column));
    }
    if (layout_.path_column) {
      arrow::LargeStringScalar path(source_.format().files()[file].path);
      ARROW_ASSIGN_OR_RAISE(auto column, arrow::MakeArrayFromScalar(path, data->num_rows(), pool));
      columns.push_back(std::move(column));
    }
    return arrow::RecordBatch::Make(schema, data->num_rows(), std::move(columns));
  }

  std::shared_ptr<arrow::RecordBatch> EmptyOutput() const {
    auto schema = layout_.schema;
    std::vector<std::shared_ptr<arrow::Array>> columns;
    arrow::FieldVector fields;
    for (int c : output_columns_) {
      fields.push_back(schema->field(c));
      columns.push_back(*arrow::MakeEmptyArray(schema->field(c)->type()));
    }
    return arrow::RecordBatch::Make(arrow::schema(fields), 0, std::move(columns));
  }

  const FileScan::Layout& layout_;
  const FileSourceInfo& source_;
  const std::vector<ScanUnit>& units_;
  std::shared_ptr<const ScanFilter> filter_;
  std::vector<int> output_columns_;
  arrow::FieldVector output_fields_;  // of the layout, by output column
  std::optional<int64_t> limit_;
  int max_open_;
  MorselSize morsel_size_;
  std::vector<std::shared_ptr<const std::string>> file_paths_;  // for error messages
  RuntimeFilters runtime_filters_;
  bool filtered_;  // a pushed or runtime filter: batches are filtered, columns deferred
  bool blocking_;  // remote files: tasks run on the I/O pool
  FilteredPieceOptions piece_options_;
  FilteredPieceOptions unfiltered_options_;  // without filters: dictionary columns only
  std::vector<int> filter_only_columns_;  // read by the filter alone (not keys, not output)
  std::unique_ptr<FilterLead> lead_;       // with a pushed filter

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<OpenUnit>> open_;  // in unit order
  size_t next_unit_ = 0;
  std::atomic<int64_t> rows_read_{0};
  std::atomic<int64_t> rows_out_{0};
  std::atomic<int64_t> rows_tested_{0};  // rows the filters saw...
  std::atomic<int64_t> rows_kept_{0};    // ...and kept
};

// The one value of each partition column in a file, as statistics.
StatisticsLookup PartitionLookup(const FileSourceInfo& source, int file) {
  return [&source, file](const std::string& name) -> std::optional<ColumnStatistics> {
    const auto& fields = source.partitions().fields;
    for (size_t p = 0; p < fields.size(); ++p) {
      if (fields[p]->name() != name) continue;
      const auto& value = source.partitions().values[file][p];
      ColumnStatistics stats;
      stats.num_rows = 1;
      stats.null_count = value->is_valid ? 0 : 1;
      if (value->is_valid) stats.min = stats.max = value;
      return stats;
    }
    return std::nullopt;
  };
}

}  // namespace

FileScan::FileScan(std::shared_ptr<const FileSourceInfo> source,
                   std::shared_ptr<arrow::Schema> output_schema, Layout layout,
                   std::vector<ScanUnit> units, std::shared_ptr<const ScanFilter> filter,
                   std::string filter_text,
                   std::vector<int> output_columns, std::optional<int64_t> limit, int files_kept,
                   int64_t estimated_rows)
    : SourceOperator({}, std::move(output_schema)),
      source_(std::move(source)),
      layout_(std::move(layout)),
      units_(std::move(units)),
      filter_(std::move(filter)),
      filter_text_(std::move(filter_text)),
      output_columns_(std::move(output_columns)),
      limit_(limit),
      files_kept_(files_kept),
      estimated_rows_(estimated_rows) {}

arrow::Result<std::shared_ptr<FileScan>> FileScan::Make(
    std::shared_ptr<const FileSourceInfo> source, const Pushdowns& pushdowns,
    std::shared_ptr<arrow::Schema> output_schema) {
  const auto& full = *source->schema();
  // Columns to assemble: the output's plus the filter's, in source order.
  std::set<std::string> needed;
  for (const auto& field : output_schema->fields()) needed.insert(field->name());
  if (pushdowns.filter) {
    for (const auto& name : ReferencedColumns(pushdowns.filter)) needed.insert(name);
  }
  Layout layout;
  arrow::FieldVector fields;
  const int num_data = source->num_data_columns();
  const int num_partitions = static_cast<int>(source->partitions().fields.size());
  for (int i = 0; i < full.num_fields(); ++i) {
    const auto& field = full.field(i);
    if (!needed.count(field->name())) continue;
    if (i < num_data) {
      layout.data_columns.push_back(field->name());
    } else if (i < num_data + num_partitions) {
      layout.partition_columns.push_back(i - num_data);
    } else {
      layout.path_column = true;
    }
    fields.push_back(field);
  }
  layout.schema = arrow::schema(std::move(fields));

  std::vector<int> output_columns;
  for (const auto& field : output_schema->fields()) {
    output_columns.push_back(layout.schema->GetFieldIndex(field->name()));
  }
  std::shared_ptr<const ScanFilter> filter;
  std::string filter_text;
  if (pushdowns.filter) {
    ARROW_ASSIGN_OR_RAISE(filter,
                          ScanFilter::Make(pushdowns.filter, layout.schema, layout.data_columns));
    filter_text = ToIndexedString(pushdowns.filter, *layout.schema);
  }
  // Files whose partition values rule the filter out are never opened.
  std::vector<int> files;
  for (int f = 0; f < static_cast<int>(source->format().files().size()); ++f) {
    if (!pushdowns.filter || MayMatch(pushdowns.filter, PartitionLookup(*source, f))) {
      files.push_back(f);
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto units, source->format().PlanUnits(files, pushdowns.filter));
  // Without a filter, a limit needs only the first units that hold enough rows.
  int64_t estimated = 0;
  if (pushdowns.limit && !pushdowns.filter) {
    int64_t rows = 0;
    size_t keep = 0;
    while (keep < units.size() && rows < *pushdowns.limit && units[keep].num_rows >= 0) {
      rows += units[keep++].num_rows;
    }
    if (rows >= *pushdowns.limit) units.resize(keep);
  }
  for (const auto& unit : units) {
    estimated = (unit.num_rows < 0 || estimated < 0) ? -1 : estimated + unit.num_rows;
  }
  if (pushdowns.limit && estimated >= 0) estimated = std::min(estimated, *pushdowns.limit);
  return std::make_shared<FileScan>(std::move(source), std::move(output_schema), std::move(layout),
                                    std::move(units), std::move(filter), std::move(filter_text),
                                    std::move(output_columns), pushdowns.limit,
                                    static_cast<int>(files.size()), estimated);
}

void FileScan::AddRuntimeFilter(const std::string& column,
                                std::shared_ptr<const RuntimeKeyFilter> filter) {
  const int index = layout_.schema->GetFieldIndex(column);
  if (index < 0 || index >= static_cast<int>(layout_.data_columns.size())) return;
  runtime_filters_.emplace_back(index, std::move(filter));
}

std::vector<std::string> FileScan::Details() const {
  const auto& files = source_->format().files();
  std::vector<std::string> lines;
  lines.push_back("Files = " + std::to_string(files_kept_) + " of " + std::to_string(files.size()));
  int64_t row_groups = 0;
  for (const auto& unit : units_) {
    for (const auto& piece : unit.pieces) row_groups += static_cast<int64_t>(piece.row_groups.size());
  }
  lines.push_back("Scan tasks = " + std::to_string(units_.size()) +
                  (row_groups ? " (" + std::to_string(row_groups) + " row groups)" : ""));
  lines.push_back("Projection pushdown = [" + [&] {
    std::string names;
    for (const auto& field : output_schema()->fields()) {
      names += (names.empty() ? "" : ", ") + field->name();
    }
    return names;
  }() + "]");
  if (filter_) lines.push_back("Filter pushdown = " + filter_text_);
  if (!runtime_filters_.empty()) {
    std::string names;
    for (const auto& [column, filter] : runtime_filters_) {
      names += (names.empty() ? "" : ", ") + layout_.schema->field(column)->name();
    }
    lines.push_back("Runtime join filters = [" + names + "]");
  }
  if (limit_) lines.push_back("Limit pushdown = " + std::to_string(*limit_));
  lines.push_back("Schema = " + SchemaToPlanString(*output_schema()));
  return lines;
}

int FileScan::MaxConcurrency(const ExecutionConfig& config) const {
  return source_->format().PreferredConcurrency(config.ResolvedThreads());
}

arrow::Result<std::unique_ptr<MorselReader>> FileScan::Open(const TaskContext& ctx,
                                                            const MorselSize& morsel_size) const {
  return std::make_unique<UnitReader>(layout_, *source_, units_, filter_, output_columns_, limit_,
                                      MaxConcurrency(*ctx.config), morsel_size, runtime_filters_);
}

}  // namespace skipjack
