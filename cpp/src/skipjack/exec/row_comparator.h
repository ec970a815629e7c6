// File: row_comparator.h
//
// Compares rows of sorted runs by several sort keys, for the k-way merge of a sort.
// Each key has its own direction and null placement. Exactly as Arrow's sort_indices
// (which sorts the runs): NaN goes with the nulls, on their side, nearer the values.

#pragma once

#include <memory>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

struct SortKeyOrder {
  bool descending = false;
  bool nulls_first = false;
};

/// One key column of one run, compared against the same key of another run.
class KeyColumn {
 public:
  virtual ~KeyColumn() = default;
  enum Category { kValue = 0, kNaN = 1, kNull = 2 };

  /// <0, 0, >0 as (this, i) sorts before, with, after (other, j); both are values.
  virtual int CompareValues(int64_t i, const KeyColumn& other, int64_t j) const = 0;
  virtual Category category(int64_t i) const = 0;
};

/// Wraps a key array for comparisons; NotImplemented for unsortable types.
arrow::Result<std::unique_ptr<KeyColumn>> MakeKeyColumn(const std::shared_ptr<arrow::Array>& keys);

/// Lexicographic comparison of rows over several key columns.
class RowComparator {
 public:
  explicit RowComparator(std::vector<SortKeyOrder> orders) : orders_(std::move(orders)) {}

  /// <0 when row i of run `a` sorts before row j of run `b` (each run given as its key
  /// columns, in key order).
  int Compare(const std::vector<std::unique_ptr<KeyColumn>>& a, int64_t i,
              const std::vector<std::unique_ptr<KeyColumn>>& b, int64_t j) const;

 private:
  std::vector<SortKeyOrder> orders_;
};

}  // namespace skipjack
