#include "skipjack/plan/optimizer/join_side_columns.h"

#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr_rewrite.h"

namespace skipjack {

arrow::Result<JoinSideColumns> JoinSideColumns::Of(const LogicalJoin& join) {
  const JoinType type = join.type();
  const auto& left = join.children()[0];
  const auto& right = join.children()[1];
  JoinSideColumns sides;
  for (size_t i = 0; i < join.layout().size(); ++i) {
    const auto& column = join.layout()[i];
    const auto& output = join.schema()->field(static_cast<int>(i));
    switch (column.source) {
      case JoinOutputColumn::Source::kLeft:
        sides.left[output->name()] = Col(left->schema()->field(column.index)->name());
        break;
      case JoinOutputColumn::Source::kRight:
        sides.right[output->name()] = Col(right->schema()->field(column.index)->name());
        break;
      case JoinOutputColumn::Source::kMergedKey: {
        // Same-typed keys only: the predicate must see the same values.
        const auto& key_type = join.key_types()[column.index];
        ARROW_ASSIGN_OR_RAISE(auto left_field, ResolveField(join.left_keys()[column.index],
                                                            *left->schema()));
        ARROW_ASSIGN_OR_RAISE(auto right_field, ResolveField(join.right_keys()[column.index],
                                                             *right->schema()));
        if (!left_field->type()->Equals(*key_type) || !right_field->type()->Equals(*key_type)) {
          break;
        }
        if (type != JoinType::kRight) sides.left[output->name()] = Col(left_field->name());
        if (type != JoinType::kLeft) sides.right[output->name()] = Col(right_field->name());
        break;
      }
    }
  }
  // Only the sides whose rows the join keeps as they are.
  if (type == JoinType::kRight || type == JoinType::kOuter) sides.left.clear();
  if (type != JoinType::kInner && type != JoinType::kRight && type != JoinType::kCross) {
    sides.right.clear();
  }
  return sides;
}

bool JoinSideColumns::ReadsOnly(const ExprPtr& predicate,
                                const std::map<std::string, ExprPtr>& side) {
  for (const auto& name : ReferencedColumns(predicate)) {
    if (!side.count(name)) return false;
  }
  return true;
}

}  // namespace skipjack
