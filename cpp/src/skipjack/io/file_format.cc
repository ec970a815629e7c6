#include "skipjack/io/file_format.h"

#include <algorithm>

#include <arrow/array/util.h>
#include <arrow/buffer.h>
#include <arrow/compute/cast.h>
#include <arrow/compute/exec.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <arrow/util/bitmap_ops.h>

#include "skipjack/types/display_name.h"

namespace skipjack {
namespace {

// Files smaller than this are grouped into one unit, up to this many bytes.
constexpr int64_t kSmallFileBytes = 16 << 20;
constexpr int64_t kGroupedUnitBytes = 64 << 20;

// A decimal32/decimal64 array as decimal128 of the same precision and scale: readers
// hand small decimals over in their stored width (Parquet keeps precision <= 18 in
// 32/64-bit integers), and sign-extending them here costs a fraction of Arrow's own
// per-value conversion to decimal128.
template <typename Narrow>
arrow::Result<std::shared_ptr<arrow::Array>> WidenDecimal(const arrow::Array& column,
                                                          arrow::MemoryPool* pool) {
  const auto& type = static_cast<const arrow::DecimalType&>(*column.type());
  const auto& data = *column.data();
  const int64_t n = data.length;
  const auto* narrow = data.GetValues<Narrow>(1);
  ARROW_ASSIGN_OR_RAISE(auto values, arrow::AllocateBuffer(n * 16, pool));
  auto* wide = reinterpret_cast<int64_t*>(values->mutable_data());
  for (int64_t i = 0; i < n; ++i) {
    const int64_t v = narrow[i];
    wide[2 * i] = v;           // little-endian: low word first
    wide[2 * i + 1] = v >> 63;  // then the sign
  }
  std::shared_ptr<arrow::Buffer> validity;
  if (column.null_count() > 0) {
    ARROW_ASSIGN_OR_RAISE(validity, arrow::internal::CopyBitmap(pool, data.buffers[0]->data(),
                                                                data.offset, n));
  }
  return arrow::MakeArray(arrow::ArrayData::Make(
      arrow::decimal128(type.precision(), type.scale()), n,
      {std::move(validity), std::move(values)}, column.null_count()));
}

arrow::Result<std::shared_ptr<arrow::Array>> WidenSmallDecimal(std::shared_ptr<arrow::Array> column,
                                                               arrow::MemoryPool* pool) {
  switch (column->type_id()) {
    case arrow::Type::DECIMAL32:
      return WidenDecimal<int32_t>(*column, pool);
    case arrow::Type::DECIMAL64:
      return WidenDecimal<int64_t>(*column, pool);
    default:
      return column;
  }
}

}  // namespace

arrow::Result<std::vector<ScanUnit>> FileFormat::PlanUnits(const std::vector<int>& files,
                                                           const ExprPtr&) const {
  std::vector<ScanUnit> units;
  int64_t open_bytes = 0;  // bytes in the last unit, while it takes more small files
  for (int file : files) {
    const int64_t size = files_[file].size;
    const bool small = size >= 0 && size < kSmallFileBytes;
    if (!small || units.empty() || open_bytes == 0 || open_bytes + size > kGroupedUnitBytes) {
      units.push_back(ScanUnit{});
      open_bytes = 0;
    }
    units.back().pieces.push_back(UnitPiece{file, {}});
    open_bytes = small ? open_bytes + std::max<int64_t>(size, 1) : 0;
  }
  for (auto& unit : units) {
    int64_t rows = 0;
    for (const auto& piece : unit.pieces) {
      const int64_t n = FileRows(piece.file);
      rows = (n < 0 || rows < 0) ? -1 : rows + n;
    }
    unit.num_rows = rows;
  }
  return units;
}

bool FileFormat::remote() const {
  return std::any_of(files_.begin(), files_.end(),
                     [](const ListedFile& file) { return file.location.scheme != "file"; });
}

int FileFormat::PreferredConcurrency(int threads) const {
  return remote() ? std::max(8, threads) : std::max(2, threads);
}

arrow::Result<std::shared_ptr<arrow::Schema>> ApplySchemaHints(
    const std::shared_ptr<arrow::Schema>& inferred, const std::shared_ptr<arrow::Schema>& hints,
    bool infer) {
  if (!hints) return inferred;
  if (!infer) return hints;
  arrow::FieldVector fields;
  for (const auto& field : inferred->fields()) {
    auto hint = hints->GetFieldByName(field->name());
    fields.push_back(hint ? field->WithType(hint->type()) : field);
  }
  for (const auto& hint : hints->fields()) {
    if (!inferred->GetFieldByName(hint->name())) fields.push_back(hint);
  }
  return arrow::schema(std::move(fields));
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> ConformToSchema(
    const std::shared_ptr<arrow::RecordBatch>& batch, const std::shared_ptr<arrow::Schema>& wanted,
    const std::string& file, arrow::MemoryPool* pool,
    const std::set<std::string>* keep_dictionary) {
  std::vector<std::shared_ptr<arrow::Array>> columns;
  arrow::FieldVector fields;
  bool kept_dictionary = false;
  arrow::compute::ExecContext ctx(pool);
  for (const auto& field : wanted->fields()) {
    auto column = batch->GetColumnByName(field->name());
    if (column && keep_dictionary && column->type_id() == arrow::Type::DICTIONARY &&
        keep_dictionary->count(field->name())) {
      fields.push_back(field->WithType(column->type()));
      columns.push_back(std::move(column));
      kept_dictionary = true;
      continue;
    }
    fields.push_back(field);
    if (column) {
      ARROW_ASSIGN_OR_RAISE(column, WidenSmallDecimal(std::move(column), pool));
    }
    if (!column) {
      ARROW_ASSIGN_OR_RAISE(column, arrow::MakeArrayOfNull(field->type(), batch->num_rows(), pool));
    } else if (!column->type()->Equals(*field->type())) {
      auto cast = arrow::compute::Cast(*column, field->type(), arrow::compute::CastOptions::Safe(),
                                       &ctx);
      if (!cast.ok()) {
        return arrow::Status::TypeError("In file '", file, "', column '", field->name(),
                                        "' has type ", DisplayName(*column->type()),
                                        " which cannot be read as ", DisplayName(*field->type()),
                                        ": ", cast.status().message());
      }
      column = std::move(*cast);
    }
    columns.push_back(std::move(column));
  }
  return arrow::RecordBatch::Make(kept_dictionary ? arrow::schema(std::move(fields)) : wanted,
                                  batch->num_rows(), std::move(columns));
}

}  // namespace skipjack
