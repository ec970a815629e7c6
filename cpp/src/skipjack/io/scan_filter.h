// File: scan_filter.h
//
// A scan's pushed-down filter, evaluated conjunct by conjunct on batches whose string
// columns may be dictionary-encoded (Parquet stores low-cardinality strings so). A
// conjunct that reads only such a column is evaluated once per distinct value and
// spread to the rows by the dictionary indices: `l_shipmode in ('MAIL', 'SHIP')` over
// six million rows tests seven strings. Other conjuncts see the columns decoded. After
// the filter, only the rows kept are decoded (DecodeDictionaries).

#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <arrow/compute/type_fwd.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

#include "skipjack/expr/bound_expr.h"
#include "skipjack/expr/expr.h"
#include "skipjack/io/file_format.h"

namespace skipjack {

class ScanFilter {
 public:
  /// `filter` over the scan's batch `layout`; `data_columns` are the columns read from
  /// files (partition and path columns are never dictionary-encoded).
  static arrow::Result<std::shared_ptr<const ScanFilter>> Make(
      const ExprPtr& filter, std::shared_ptr<arrow::Schema> layout,
      const std::vector<std::string>& data_columns);

  /// How pieces may be read for this filter: string columns worth reading
  /// dictionary-encoded, and the columns it does not read (deferrable).
  const FilteredPieceOptions& piece_options() const { return piece_options_; }
  /// The layout columns the filter reads.
  const std::set<int>& read_columns() const { return read_columns_; }

  /// The filter's value for every row of `batch` (the layout's columns, some of them
  /// possibly dictionary-encoded): true, false or null. With `kept_by_column`, adds for
  /// each column some conjuncts read alone how many rows those conjuncts keep.
  arrow::Result<std::shared_ptr<arrow::Array>> Evaluate(
      const arrow::RecordBatch& batch, arrow::compute::ExecContext* ctx,
      std::map<int, int64_t>* kept_by_column = nullptr) const;

  /// The conjuncts that read layout column `column` alone, on `batch` (null if none).
  arrow::Result<std::shared_ptr<arrow::Array>> EvaluateAlone(const arrow::RecordBatch& batch,
                                                             int column,
                                                             arrow::compute::ExecContext* ctx) const;

 private:
  struct Conjunct {
    BoundExprPtr expr;
    int column = -1;  ///< the one layout column it reads, if it reads one string column
    std::vector<int> reads;  ///< the layout columns it reads
  };
  arrow::Result<std::shared_ptr<arrow::Array>> EvaluateConjunct(
      const Conjunct& conjunct, const arrow::RecordBatch& batch,
      arrow::ArrayVector* decoded_columns, arrow::compute::ExecContext* ctx) const;
  std::vector<Conjunct> conjuncts_;
  std::shared_ptr<arrow::Schema> layout_;
  FilteredPieceOptions piece_options_;
  std::set<int> read_columns_;
};

/// A dictionary-encoded `column` decoded to `type`.
arrow::Result<std::shared_ptr<arrow::Array>> DecodeDictionary(
    const std::shared_ptr<arrow::Array>& column, const std::shared_ptr<arrow::DataType>& type,
    arrow::compute::ExecContext* ctx);

/// `batch` with every dictionary-encoded column decoded: column i becomes `fields[i]`.
arrow::Result<std::shared_ptr<arrow::RecordBatch>> DecodeDictionaries(
    const std::shared_ptr<arrow::RecordBatch>& batch, const arrow::FieldVector& fields,
    arrow::compute::ExecContext* ctx);

}  // namespace skipjack
