#include "skipjack/types/kernel_type.h"

#include <arrow/compute/cast.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>

namespace skipjack {

std::shared_ptr<arrow::DataType> KernelType(const std::shared_ptr<arrow::DataType>& type) {
  switch (type->id()) {
    case arrow::Type::STRING_VIEW:
      return arrow::large_utf8();
    case arrow::Type::BINARY_VIEW:
      return arrow::large_binary();
    case arrow::Type::DICTIONARY:
      return KernelType(static_cast<const arrow::DictionaryType&>(*type).value_type());
    case arrow::Type::LIST_VIEW:
    case arrow::Type::LARGE_LIST_VIEW:
      return arrow::large_list(KernelType(type->field(0)->type()));
    default:
      return type;
  }
}

std::shared_ptr<arrow::Schema> KernelSchema(const arrow::Schema& schema) {
  arrow::FieldVector fields;
  for (const auto& field : schema.fields()) fields.push_back(field->WithType(KernelType(field->type())));
  return arrow::schema(std::move(fields), schema.metadata());
}

arrow::Result<std::shared_ptr<arrow::RecordBatch>> ConformBatch(
    const std::shared_ptr<arrow::RecordBatch>& batch, const std::shared_ptr<arrow::Schema>& schema,
    arrow::compute::ExecContext* ctx) {
  if (batch->schema()->Equals(*schema, /*check_metadata=*/false)) return batch;
  std::vector<std::shared_ptr<arrow::Array>> columns;
  for (int i = 0; i < batch->num_columns(); ++i) {
    const auto& type = schema->field(i)->type();
    if (batch->column(i)->type()->Equals(*type)) {
      columns.push_back(batch->column(i));
      continue;
    }
    ARROW_ASSIGN_OR_RAISE(auto cast, arrow::compute::Cast(*batch->column(i), type,
                                                          arrow::compute::CastOptions::Safe(), ctx));
    columns.push_back(std::move(cast));
  }
  return arrow::RecordBatch::Make(schema, batch->num_rows(), std::move(columns));
}

}  // namespace skipjack
