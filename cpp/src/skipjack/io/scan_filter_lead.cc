// File: scan_filter_lead.cc

#include "skipjack/io/scan_filter_lead.h"

namespace skipjack {

void FilterLead::Add(const std::map<int, int64_t>& kept_by_column, int64_t rows) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!sampling()) return;
  for (const auto& [column, kept] : kept_by_column) kept_[column] += kept;
  rows_ += rows;
  if (rows_ < kSampleRows) return;
  int best = kNone;
  double best_share = kLeadBelowShare;
  for (const auto& [column, kept] : kept_) {
    const double share = static_cast<double>(kept) / static_cast<double>(rows_);
    if (share < best_share) {
      best = column;
      best_share = share;
    }
  }
  for (int column : stageable_) {
    if (best != kNone && column != best) staged_.push_back(column);
  }
  column_.store(staged_.empty() ? kNone : best, std::memory_order_release);
}

}  // namespace skipjack
