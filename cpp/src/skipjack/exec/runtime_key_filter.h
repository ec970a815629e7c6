// File: runtime_key_filter.h
//
// Runtime join filters. A hash join builds its table before it probes; once built, the
// build keys tell which probe rows can match at all. The join publishes them here and
// the probe side's file scan tests each batch's key column against them, dropping rows
// before it reads their other columns (see FilteredPieceOptions::deferrable_columns):
// a lineitem scan joined with one year of orders reads prices for 15% of its rows.
//
// Keys are integer-like (integers, dates, times, timestamps) held as a bitmap over their value range;
// builds whose range is too wide publish nothing and the scan keeps every row.

#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

class RuntimeKeyFilter {
 public:
  /// Whether keys of `type` can be filtered so.
  static bool Supports(const arrow::DataType& type);

  /// Publishes the build side's keys (an array of a supported type; nulls never match).
  /// Called once, before any probe row is read after it.
  void Publish(const arrow::Array& keys);
  /// Whether Publish has been called (the probe side's scan waits for it).
  bool published() const { return published_.load(std::memory_order_acquire); }
  /// The share of the keys' value range that are build keys: about the share of probe
  /// rows kept when probe keys spread over the same range; 1 when nothing is filtered.
  double kept_share() const { return ready_.load(std::memory_order_acquire) ? kept_share_ : 1; }

  /// True where the key of `column` may match a build key, false where it cannot
  /// (nulls included); nullptr while nothing is published (keep every row).
  arrow::Result<std::shared_ptr<arrow::Array>> Test(const arrow::Array& column,
                                                    arrow::MemoryPool* pool) const;

 private:
  std::atomic<bool> ready_{false};      // keys to test against (not too wide a range)
  std::atomic<bool> published_{false};
  int64_t min_ = 0;
  int64_t max_ = -1;               // max < min: no key at all
  std::vector<uint64_t> bits_;     // bit (key - min) set for every build key
  double kept_share_ = 1;
};

}  // namespace skipjack
