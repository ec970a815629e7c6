#include "skipjack/plan/logical_source.h"

#include <arrow/type.h>

#include "skipjack/expr/binder.h"
#include "skipjack/types/display_name.h"

namespace skipjack {

LogicalSource::LogicalSource(std::shared_ptr<const SourceInfo> info, Pushdowns pushdowns,
                             std::shared_ptr<arrow::Schema> schema)
    : LogicalPlan(LogicalKind::kSource, {}, std::move(schema)),
      info_(std::move(info)),
      pushdowns_(std::move(pushdowns)) {}

arrow::Result<LogicalPlanPtr> LogicalSource::Make(std::shared_ptr<const SourceInfo> info,
                                                  Pushdowns pushdowns) {
  const auto& full = info->schema();
  if (pushdowns.filter) {
    ARROW_ASSIGN_OR_RAISE(auto field, ResolveField(pushdowns.filter, *full));
    if (field->type()->id() != arrow::Type::BOOL) {
      return arrow::Status::TypeError("Filter pushdown must be Bool, got ",
                                      DisplayName(*field->type()));
    }
  }
  std::shared_ptr<arrow::Schema> schema = full;
  if (pushdowns.columns) {
    arrow::FieldVector fields;
    for (const auto& name : *pushdowns.columns) {
      auto field = full->GetFieldByName(name);
      if (!field) return arrow::Status::KeyError("Source has no column '", name, "'");
      fields.push_back(field);
    }
    schema = arrow::schema(std::move(fields));
  }
  return std::make_shared<LogicalSource>(std::move(info), std::move(pushdowns),
                                         std::move(schema));
}

std::vector<std::string> LogicalSource::Details() const {
  auto lines = info_->DisplayLines();
  if (pushdowns_.columns) {
    std::string names;
    for (const auto& name : *pushdowns_.columns) names += (names.empty() ? "" : ", ") + name;
    lines.push_back("Projection pushdown = [" + names + "]");
  }
  if (pushdowns_.filter) lines.push_back("Filter pushdown = " + pushdowns_.filter->ToString());
  if (pushdowns_.limit) lines.push_back("Limit pushdown = " + std::to_string(*pushdowns_.limit));
  return lines;
}

arrow::Result<LogicalPlanPtr> LogicalSource::WithChildren(std::vector<LogicalPlanPtr>) const {
  return shared_from_this();
}

}  // namespace skipjack
