// File: key_grouper.h
//
// Assigns group ids to rows by their key values: the first distinct key seen is group
// 0, the next new one group 1, and so on (null is a key like any other). Aggregations
// and count_distinct use it. Keys of up to six integer-like columns (integers, dates,
// timestamps) use our own open-addressing table, several times faster than a generic
// one on the common "group by id" case; short strings mixed with such columns are
// packed into integer words for it (packed_string_grouper.h); other keys are encoded
// into bytes per row, or use Arrow's Grouper.

#pragma once

#include <memory>
#include <vector>

#include <arrow/compute/type_fwd.h>
#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

/// Integers, dates, times, timestamps and durations: keys the integer grouper reads.
bool IsIntegerLikeKey(const arrow::DataType& type);

class KeyGrouper {
 public:
  static arrow::Result<std::unique_ptr<KeyGrouper>> Make(
      const std::vector<std::shared_ptr<arrow::DataType>>& key_types,
      arrow::compute::ExecContext* exec);
  /// A grouper that does not hash keys: every row is a group of its own, or with
  /// `by_runs` every run of consecutive rows with equal keys (KeyRunStarts). Partial
  /// aggregation switches to it when grouping does not reduce the rows (or the runs)
  /// much, leaving the grouping to the final merge.
  static std::unique_ptr<KeyGrouper> MakePassThrough(arrow::MemoryPool* pool, bool by_runs);
  virtual ~KeyGrouper() = default;

  /// Group ids of `length` rows of `keys` (one array per key column), adding new groups.
  virtual arrow::Result<std::shared_ptr<arrow::UInt32Array>> Consume(
      const std::vector<std::shared_ptr<arrow::Array>>& keys, int64_t length) = 0;
  /// The distinct keys by group id, one array per key column.
  virtual arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> Uniques() = 0;
  virtual uint32_t num_groups() const = 0;
  /// Makes room for `groups` groups in all, so that consuming them rehashes no more
  /// (a merge knows how many groups at most are coming).
  virtual void Reserve(int64_t groups) { (void)groups; }

  /// Each group's key hash, by group id, where the grouper keeps them (else null): a
  /// merge splits groups into partitions by them without reading the keys.
  virtual const uint64_t* GroupHashes() const { return nullptr; }
  /// Whether ConsumeGroups reads `other`'s groups: a grouper of the same kind, whose
  /// keys it takes as they are stored, without decoding them.
  virtual bool MergesFrom(const KeyGrouper& other) const {
    (void)other;
    return false;
  }
  /// Group ids of `other`'s groups `groups[0..count)`, adding new groups: the final
  /// merge of partial tables. Only where MergesFrom(other).
  virtual arrow::Result<std::shared_ptr<arrow::UInt32Array>> ConsumeGroups(
      const KeyGrouper& other, const int64_t* groups, int64_t count);
};

}  // namespace skipjack
