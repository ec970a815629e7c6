#include "skipjack/plan/logical_row_ops.h"

#include <sstream>

#include <arrow/type.h>

#include "skipjack/types/display_name.h"

namespace skipjack {

// -- offset -----------------------------------------------------------------------------

LogicalOffset::LogicalOffset(LogicalPlanPtr input, int64_t offset)
    : LogicalPlan(LogicalKind::kOffset, {input}, input->schema()), offset_(offset) {}

arrow::Result<LogicalPlanPtr> LogicalOffset::Make(LogicalPlanPtr input, int64_t offset) {
  if (offset < 0) {
    return arrow::Status::Invalid("OFFSET <n> must be greater than or equal to 0, instead got: ",
                                  offset);
  }
  return std::make_shared<LogicalOffset>(std::move(input), offset);
}

arrow::Result<LogicalPlanPtr> LogicalOffset::WithChildren(std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children.at(0)), offset_);
}

// -- concat -----------------------------------------------------------------------------

LogicalConcat::LogicalConcat(std::vector<LogicalPlanPtr> inputs,
                             std::shared_ptr<arrow::Schema> schema)
    : LogicalPlan(LogicalKind::kConcat, std::move(inputs), std::move(schema)) {}

arrow::Result<LogicalPlanPtr> LogicalConcat::Make(std::vector<LogicalPlanPtr> inputs) {
  if (inputs.empty()) return arrow::Status::Invalid("concat needs at least one DataFrame");
  const auto& first = *inputs[0]->schema();
  arrow::FieldVector fields = first.fields();
  for (size_t i = 1; i < inputs.size(); ++i) {
    const auto& other = *inputs[i]->schema();
    bool same = other.num_fields() == first.num_fields();
    for (int f = 0; same && f < first.num_fields(); ++f) {
      same = other.field(f)->name() == first.field(f)->name() &&
             other.field(f)->type()->Equals(*first.field(f)->type());
      if (same && other.field(f)->nullable()) fields[f] = fields[f]->WithNullable(true);
    }
    if (!same) {
      return arrow::Status::Invalid(
          "Both DataFrames must have the same schema to concatenate them, but got ",
          SchemaToPlanString(first), " and ", SchemaToPlanString(other));
    }
  }
  return std::make_shared<LogicalConcat>(std::move(inputs), arrow::schema(std::move(fields)));
}

arrow::Result<LogicalPlanPtr> LogicalConcat::WithChildren(std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children));
}

// -- explode ----------------------------------------------------------------------------

namespace {

bool IsListType(const arrow::DataType& type) {
  return type.id() == arrow::Type::LIST || type.id() == arrow::Type::LARGE_LIST ||
         type.id() == arrow::Type::FIXED_SIZE_LIST;
}

}  // namespace

LogicalExplode::LogicalExplode(LogicalPlanPtr input, std::vector<std::string> columns,
                               std::optional<std::string> index_column, bool ignore_empty_and_null,
                               std::shared_ptr<arrow::Schema> schema)
    : LogicalPlan(LogicalKind::kExplode, {std::move(input)}, std::move(schema)),
      columns_(std::move(columns)),
      index_column_(std::move(index_column)),
      ignore_empty_and_null_(ignore_empty_and_null) {}

arrow::Result<LogicalPlanPtr> LogicalExplode::Make(LogicalPlanPtr input,
                                                   std::vector<std::string> columns,
                                                   std::optional<std::string> index_column,
                                                   bool ignore_empty_and_null) {
  if (columns.empty()) return arrow::Status::Invalid("explode() needs at least one column");
  const auto& schema = *input->schema();
  arrow::FieldVector fields = schema.fields();
  for (const auto& name : columns) {
    const int index = schema.GetFieldIndex(name);
    if (index < 0) return arrow::Status::KeyError("explode(): no column '", name, "'");
    const auto& type = schema.field(index)->type();
    if (!IsListType(*type)) {
      return arrow::Status::TypeError("explode() expects List columns, but '", name, "' is ",
                                      DisplayName(*type));
    }
    fields[index] = arrow::field(name, type->field(0)->type(), true);
  }
  if (index_column) {
    if (schema.GetFieldIndex(*index_column) >= 0) {
      return arrow::Status::Invalid("explode(): index column '", *index_column,
                                    "' clashes with an existing column");
    }
    fields.push_back(arrow::field(*index_column, arrow::uint64(), true));
  }
  return std::make_shared<LogicalExplode>(std::move(input), std::move(columns),
                                          std::move(index_column), ignore_empty_and_null,
                                          arrow::schema(std::move(fields)));
}

std::string LogicalExplode::Summary() const {
  std::string out;
  for (const auto& name : columns_) out += (out.empty() ? "col(" : ", col(") + name + ")";
  return out;
}

std::vector<std::string> LogicalExplode::Details() const {
  std::vector<std::string> lines;
  if (index_column_) lines.push_back("Index column = " + *index_column_);
  if (ignore_empty_and_null_) lines.emplace_back("Ignore empty and null = true");
  return lines;
}

arrow::Result<LogicalPlanPtr> LogicalExplode::WithChildren(std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children.at(0)), columns_, index_column_, ignore_empty_and_null_);
}

// -- sample -----------------------------------------------------------------------------

LogicalSample::LogicalSample(LogicalPlanPtr input, std::optional<double> fraction,
                             std::optional<int64_t> size, bool with_replacement, uint64_t seed)
    : LogicalPlan(LogicalKind::kSample, {input}, input->schema()),
      fraction_(fraction),
      size_(size),
      with_replacement_(with_replacement),
      seed_(seed) {}

arrow::Result<LogicalPlanPtr> LogicalSample::Make(LogicalPlanPtr input,
                                                  std::optional<double> fraction,
                                                  std::optional<int64_t> size,
                                                  bool with_replacement, uint64_t seed) {
  if (fraction.has_value() == size.has_value()) {
    return arrow::Status::Invalid("sample() needs exactly one of fraction= and size=");
  }
  if (fraction && (*fraction < 0 || (!with_replacement && *fraction > 1))) {
    return arrow::Status::Invalid("sample(): fraction must be between 0 and 1 (or >= 0 with "
                                  "replacement), got ", *fraction);
  }
  if (size && *size < 0) return arrow::Status::Invalid("sample(): size must be >= 0, got ", *size);
  return std::make_shared<LogicalSample>(std::move(input), fraction, size, with_replacement, seed);
}

std::string LogicalSample::Summary() const {
  std::ostringstream out;
  if (fraction_) out << "Fraction = " << *fraction_;
  if (size_) out << "Size = " << *size_;
  if (with_replacement_) out << ", with replacement";
  return out.str();
}

arrow::Result<LogicalPlanPtr> LogicalSample::WithChildren(std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children.at(0)), fraction_, size_, with_replacement_, seed_);
}

// -- row number -------------------------------------------------------------------------

LogicalRowNumber::LogicalRowNumber(LogicalPlanPtr input, std::string column, int64_t offset,
                                   std::shared_ptr<arrow::Schema> schema)
    : LogicalPlan(LogicalKind::kRowNumber, {std::move(input)}, std::move(schema)),
      column_(std::move(column)),
      offset_(offset) {}

arrow::Result<LogicalPlanPtr> LogicalRowNumber::Make(LogicalPlanPtr input, std::string column,
                                                     int64_t offset) {
  if (input->schema()->GetFieldIndex(column) >= 0) {
    return arrow::Status::Invalid("Row number column '", column,
                                  "' clashes with an existing column");
  }
  auto schema = input->schema()->AddField(input->schema()->num_fields(),
                                          arrow::field(column, arrow::uint64(), false));
  ARROW_ASSIGN_OR_RAISE(auto with_column, std::move(schema));
  return std::make_shared<LogicalRowNumber>(std::move(input), std::move(column), offset,
                                            std::move(with_column));
}

arrow::Result<LogicalPlanPtr> LogicalRowNumber::WithChildren(
    std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children.at(0)), column_, offset_);
}

}  // namespace skipjack
