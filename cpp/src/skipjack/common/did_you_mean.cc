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

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
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
