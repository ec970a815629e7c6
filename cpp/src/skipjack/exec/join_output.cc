#include "skipjack/exec/join_output.h"

#include <cstring>

#include <arrow/array.h>
#include <arrow/array/concatenate.h>
#include <arrow/array/util.h>
#include <arrow/buffer.h>
#include <arrow/compute/api_vector.h>
#include <arrow/compute/exec.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>
#include <arrow/util/bit_util.h>

#include "skipjack/common/gather_strings.h"

namespace skipjack {

arrow::Result<std::shared_ptr<arrow::RecordBatch>> GatherJoinRows(
    const std::shared_ptr<arrow::Schema>& schema, const std::vector<JoinColumnSource>& sources,
    const JoinSide& probe, const RowSelection& probe_rows, const JoinSide& build,
    const RowSelection& build_rows, int64_t num_rows, arrow::compute::ExecContext* ctx) {
  ArrayVector columns;
  columns.reserve(sources.size());
  for (size_t c = 0; c < sources.size(); ++c) {
    const auto& source = sources[c];
    const JoinSide& side = source.from_probe ? probe : build;
    const RowSelection& rows = source.from_probe ? probe_rows : build_rows;
    const auto& type = schema->field(static_cast<int>(c))->type();
    std::shared_ptr<arrow::Array> column;
    switch (rows.kind) {
      case RowSelection::Kind::kMissing: {
        ARROW_ASSIGN_OR_RAISE(column, arrow::MakeArrayOfNull(type, num_rows, ctx->memory_pool()));
        break;
      }
      case RowSelection::Kind::kAll:
        column = (source.is_key ? side.keys : side.columns)[source.index];
        break;
      case RowSelection::Kind::kTake: {
        const auto& values = (source.is_key ? side.keys : side.columns)[source.index];
        // Strings by row number: copied a word at a time where Take goes value by value.
        if (values->type_id() == arrow::Type::STRING || values->type_id() == arrow::Type::BINARY) {
          if (auto strings = GatherStrings(values, *rows.indices, ctx->memory_pool())) {
            ARROW_ASSIGN_OR_RAISE(column, std::move(*strings));
            break;
          }
        }
        ARROW_ASSIGN_OR_RAISE(auto taken,
                              arrow::compute::Take(values, rows.indices,
                                                   arrow::compute::TakeOptions::NoBoundsCheck(),
                                                   ctx));
        column = taken.make_array();
        break;
      }
    }
    columns.push_back(std::move(column));
  }
  return arrow::RecordBatch::Make(schema, num_rows, std::move(columns));
}

arrow::Result<RowSelection> SelectProbeRows(const std::vector<int32_t>& rows,
                                            int64_t num_probe_rows, arrow::MemoryPool* pool) {
  bool identity = static_cast<int64_t>(rows.size()) == num_probe_rows;
  for (size_t i = 0; identity && i < rows.size(); ++i) identity = rows[i] == static_cast<int32_t>(i);
  if (identity) return RowSelection::All();
  ARROW_ASSIGN_OR_RAISE(auto buffer, arrow::AllocateBuffer(rows.size() * sizeof(int32_t), pool));
  if (!rows.empty()) std::memcpy(buffer->mutable_data(), rows.data(), rows.size() * sizeof(int32_t));
  return RowSelection::Take(
      std::make_shared<arrow::Int32Array>(static_cast<int64_t>(rows.size()), std::move(buffer)));
}

arrow::Result<RowSelection> SelectBuildRows(const std::vector<int64_t>& rows,
                                            arrow::MemoryPool* pool) {
  const int64_t length = static_cast<int64_t>(rows.size());
  ARROW_ASSIGN_OR_RAISE(auto values, arrow::AllocateBuffer(length * sizeof(int64_t), pool));
  auto* out = reinterpret_cast<int64_t*>(values->mutable_data());
  int64_t null_count = 0;
  for (int64_t i = 0; i < length; ++i) {
    out[i] = rows[i] < 0 ? 0 : rows[i];
    null_count += rows[i] < 0;
  }
  std::shared_ptr<arrow::Buffer> validity;
  if (null_count > 0) {
    ARROW_ASSIGN_OR_RAISE(validity, arrow::AllocateBitmap(length, pool));
    uint8_t* bits = validity->mutable_data();
    for (int64_t i = 0; i < length; ++i) arrow::bit_util::SetBitTo(bits, i, rows[i] >= 0);
  }
  return RowSelection::Take(std::make_shared<arrow::Int64Array>(length, std::move(values),
                                                                std::move(validity), null_count));
}

arrow::Result<ArrayVector> ConcatenateCollected(
    const std::vector<std::unique_ptr<OperatorState>>& states, const arrow::Schema& schema,
    arrow::MemoryPool* pool) {
  std::vector<ArrayVector> pieces(schema.num_fields());
  for (const auto& raw : states) {
    for (const auto& batch : static_cast<const CollectedBatches&>(*raw).batches) {
      for (int c = 0; c < schema.num_fields(); ++c) pieces[c].push_back(batch->column(c));
    }
  }
  ArrayVector columns;
  for (int c = 0; c < schema.num_fields(); ++c) {
    std::shared_ptr<arrow::Array> column;
    if (pieces[c].empty()) {
      ARROW_ASSIGN_OR_RAISE(column, arrow::MakeEmptyArray(schema.field(c)->type(), pool));
    } else {
      ARROW_ASSIGN_OR_RAISE(column, arrow::Concatenate(pieces[c], pool));
    }
    columns.push_back(std::move(column));
  }
  return columns;
}

}  // namespace skipjack
