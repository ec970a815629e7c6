#include "skipjack/io/scan_filter.h"

#include <arrow/array.h>
#include <arrow/array/concatenate.h>
#include <arrow/array/util.h>
#include <arrow/compute/api.h>
#include <arrow/record_batch.h>
#include <arrow/scalar.h>
#include <arrow/type.h>

#include "skipjack/common/spread_booleans.h"
#include "skipjack/exec/keep_rows.h"
#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/functions/arrow_call.h"
#include "skipjack/io/string_dictionary_decode.h"

namespace skipjack {
namespace {

bool IsPlainString(const arrow::DataType& type) {
  return type.id() == arrow::Type::STRING || type.id() == arrow::Type::LARGE_STRING;
}

// A dictionary column's values as `type`, plus one null at the end when some rows are
// null: those rows then point at it, so each row's result is the conjunct's result for
// its own value, null included (is_null must see nulls).
struct DistinctValues {
  std::shared_ptr<arrow::Array> values;
  std::shared_ptr<arrow::Array> indices;
};

arrow::Result<DistinctValues> DistinctValuesOf(const arrow::DictionaryArray& column,
                                               const std::shared_ptr<arrow::DataType>& type,
                                               arrow::compute::ExecContext* ctx) {
  DistinctValues out{column.dictionary(), column.indices()};
  if (!out.values->type()->Equals(*type)) {
    ARROW_ASSIGN_OR_RAISE(auto cast, CastDatum(out.values, type, ctx));
    out.values = cast.make_array();
  }
  if (out.indices->null_count() > 0) {
    const int64_t null_position = out.values->length();
    ARROW_ASSIGN_OR_RAISE(auto null, arrow::MakeArrayOfNull(type, 1, ctx->memory_pool()));
    ARROW_ASSIGN_OR_RAISE(out.values,
                          arrow::Concatenate({out.values, null}, ctx->memory_pool()));
    ARROW_ASSIGN_OR_RAISE(auto position,
                          arrow::MakeScalar(out.indices->type(), null_position));
    ARROW_ASSIGN_OR_RAISE(auto filled,
                          arrow::compute::CallFunction("coalesce", {out.indices, position}, ctx));
    out.indices = filled.make_array();
  }
  return out;
}

}  // namespace

arrow::Result<std::shared_ptr<const ScanFilter>> ScanFilter::Make(
    const ExprPtr& filter, std::shared_ptr<arrow::Schema> layout,
    const std::vector<std::string>& data_columns) {
  auto out = std::make_shared<ScanFilter>();
  std::set<std::string> from_files(data_columns.begin(), data_columns.end());
  auto& dictionary_columns = out->piece_options_.dictionary_columns;
  for (const auto& field : layout->fields()) {
    if (from_files.count(field->name()) && IsPlainString(*field->type())) {
      dictionary_columns.insert(field->name());
    }
  }
  std::set<std::string> read;
  for (const auto& predicate : SplitConjunction(filter)) {
    Conjunct conjunct;
    ARROW_ASSIGN_OR_RAISE(conjunct.expr, Bind(predicate, *layout));
    const auto columns = ReferencedColumns(predicate);
    if (columns.size() == 1 && dictionary_columns.count(columns[0])) {
      conjunct.column = layout->GetFieldIndex(columns[0]);
    }
    for (const auto& name : columns) {
      conjunct.reads.push_back(layout->GetFieldIndex(name));
      out->read_columns_.insert(layout->GetFieldIndex(name));
      read.insert(name);
    }
    out->conjuncts_.push_back(std::move(conjunct));
  }
  for (const auto& name : data_columns) {
    if (!read.count(name)) out->piece_options_.deferrable_columns.insert(name);
  }
  out->layout_ = std::move(layout);
  return out;
}

arrow::Result<std::shared_ptr<arrow::Array>> ScanFilter::EvaluateConjunct(
    const Conjunct& conjunct, const arrow::RecordBatch& batch, arrow::ArrayVector* decoded_columns,
    arrow::compute::ExecContext* ctx) const {
  const bool by_value = conjunct.column >= 0 &&
                        batch.column(conjunct.column)->type_id() == arrow::Type::DICTIONARY;
  if (by_value) {
    const auto& column = static_cast<const arrow::DictionaryArray&>(*batch.column(conjunct.column));
    ARROW_ASSIGN_OR_RAISE(auto distinct,
                          DistinctValuesOf(column, layout_->field(conjunct.column)->type(), ctx));
    // A batch of the distinct values; the conjunct reads no other column.
    const int64_t length = distinct.values->length();
    arrow::ArrayVector columns;
    for (int i = 0; i < layout_->num_fields(); ++i) {
      if (i == conjunct.column) {
        columns.push_back(distinct.values);
      } else {
        ARROW_ASSIGN_OR_RAISE(auto nulls, arrow::MakeArrayOfNull(layout_->field(i)->type(),
                                                                 length, ctx->memory_pool()));
        columns.push_back(std::move(nulls));
      }
    }
    auto values_batch = arrow::RecordBatch::Make(layout_, length, std::move(columns));
    ARROW_ASSIGN_OR_RAISE(auto per_value, EvaluateToArray(*conjunct.expr, *values_batch, ctx));
    if (auto spread = SpreadBooleans(*per_value, *distinct.indices, ctx->memory_pool())) {
      return std::move(*spread);
    }
    ARROW_ASSIGN_OR_RAISE(auto spread, arrow::compute::Take(per_value, distinct.indices,
                                                            arrow::compute::TakeOptions(), ctx));
    return spread.make_array();
  }
  // Decode only what the conjunct reads (once per batch); columns it does not read
  // may stay encoded, as the expression never looks at them.
  for (int c : conjunct.reads) {
    if ((*decoded_columns)[c] || batch.column(c)->type_id() != arrow::Type::DICTIONARY) continue;
    ARROW_ASSIGN_OR_RAISE((*decoded_columns)[c],
                          DecodeDictionary(batch.column(c), layout_->field(c)->type(), ctx));
  }
  arrow::ArrayVector columns;
  arrow::FieldVector fields;
  for (int c = 0; c < batch.num_columns(); ++c) {
    const bool dense = (*decoded_columns)[c] != nullptr;
    columns.push_back(dense ? (*decoded_columns)[c] : batch.column(c));
    fields.push_back(dense ? layout_->field(c) : batch.schema()->field(c));
  }
  auto view = arrow::RecordBatch::Make(arrow::schema(std::move(fields)), batch.num_rows(),
                                       std::move(columns));
  return EvaluateToArray(*conjunct.expr, *view, ctx);
}

namespace {

int64_t TrueCount(const arrow::Array& mask) {
  return static_cast<const arrow::BooleanArray&>(mask).true_count();
}

}  // namespace

arrow::Result<std::shared_ptr<arrow::Array>> ScanFilter::Evaluate(
    const arrow::RecordBatch& batch, arrow::compute::ExecContext* ctx,
    std::map<int, int64_t>* kept_by_column) const {
  arrow::ArrayVector decoded_columns(batch.num_columns());  // made when a conjunct reads one
  std::shared_ptr<arrow::Array> mask;
  std::map<int, std::shared_ptr<arrow::Array>> column_masks;
  for (const auto& conjunct : conjuncts_) {
    ARROW_ASSIGN_OR_RAISE(auto result, EvaluateConjunct(conjunct, batch, &decoded_columns, ctx));
    if (kept_by_column && conjunct.reads.size() == 1) {
      auto& column_mask = column_masks[conjunct.reads[0]];
      ARROW_ASSIGN_OR_RAISE(column_mask, AndMasks(column_mask, result, ctx));
    }
    ARROW_ASSIGN_OR_RAISE(mask, AndMasks(mask, std::move(result), ctx));
  }
  for (const auto& [column, column_mask] : column_masks) {
    (*kept_by_column)[column] += TrueCount(*column_mask);
  }
  return mask;
}

arrow::Result<std::shared_ptr<arrow::Array>> ScanFilter::EvaluateAlone(
    const arrow::RecordBatch& batch, int column, arrow::compute::ExecContext* ctx) const {
  arrow::ArrayVector decoded_columns(batch.num_columns());
  std::shared_ptr<arrow::Array> mask;
  for (const auto& conjunct : conjuncts_) {
    if (conjunct.reads.size() != 1 || conjunct.reads[0] != column) continue;
    ARROW_ASSIGN_OR_RAISE(auto result, EvaluateConjunct(conjunct, batch, &decoded_columns, ctx));
    ARROW_ASSIGN_OR_RAISE(mask, AndMasks(mask, std::move(result), ctx));
  }
  return mask;
}

arrow::Result<std::shared_ptr<arrow::Array>> DecodeDictionary(
    const std::shared_ptr<arrow::Array>& column, const std::shared_ptr<arrow::DataType>& type,
    arrow::compute::ExecContext* ctx) {
  const auto& dictionary = static_cast<const arrow::DictionaryArray&>(*column);
  std::shared_ptr<arrow::Array> out;
  if (auto strings = DecodeStringDictionary(dictionary, ctx->memory_pool())) {
    ARROW_ASSIGN_OR_RAISE(out, std::move(*strings));
  } else {
    ARROW_ASSIGN_OR_RAISE(auto dense, arrow::compute::Take(dictionary.dictionary(),
                                                           dictionary.indices(),
                                                           arrow::compute::TakeOptions(), ctx));
    out = dense.make_array();
  }
  if (!out->type()->Equals(*type)) {
    ARROW_ASSIGN_OR_RAISE(auto cast, CastDatum(out, type, ctx));
    out = cast.make_array();
  }
  return out;
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> DecodeDictionaries(
    const std::shared_ptr<arrow::RecordBatch>& batch, const arrow::FieldVector& fields,
    arrow::compute::ExecContext* ctx) {
  bool any = false;
  for (const auto& column : batch->columns()) any |= column->type_id() == arrow::Type::DICTIONARY;
  if (!any) return batch;
  arrow::ArrayVector columns;
  for (int i = 0; i < batch->num_columns(); ++i) {
    auto column = batch->column(i);
    if (column->type_id() == arrow::Type::DICTIONARY) {
      ARROW_ASSIGN_OR_RAISE(column, DecodeDictionary(column, fields[i]->type(), ctx));
    }
    columns.push_back(std::move(column));
  }
  return arrow::RecordBatch::Make(arrow::schema(fields), batch->num_rows(), std::move(columns));
}

}  // namespace skipjack
