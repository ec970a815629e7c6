#include "skipjack/common/did_you_mean.h"

#include <algorithm>
#include <cctype>

namespace skipjack {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

// Optimal string alignment distance: Levenshtein plus swaps of neighbours, the most
// common typo ("nmae" for "name").
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] != b[j - 1];
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::vector<std::string> ClosestNames(const std::string& name,
                                      const std::vector<std::string>& candidates,
                                      size_t max_results) {
  const std::string lowered = Lower(name);
  // A name is close when a third of its characters or fewer would change.
  const size_t threshold = std::max<size_t>(1, name.size() / 3);
  std::vector<std::pair<size_t, std::string>> scored;
  for (const auto& candidate : candidates) {
    const std::string other = Lower(candidate);
    size_t distance = EditDistance(lowered, other);
    if (other.find(lowered) != std::string::npos || lowered.find(other) != std::string::npos) {
      distance = std::min<size_t>(distance, 1);
    }
    if (distance <= threshold) scored.emplace_back(distance, candidate);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < max_results; ++i) {
    out.push_back(scored[i].second);
  }
  return out;
}

std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates) {
  auto close = ClosestNames(name, candidates);
  if (close.empty()) return "";
  std::string out = " Did you mean ";
  for (size_t i = 0; i < close.size(); ++i) {
    if (i > 0) out += (i + 1 == close.size()) ? " or " : ", ";
    out += "'" + close[i] + "'";
  }
  return out + "?";
}

}  // namespace skipjack
