// skipjack._core.LogicalPlan: plans built by skipjack.DataFrame, their explain() text,
// and execution.

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <arrow/record_batch.h>

#include "arrow_interop.h"
#include "bindings.h"
#include "errors.h"
#include "plan_handle.h"
#include "query_handle.h"
#include "skipjack/exec/physical_planner.h"
#include "skipjack/plan/logical_aggregate.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_hamming_join.h"
#include "skipjack/plan/logical_join.h"
#include "skipjack/plan/logical_limit.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/logical_row_ops.h"
#include "skipjack/plan/logical_sort.h"
#include "skipjack/plan/logical_source.h"
#include "skipjack/plan/optimizer/optimizer.h"

namespace nb = nanobind;

namespace skipjack::python {

ExprPtr UnwrapExpr(nb::handle obj);
std::vector<ExprPtr> UnwrapExprs(const nb::list& exprs);

namespace {

PyLogicalPlan FromSource(std::shared_ptr<const SourceInfo> info) {
  return PyLogicalPlan{ValueOrThrow(LogicalSource::Make(std::move(info)))};
}

// Reads every batch of a stream; pyarrow takes the GIL itself if the stream needs it.
PyLogicalPlan InMemory(nb::handle stream_obj) {
  auto reader = ImportStream(stream_obj);
  arrow::Result<arrow::RecordBatchVector> batches;
  {
    nb::gil_scoped_release release;
    batches = reader->ToRecordBatches();
  }
  return FromSource(std::make_shared<InMemorySourceInfo>(reader->schema(),
                                                         ValueOrThrow(std::move(batches))));
}

ExecutionConfig ConfigFromDict(const nb::dict& values) {
  ExecutionConfig config;
  for (auto [key, value] : values) {
    const std::string name = nb::cast<std::string>(key);
    if (name == "num_threads") {
      config.num_threads = nb::cast<int>(value);
    } else if (name == "morsel_target_bytes") {
      config.morsel_target_bytes = nb::cast<int64_t>(value);
    } else if (name == "morsel_max_rows") {
      config.morsel_max_rows = nb::cast<int64_t>(value);
    } else if (name == "queue_capacity_bytes") {
      config.queue_capacity_bytes = nb::cast<int64_t>(value);
    } else if (name == "memory_budget_bytes") {
      config.memory_budget_bytes = nb::cast<int64_t>(value);
    } else {
      throw nb::value_error(("unknown execution config setting: " + name).c_str());
    }
  }
  ThrowIfError(config.Validate());
  return config;
}

}  // namespace

void BindPlans(nb::module_& m) {
  nb::class_<PyLogicalPlan>(m, "LogicalPlan")
      .def_static("in_memory", &InMemory, nb::arg("stream"),
                  "A plan over all batches of an Arrow stream, read now.")
      .def_static(
          "from_stream",
          [](nb::handle stream_obj) {
            return FromSource(std::make_shared<ArrowStreamSourceInfo>(ImportStream(stream_obj)));
          },
          nb::arg("stream"), "A plan that reads a one-shot Arrow stream lazily.")
      .def("project",
           [](const PyLogicalPlan& self, nb::list exprs) {
             return PyLogicalPlan{ValueOrThrow(LogicalProject::Make(self.plan, UnwrapExprs(exprs)))};
           })
      .def("filter",
           [](const PyLogicalPlan& self, nb::handle predicate) {
             return PyLogicalPlan{ValueOrThrow(LogicalFilter::Make(self.plan, UnwrapExpr(predicate)))};
           })
      .def("aggregate",
           [](const PyLogicalPlan& self, nb::list group_by, nb::list outputs) {
             return PyLogicalPlan{ValueOrThrow(
                 MakeAggregation(self.plan, UnwrapExprs(group_by), UnwrapExprs(outputs)))};
           })
      .def("sort",
           [](const PyLogicalPlan& self, nb::list keys, std::vector<bool> descending,
              std::vector<bool> nulls_first) {
             return PyLogicalPlan{ValueOrThrow(LogicalSort::Make(
                 self.plan, UnwrapExprs(keys), std::move(descending), std::move(nulls_first)))};
           })
      .def(
          "join",
          [](const PyLogicalPlan& self, const PyLogicalPlan& right, nb::list left_keys,
             nb::list right_keys, const std::string& how, std::string prefix, std::string suffix) {
            const JoinType type = ValueOrThrow(ParseJoinType(how));
            return PyLogicalPlan{ValueOrThrow(LogicalJoin::Make(
                self.plan, right.plan, UnwrapExprs(left_keys), UnwrapExprs(right_keys), type,
                std::move(prefix), std::move(suffix)))};
          },
          nb::arg("right"), nb::arg("left_keys"), nb::arg("right_keys"), nb::arg("how"),
          nb::arg("prefix"), nb::arg("suffix"))
      .def(
          "hamming_join",
          [](const PyLogicalPlan& self, const PyLogicalPlan& right, std::string left_key,
             std::string right_key, int max_distance, std::string distance_column) {
            return PyLogicalPlan{ValueOrThrow(LogicalHammingJoin::Make(
                self.plan, right.plan, std::move(left_key), std::move(right_key), max_distance,
                std::move(distance_column)))};
          },
          nb::arg("right"), nb::arg("left_key"), nb::arg("right_key"), nb::arg("max_distance"),
          nb::arg("distance_column"))
      .def("offset",
           [](const PyLogicalPlan& self, int64_t offset) {
             return PyLogicalPlan{ValueOrThrow(LogicalOffset::Make(self.plan, offset))};
           })
      .def_static("concat",
                  [](std::vector<PyLogicalPlan> inputs) {
                    std::vector<LogicalPlanPtr> plans;
                    for (auto& input : inputs) plans.push_back(input.plan);
                    return PyLogicalPlan{ValueOrThrow(LogicalConcat::Make(std::move(plans)))};
                  })
      .def("explode",
           [](const PyLogicalPlan& self, std::vector<std::string> columns,
              std::optional<std::string> index_column, bool ignore_empty_and_null) {
             return PyLogicalPlan{ValueOrThrow(LogicalExplode::Make(
                 self.plan, std::move(columns), std::move(index_column), ignore_empty_and_null))};
           },
           nb::arg("columns"), nb::arg("index_column").none(), nb::arg("ignore_empty_and_null"))
      .def("sample",
           [](const PyLogicalPlan& self, std::optional<double> fraction,
              std::optional<int64_t> size, bool with_replacement, uint64_t seed) {
             return PyLogicalPlan{ValueOrThrow(
                 LogicalSample::Make(self.plan, fraction, size, with_replacement, seed))};
           },
           nb::arg("fraction").none(), nb::arg("size").none(), nb::arg("with_replacement"),
           nb::arg("seed"))
      .def("with_row_number",
           [](const PyLogicalPlan& self, std::string column, int64_t offset) {
             return PyLogicalPlan{
                 ValueOrThrow(LogicalRowNumber::Make(self.plan, std::move(column), offset))};
           })
      .def("limit",
           [](const PyLogicalPlan& self, int64_t limit) {
             return PyLogicalPlan{ValueOrThrow(LogicalLimit::Make(self.plan, limit))};
           })
      .def("schema", [](const PyLogicalPlan& self) { return ExportSchema(self.plan->schema()); })
      .def("num_rows",
           [](const PyLogicalPlan& self) -> nb::object {
             // Known without running only for a bare in-memory source.
             if (self.plan->kind() != LogicalKind::kSource) return nb::none();
             const auto& source = static_cast<const LogicalSource&>(*self.plan);
             if (!source.pushdowns().empty() || source.info()->num_rows() < 0) return nb::none();
             return nb::int_(source.info()->num_rows());
           })
      .def("repr_tree", [](const PyLogicalPlan& self) { return RenderLogicalPlan(*self.plan); })
      .def("optimize",
           [](const PyLogicalPlan& self) { return PyLogicalPlan{ValueOrThrow(Optimize(self.plan))}; })
      .def(
          "physical_tree",
          [](const PyLogicalPlan& self, nb::dict config) {
            auto physical = ValueOrThrow(
                PlanPhysical(ValueOrThrow(Optimize(self.plan)), ConfigFromDict(config)));
            return RenderPhysicalPlan(*physical);
          },
          nb::arg("config") = nb::dict())
      .def(
          "execute",
          [](const PyLogicalPlan& self, nb::dict config) {
            const ExecutionConfig settings = ConfigFromDict(config);
            auto physical = ValueOrThrow(PlanPhysical(ValueOrThrow(Optimize(self.plan)), settings));
            return StartQuery(std::move(physical), settings);
          },
          nb::arg("config") = nb::dict());
}

}  // namespace skipjack::python
