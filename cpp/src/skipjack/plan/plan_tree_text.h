// File: plan_tree_text.h
//
// Text rendering shared by logical and physical plans, in Daft's git-graph style:
//
//   * Project: col(a) + lit(1) as b
//   |
//   * Source:
//   |   Output schema = a#Int64

#pragma once

#include <string>
#include <vector>

namespace skipjack {

/// One node of a tree to print.
struct PlanTextNode {
  std::string title;                     ///< "Project: col(a)" or "Source:"
  std::vector<std::string> details;      ///< lines under the title
  std::vector<PlanTextNode> children;
};

/// Renders the tree; a node with two inputs forks with "|\" and indents the second.
std::string RenderPlanText(const PlanTextNode& root);

}  // namespace skipjack
