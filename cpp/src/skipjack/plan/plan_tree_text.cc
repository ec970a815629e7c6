#include "skipjack/plan/plan_tree_text.h"

namespace skipjack {
namespace {

void Render(const PlanTextNode& node, const std::string& prefix, std::string* out) {
  *out += prefix + "* " + node.title + "\n";
  for (const auto& line : node.details) *out += prefix + "|   " + line + "\n";
  if (node.children.empty()) return;
  // Later inputs hang off a fork; the first input continues the main line.
  for (size_t i = node.children.size() - 1; i >= 1; --i) {
    *out += prefix + "|\\\n";
    Render(node.children[i], prefix + "| ", out);
  }
  *out += prefix + "|\n";
  Render(node.children[0], prefix, out);
}

}  // namespace

std::string RenderPlanText(const PlanTextNode& root) {
  std::string out;
  Render(root, "", &out);
  return out;
}

}  // namespace skipjack
