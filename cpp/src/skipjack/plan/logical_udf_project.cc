#include "skipjack/plan/logical_udf_project.h"

#include <sstream>

#include <arrow/type.h>

#include "skipjack/expr/binder.h"

namespace skipjack {

LogicalUdfProject::LogicalUdfProject(LogicalPlanPtr input, std::shared_ptr<const UdfExpr> udf,
                                     std::string output, std::shared_ptr<arrow::Schema> schema)
    : LogicalPlan(LogicalKind::kUdfProject, {std::move(input)}, std::move(schema)),
      udf_(std::move(udf)),
      output_(std::move(output)) {}

arrow::Result<LogicalPlanPtr> LogicalUdfProject::Make(LogicalPlanPtr input,
                                                      std::shared_ptr<const UdfExpr> udf,
                                                      std::string output) {
  for (const auto& arg : udf->args()) {
    ARROW_RETURN_NOT_OK(Bind(arg, *input->schema()).status());
  }
  if (input->schema()->GetFieldIndex(output) >= 0) {
    return arrow::Status::Invalid("UDF output column '", output, "' already exists");
  }
  ARROW_ASSIGN_OR_RAISE(auto schema,
                        input->schema()->AddField(input->schema()->num_fields(),
                                                  arrow::field(output, udf->options().return_type)));
  return std::make_shared<LogicalUdfProject>(std::move(input), std::move(udf), std::move(output),
                                             std::move(schema));
}

std::string LogicalUdfProject::Summary() const { return udf_->ToString() + " as " + output_; }

std::vector<std::string> UdfRunDetails(const UdfOptions& options) {
  std::vector<std::string> out;
  std::ostringstream mode;
  mode << "Mode = " << (options.use_process ? "process" : "thread")
       << (options.is_async ? ", async" : "") << (options.generator ? ", generator" : "");
  out.push_back(mode.str());
  if (options.max_concurrency > 0) {
    out.push_back("Concurrency = " + std::to_string(options.max_concurrency));
  }
  if (options.batch_size > 0) out.push_back("Batch size = " + std::to_string(options.batch_size));
  if (options.cpus > 0 || options.gpus > 0) {
    std::ostringstream resources;
    resources << "Resource request = {";
    if (options.cpus > 0) resources << "num_cpus = " << options.cpus;
    if (options.cpus > 0 && options.gpus > 0) resources << ", ";
    if (options.gpus > 0) resources << "num_gpus = " << options.gpus;
    resources << "}";
    out.push_back(resources.str());
  }
  return out;
}

std::vector<std::string> LogicalUdfProject::Details() const {
  return UdfRunDetails(udf_->options());
}

arrow::Result<LogicalPlanPtr> LogicalUdfProject::WithChildren(
    std::vector<LogicalPlanPtr> children) const {
  return Make(std::move(children.at(0)), udf_, output_);
}

}  // namespace skipjack
