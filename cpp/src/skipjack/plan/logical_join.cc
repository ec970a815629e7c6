#include "skipjack/plan/logical_join.h"

#include <algorithm>
#include <set>

#include <arrow/type.h>

#include "skipjack/expr/binder.h"
#include "skipjack/types/display_name.h"
#include "skipjack/types/supertype.h"

namespace skipjack {

arrow::Result<JoinType> ParseJoinType(const std::string& name) {
  static const std::map<std::string, JoinType> kTypes = {
      {"inner", JoinType::kInner}, {"left", JoinType::kLeft},   {"right", JoinType::kRight},
      {"outer", JoinType::kOuter}, {"semi", JoinType::kSemi},   {"anti", JoinType::kAnti},
      {"cross", JoinType::kCross}, {"full", JoinType::kOuter}};
  auto it = kTypes.find(name);
  if (it == kTypes.end()) {
    return arrow::Status::Invalid("Unknown join type '", name,
                                  "'; expected one of inner, left, right, outer, semi, anti, cross");
  }
  return it->second;
}

std::string JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner:
      return "Inner";
    case JoinType::kLeft:
      return "Left";
    case JoinType::kRight:
      return "Right";
    case JoinType::kOuter:
      return "Outer";
    case JoinType::kSemi:
      return "Semi";
    case JoinType::kAnti:
      return "Anti";
    case JoinType::kCross:
      return "Cross";
  }
  return "?";
}

namespace {

bool SameNamedColumns(const ExprPtr& left, const ExprPtr& right) {
  return left->kind() == ExprKind::kColumn && right->kind() == ExprKind::kColumn &&
         static_cast<const ColumnExpr&>(*left).name() == static_cast<const ColumnExpr&>(*right).name();
}

}  // namespace

LogicalJoin::LogicalJoin(LogicalPlanPtr left, LogicalPlanPtr right,
                         std::vector<ExprPtr> left_keys, std::vector<ExprPtr> right_keys,
                         JoinType type, std::string prefix, std::string suffix,
                         std::vector<std::shared_ptr<arrow::DataType>> key_types,
                         std::map<std::string, std::string> right_renames,
                         std::vector<JoinOutputColumn> layout,
                         std::shared_ptr<arrow::Schema> schema)
    : LogicalPlan(LogicalKind::kJoin, {std::move(left), std::move(right)}, std::move(schema)),
      left_keys_(std::move(left_keys)),
      right_keys_(std::move(right_keys)),
      type_(type),
      prefix_(std::move(prefix)),
      suffix_(std::move(suffix)),
      key_types_(std::move(key_types)),
      right_renames_(std::move(right_renames)),
      layout_(std::move(layout)) {}

namespace {

struct KeyAnalysis {
  std::vector<std::shared_ptr<arrow::DataType>> key_types;
  std::vector<int> merged_left, merged_right, merged_key;  // per merged pair
};

arrow::Result<KeyAnalysis> AnalyzeKeys(const arrow::Schema& left_schema,
                                       const arrow::Schema& right_schema,
                                       const std::vector<ExprPtr>& left_keys,
                                       const std::vector<ExprPtr>& right_keys, JoinType type) {
  if (left_keys.size() != right_keys.size()) {
    return arrow::Status::Invalid("join: ", left_keys.size(), " left keys but ",
                                  right_keys.size(), " right keys");
  }
  if (type == JoinType::kCross && !left_keys.empty()) {
    return arrow::Status::Invalid("A cross join takes no keys");
  }
  if (type != JoinType::kCross && left_keys.empty()) {
    return arrow::Status::Invalid("join() needs keys (on= or left_on=/right_on=), or how='cross'");
  }
  KeyAnalysis out;
  for (size_t i = 0; i < left_keys.size(); ++i) {
    ARROW_ASSIGN_OR_RAISE(auto left_field, ResolveField(left_keys[i], left_schema));
    ARROW_ASSIGN_OR_RAISE(auto right_field, ResolveField(right_keys[i], right_schema));
    auto common = CommonSupertype(left_field->type(), right_field->type());
    const bool text_vs_other =
        IsStringType(*left_field->type()) != IsStringType(*right_field->type());
    if (!common.ok() || text_vs_other) {
      return arrow::Status::TypeError("Cannot join ", left_keys[i]->ToString(), " (",
                                      DisplayName(*left_field->type()), ") with ",
                                      right_keys[i]->ToString(), " (",
                                      DisplayName(*right_field->type()), "): the key types differ");
    }
    out.key_types.push_back(*common);
    if (SameNamedColumns(left_keys[i], right_keys[i]) && type != JoinType::kSemi &&
        type != JoinType::kAnti) {
      out.merged_left.push_back(left_schema.GetFieldIndex(left_field->name()));
      out.merged_right.push_back(right_schema.GetFieldIndex(right_field->name()));
      out.merged_key.push_back(static_cast<int>(i));
    }
  }
  return out;
}

// Keeps the output columns named in `names`, or the first one when none is.
void KeepOutputs(const std::set<std::string>& names, std::vector<JoinOutputColumn>* layout,
                 arrow::FieldVector* fields) {
  std::vector<JoinOutputColumn> kept_layout;
  arrow::FieldVector kept_fields;
  for (size_t i = 0; i < fields->size(); ++i) {
    if (!names.count((*fields)[i]->name())) continue;
    kept_layout.push_back((*layout)[i]);
    kept_fields.push_back((*fields)[i]);
  }
  if (kept_fields.empty() && !fields->empty()) {
    kept_layout.push_back(layout->front());
    kept_fields.push_back(fields->front());
  }
  *layout = std::move(kept_layout);
  *fields = std::move(kept_fields);
}

bool Contains(const std::vector<int>& values, int value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

arrow::Result<LogicalPlanPtr> LogicalJoin::Make(LogicalPlanPtr left, LogicalPlanPtr right,
                                                std::vector<ExprPtr> left_keys,
                                                std::vector<ExprPtr> right_keys, JoinType type,
                                                std::string prefix, std::string suffix) {
  const auto& left_schema = *left->schema();
  const auto& right_schema = *right->schema();
  ARROW_ASSIGN_OR_RAISE(auto keys,
                        AnalyzeKeys(left_schema, right_schema, left_keys, right_keys, type));
  // Right columns whose names are taken by an earlier output column get renamed.
  std::map<std::string, std::string> renames;
  if (type != JoinType::kSemi && type != JoinType::kAnti) {
    std::set<std::string> taken;
    for (int i : keys.merged_left) taken.insert(left_schema.field(i)->name());
    for (int i = 0; i < left_schema.num_fields(); ++i) taken.insert(left_schema.field(i)->name());
    for (int i = 0; i < right_schema.num_fields(); ++i) {
      if (Contains(keys.merged_right, i)) continue;
      const std::string& name = right_schema.field(i)->name();
      if (!taken.count(name)) {
        taken.insert(name);
        continue;
      }
      std::string renamed = prefix + name + suffix;
      if (taken.count(renamed)) {
        return arrow::Status::Invalid("join: right column '", name, "' renamed to '", renamed,
                                      "' still clashes with another column; pass prefix= or "
                                      "suffix=");
      }
      taken.insert(renamed);
      renames[name] = renamed;
    }
  }
  auto join = std::make_shared<LogicalJoin>(
      std::move(left), std::move(right), std::move(left_keys), std::move(right_keys), type,
      std::move(prefix), std::move(suffix), std::vector<std::shared_ptr<arrow::DataType>>{},
      std::move(renames), std::vector<JoinOutputColumn>{}, nullptr);
  return join->WithInputs(join->children()[0], join->children()[1]);
}

arrow::Result<LogicalPlanPtr> LogicalJoin::WithInputs(LogicalPlanPtr left,
                                                      LogicalPlanPtr right) const {
  const auto& left_schema = *left->schema();
  const auto& right_schema = *right->schema();
  ARROW_ASSIGN_OR_RAISE(auto keys,
                        AnalyzeKeys(left_schema, right_schema, left_keys_, right_keys_, type_));
  std::vector<JoinOutputColumn> layout;
  arrow::FieldVector fields;
  for (size_t m = 0; m < keys.merged_left.size(); ++m) {
    const int key = keys.merged_key[m];
    layout.push_back({JoinOutputColumn::Source::kMergedKey, key});
    fields.push_back(left_schema.field(keys.merged_left[m])->WithType(keys.key_types[key]));
  }
  for (int i = 0; i < left_schema.num_fields(); ++i) {
    if (Contains(keys.merged_left, i)) continue;
    layout.push_back({JoinOutputColumn::Source::kLeft, i});
    fields.push_back(left_schema.field(i));
  }
  if (type_ != JoinType::kSemi && type_ != JoinType::kAnti) {
    for (int i = 0; i < right_schema.num_fields(); ++i) {
      if (Contains(keys.merged_right, i)) continue;
      auto field = right_schema.field(i);
      auto renamed = right_renames_.find(field->name());
      if (renamed != right_renames_.end()) field = field->WithName(renamed->second);
      layout.push_back({JoinOutputColumn::Source::kRight, i});
      fields.push_back(field);
    }
  }
  // Outer sides may produce nulls anywhere; keep every output column nullable.
  for (auto& field : fields) field = field->WithNullable(true);
  if (!outputs_.empty()) KeepOutputs(outputs_, &layout, &fields);
  auto join = std::make_shared<LogicalJoin>(std::move(left), std::move(right), left_keys_,
                                            right_keys_, type_, prefix_, suffix_,
                                            std::move(keys.key_types), right_renames_,
                                            std::move(layout), arrow::schema(std::move(fields)));
  join->outputs_ = outputs_;
  return join;
}

arrow::Result<LogicalPlanPtr> LogicalJoin::WithOutputs(std::set<std::string> names) const {
  LogicalJoin chosen(children()[0], children()[1], left_keys_, right_keys_, type_, prefix_,
                     suffix_, key_types_, right_renames_, layout_, schema());
  // Every column named is "all columns": a rule that later rebuilds the join over
  // inputs with other columns then keeps them all.
  ARROW_ASSIGN_OR_RAISE(auto full, chosen.WithInputs(children()[0], children()[1]));
  bool all = true;
  for (const auto& field : full->schema()->fields()) all = all && names.count(field->name());
  if (all) names.clear();
  if (names == outputs_) return shared_from_this();
  if (names.empty()) return full;
  chosen.outputs_ = std::move(names);
  return chosen.WithInputs(children()[0], children()[1]);
}

std::string LogicalJoin::Summary() const { return "Type = " + JoinTypeName(type_); }

// As Daft: "On = col(left.a#Int64) == col(right.a#Int64)", pairs joined by " & ".
std::vector<std::string> LogicalJoin::Details() const {
  std::vector<std::string> lines = {"Strategy = Auto"};
  if (!left_keys_.empty()) {
    std::string on;
    for (size_t i = 0; i < left_keys_.size(); ++i) {
      auto side = [&](const ExprPtr& key, const LogicalPlanPtr& input, const char* name) {
        auto field = ResolveField(key, *input->schema());
        const std::string type = field.ok() ? DisplayName(*(*field)->type()) : "?";
        if (key->kind() == ExprKind::kColumn) {
          return "col(" + std::string(name) + "." + (*field)->name() + "#" + type + ")";
        }
        return key->ToString();
      };
      on += (i ? " & " : "") + side(left_keys_[i], children()[0], "left") + " == " +
            side(right_keys_[i], children()[1], "right");
    }
    lines.push_back("On = " + on);
  }
  std::string schema_text;
  for (const auto& field : schema()->fields()) {
    schema_text += (schema_text.empty() ? "" : ", ") + field->name() + "#" + DisplayName(*field->type());
  }
  lines.push_back("Output schema = " + schema_text);
  return lines;
}

arrow::Result<LogicalPlanPtr> LogicalJoin::WithChildren(std::vector<LogicalPlanPtr> children) const {
  return WithInputs(std::move(children.at(0)), std::move(children.at(1)));
}

}  // namespace skipjack
