#include "skipjack/plan/logical_sort.h"

#include <arrow/type.h>

#include "skipjack/expr/binder.h"
#include "skipjack/types/display_name.h"

namespace skipjack {

LogicalSort::LogicalSort(LogicalPlanPtr input, std::vector<ExprPtr> keys,
                         std::vector<bool> descending, std::vector<bool> nulls_first)
    : LogicalPlan(LogicalKind::kSort, {input}, input->schema()),
      keys_(std::move(keys)),
      descending_(std::move(descending)),
      nulls_first_(std::move(nulls_first)) {}

arrow::Result<LogicalPlanPtr> LogicalSort::Make(LogicalPlanPtr input, std::vector<ExprPtr> keys,
                                                std::vector<bool> descending,
                                                std::vector<bool> nulls_first) {
  if (keys.empty()) return arrow::Status::Invalid("sort() needs at least one key");
  if (descending.size() != keys.size() || nulls_first.size() != keys.size()) {
    return arrow::Status::Invalid("sort(): got ", keys.size(), " keys but ", descending.size(),
                                  " desc and ", nulls_first.size(), " nulls_first values");
  }
  for (const auto& key : keys) {
    ARROW_ASSIGN_OR_RAISE(auto field, ResolveField(key, *input->schema()));
    const auto id = field->type()->id();
    const bool sortable = arrow::is_primitive(id) || arrow::is_base_binary_like(id) ||
                          id == arrow::Type::DECIMAL128 || id == arrow::Type::NA;
    if (!sortable || id == arrow::Type::INTERVAL_MONTH_DAY_NANO) {
      return arrow::Status::TypeError("Cannot sort by ", key->ToString(), ": values of type ",
                                      DisplayName(*field->type()), " have no order");
    }
  }
  return std::make_shared<LogicalSort>(std::move(input), std::move(keys), std::move(descending),
                                       std::move(nulls_first));
}

std::string SortKeysText(const std::vector<std::string>& keys, const std::vector<bool>& descending,
                         const std::vector<bool>& nulls_first) {
  std::string out;
  for (size_t i = 0; i < keys.size(); ++i) {
    out += (i ? ", " : "") + keys[i] + (descending[i] ? " desc" : " asc") +
           (nulls_first[i] ? " nulls first" : " nulls last");
  }
  return out;
}

std::string LogicalSort::Summary() const {
  std::vector<std::string> keys;
  for (const auto& key : keys_) keys.push_back(key->ToString());
  return "Sort by = " + SortKeysText(keys, descending_, nulls_first_);
}

arrow::Result<LogicalPlanPtr> LogicalSort::WithChildren(std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children.at(0)), keys_, descending_, nulls_first_);
}

}  // namespace skipjack
