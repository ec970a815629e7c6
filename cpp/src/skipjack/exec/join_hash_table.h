// File: join_hash_table.h
//
// The index a hash join builds over its build side: for a batch of probe keys, which
// build rows have equal keys. Read-only once made, so every probe worker shares it.

#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

using ArrayVector = std::vector<std::shared_ptr<arrow::Array>>;

/// Matches found for a batch of probe rows, in probe order.
struct JoinMatches {
  std::vector<int32_t> probe_rows;
  std::vector<int64_t> build_rows;  ///< -1: a probe row without a match (if asked for)
};

class JoinHashTable {
 public:
  /// Indexes `keys` (build-side key columns, one array each, all of one length). Rows
  /// with a null in any key are left out: a null key never matches.
  static arrow::Result<std::unique_ptr<JoinHashTable>> Make(ArrayVector keys);
  virtual ~JoinHashTable() = default;

  int64_t num_build_rows() const { return num_build_rows_; }

  /// Appends (probe row, build row) for every pair with equal keys; with
  /// `keep_unmatched`, also (probe row, -1) for each probe row that has none.
  /// `probe_keys` have the build keys' types.
  virtual arrow::Status FindAll(const ArrayVector& probe_keys, bool keep_unmatched,
                                JoinMatches* out) const = 0;
  /// Sets has_match[i] to 1 when probe row i has at least one equal build row, else 0.
  virtual arrow::Status FindAny(const ArrayVector& probe_keys,
                                std::vector<uint8_t>* has_match) const = 0;

  /// Sets matched[b] to 1 for every build row b with a key equal to some probe row's
  /// (semi and anti joins that return build rows need no pairs).
  virtual arrow::Status MarkMatches(const ArrayVector& probe_keys, uint8_t* matched) const;

 protected:
  explicit JoinHashTable(int64_t num_build_rows) : num_build_rows_(num_build_rows) {}

 private:
  int64_t num_build_rows_;
};

}  // namespace skipjack
