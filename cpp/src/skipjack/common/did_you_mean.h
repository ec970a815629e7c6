// File: did_you_mean.h
//
// Suggestions for misspelled names ("Did you mean 'price'?"), used by every error that
// reports an unknown column or function.

#pragma once

#include <string>
#include <vector>

namespace skipjack {

/// Returns up to `max_results` candidates close to `name` (edit distance, then
/// case-insensitive match), best first. Empty when nothing is close.
std::vector<std::string> ClosestNames(const std::string& name,
                                      const std::vector<std::string>& candidates,
                                      size_t max_results = 3);

/// Returns " Did you mean 'a'?" or " Did you mean 'a' or 'b'?" or "".
std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace skipjack
