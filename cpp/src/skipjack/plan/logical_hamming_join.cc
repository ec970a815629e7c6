#include "skipjack/plan/logical_hamming_join.h"

#include <set>

#include <arrow/type.h>

#include "skipjack/common/error_detail.h"
#include "skipjack/types/display_name.h"

namespace skipjack {
namespace {

bool HashType(const arrow::DataType& type) {
  return type.id() == arrow::Type::FIXED_SIZE_BINARY || arrow::is_integer(type.id());
}

}  // namespace

LogicalHammingJoin::LogicalHammingJoin(LogicalPlanPtr left, LogicalPlanPtr right,
                                       std::string left_key, std::string right_key,
                                       int max_distance, std::string distance_column,
                                       std::shared_ptr<arrow::Schema> schema)
    : LogicalPlan(LogicalKind::kHammingJoin, {std::move(left), std::move(right)}, std::move(schema)),
      left_key_(std::move(left_key)),
      right_key_(std::move(right_key)),
      max_distance_(max_distance),
      distance_column_(std::move(distance_column)) {}

arrow::Result<LogicalPlanPtr> LogicalHammingJoin::Make(LogicalPlanPtr left, LogicalPlanPtr right,
                                                       std::string left_key, std::string right_key,
                                                       int max_distance,
                                                       std::string distance_column) {
  const auto left_field = left->schema()->GetFieldByName(left_key);
  const auto right_field = right->schema()->GetFieldByName(right_key);
  if (!left_field) return ColumnNotFound("hamming join: no left column '" + left_key + "'");
  if (!right_field) return ColumnNotFound("hamming join: no right column '" + right_key + "'");
  if (!HashType(*left_field->type()) || !HashType(*right_field->type())) {
    return arrow::Status::TypeError("hamming join keys must be fixed-size binaries (image_hash) or ",
                                    "integers, got ", DisplayName(*left_field->type()), " and ",
                                    DisplayName(*right_field->type()));
  }
  if (arrow::is_integer(left_field->type()->id()) != arrow::is_integer(right_field->type()->id()) ||
      (!arrow::is_integer(left_field->type()->id()) &&
       !left_field->type()->Equals(*right_field->type()))) {
    return arrow::Status::TypeError("hamming join keys differ in size: ",
                                    DisplayName(*left_field->type()), " and ",
                                    DisplayName(*right_field->type()));
  }
  if (max_distance < 0) {
    return arrow::Status::Invalid("hamming join: max_distance must be >= 0, got ", max_distance);
  }
  arrow::FieldVector fields = left->schema()->fields();
  std::set<std::string> names;
  for (const auto& f : fields) names.insert(f->name());
  for (const auto& f : right->schema()->fields()) {
    if (!names.insert(f->name()).second) {
      return arrow::Status::Invalid("hamming join: column '", f->name(), "' is on both sides; ",
                                    "rename it on one side first (select(col(...).alias(...)))");
    }
    fields.push_back(f);
  }
  if (!names.insert(distance_column).second) {
    return arrow::Status::Invalid("hamming join: the distance column '", distance_column,
                                  "' clashes with an input column");
  }
  fields.push_back(arrow::field(distance_column, arrow::uint32(), false));
  return std::make_shared<LogicalHammingJoin>(std::move(left), std::move(right), std::move(left_key),
                                              std::move(right_key), max_distance,
                                              std::move(distance_column), arrow::schema(fields));
}

std::string LogicalHammingJoin::Summary() const {
  return "hamming_distance(col(" + left_key_ + "), col(" + right_key_ + ")) <= " +
         std::to_string(max_distance_);
}

std::vector<std::string> LogicalHammingJoin::Details() const {
  return {"Strategy = multi-index hashing", "Distance column = " + distance_column_};
}

arrow::Result<LogicalPlanPtr> LogicalHammingJoin::WithChildren(
    std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children.at(0)), std::move(children.at(1)), left_key_, right_key_,
              max_distance_, distance_column_);
}

}  // namespace skipjack
