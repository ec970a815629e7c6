#include "skipjack/exec/physical_planner.h"

#include <algorithm>
#include <functional>
#include <map>
#include <sstream>
#include <set>

#include <arrow/type.h>

#include "skipjack/exec/arrow_stream_scan.h"
#include "skipjack/exec/in_memory_scan.h"
#include "skipjack/exec/physical_aggregate.h"
#include "skipjack/exec/physical_cross_join.h"
#include "skipjack/exec/physical_hamming_join.h"
#include "skipjack/exec/physical_hash_join.h"
#include "skipjack/exec/physical_filter.h"
#include "skipjack/exec/physical_limit.h"
#include "skipjack/exec/physical_project.h"
#include "skipjack/exec/physical_row_ops.h"
#include "skipjack/exec/runtime_key_filter.h"
#include "skipjack/exec/shared_result.h"
#include "skipjack/exec/physical_sort.h"
#include "skipjack/exec/physical_udf_project.h"
#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/functions/image/image_fusion.h"
#include "skipjack/io/external_source.h"
#include "skipjack/io/file_scan.h"
#include "skipjack/plan/cardinality.h"
#include "skipjack/plan/logical_aggregate.h"
#include "skipjack/plan/logical_filter.h"
#include "skipjack/plan/logical_hamming_join.h"
#include "skipjack/plan/logical_limit.h"
#include "skipjack/plan/logical_project.h"
#include "skipjack/plan/logical_row_ops.h"
#include "skipjack/plan/logical_sort.h"
#include "skipjack/plan/logical_udf_project.h"
#include "skipjack/plan/logical_write.h"
#include "skipjack/plan/plan_fingerprint.h"
#include "skipjack/plan/logical_source.h"

namespace skipjack {
namespace {

std::optional<std::vector<int>> ColumnIndices(const LogicalSource& source) {
  if (!source.pushdowns().columns) return std::nullopt;
  std::vector<int> indices;
  for (const auto& name : *source.pushdowns().columns) {
    indices.push_back(source.info()->schema()->GetFieldIndex(name));
  }
  return indices;
}

arrow::Result<PhysicalOperatorPtr> PlanSource(const LogicalSource& source) {
  const auto& pushdowns = source.pushdowns();
  const auto& full = *source.info()->schema();
  switch (source.info()->kind()) {
    case SourceKind::kInMemory: {
      BoundExprPtr filter;
      std::string filter_text;
      if (pushdowns.filter) {
        ARROW_ASSIGN_OR_RAISE(filter, Bind(pushdowns.filter, full));
        filter_text = ToIndexedString(pushdowns.filter, full);
      }
      return std::make_shared<InMemoryScan>(
          std::static_pointer_cast<const InMemorySourceInfo>(source.info()), source.schema(),
          ColumnIndices(source), std::move(filter), std::move(filter_text), pushdowns.limit);
    }
    case SourceKind::kArrowStream: {
      // A stream is read by one task; run the pushed filter as a parallel operator.
      // The filter may read columns the projection drops, so project after it.
      auto info = std::static_pointer_cast<const ArrowStreamSourceInfo>(source.info());
      if (!pushdowns.filter) {
        return std::make_shared<ArrowStreamScan>(info, source.schema(), ColumnIndices(source));
      }
      PhysicalOperatorPtr scan =
          std::make_shared<ArrowStreamScan>(info, info->schema(), std::nullopt);
      ARROW_ASSIGN_OR_RAISE(auto predicate, Bind(pushdowns.filter, full));
      scan = std::make_shared<PhysicalFilter>(scan, predicate,
                                              ToIndexedString(pushdowns.filter, full));
      if (!pushdowns.columns) return scan;
      std::vector<BoundExprPtr> columns;
      std::vector<std::string> display;
      for (const auto& name : *pushdowns.columns) {
        ARROW_ASSIGN_OR_RAISE(auto bound, Bind(Col(name), full));
        columns.push_back(std::move(bound));
        display.push_back(ToIndexedString(Col(name), full));
      }
      return std::make_shared<PhysicalProject>(scan, source.schema(), std::move(columns),
                                               std::move(display));
    }
    case SourceKind::kFile:
      return FileScan::Make(std::static_pointer_cast<const FileSourceInfo>(source.info()),
                            pushdowns, source.schema());
    case SourceKind::kExternal: {
      // The scanner reads the filter's columns too; the filter and the final
      // projection run here. A limit goes to the scanner only without a filter.
      auto info = std::static_pointer_cast<const ExternalSourceInfo>(source.info());
      std::optional<std::vector<std::string>> read_columns = pushdowns.columns;
      if (read_columns && pushdowns.filter) {
        std::set<std::string> needed(read_columns->begin(), read_columns->end());
        for (const auto& name : ReferencedColumns(pushdowns.filter)) needed.insert(name);
        read_columns->clear();
        for (const auto& field : full.fields()) {
          if (needed.count(field->name())) read_columns->push_back(field->name());
        }
      }
      arrow::FieldVector read_fields;
      for (const auto& field : full.fields()) {
        if (!read_columns || std::find(read_columns->begin(), read_columns->end(),
                                       field->name()) != read_columns->end()) {
          read_fields.push_back(field);
        }
      }
      auto read_schema = arrow::schema(std::move(read_fields));
      PhysicalOperatorPtr scan = std::make_shared<ExternalScan>(
          info, read_schema, read_columns,
          pushdowns.filter ? std::nullopt : pushdowns.limit);
      if (!pushdowns.filter) return scan;
      ARROW_ASSIGN_OR_RAISE(auto predicate, Bind(pushdowns.filter, *read_schema));
      scan = std::make_shared<PhysicalFilter>(scan, predicate,
                                              ToIndexedString(pushdowns.filter, *read_schema));
      std::vector<BoundExprPtr> columns;
      std::vector<std::string> display;
      for (const auto& field : source.schema()->fields()) {
        ARROW_ASSIGN_OR_RAISE(auto bound, Bind(Col(field->name()), *read_schema));
        columns.push_back(std::move(bound));
        display.push_back(ToIndexedString(Col(field->name()), *read_schema));
      }
      return std::make_shared<PhysicalProject>(scan, source.schema(), std::move(columns),
                                               std::move(display));
    }
  }
  return arrow::Status::NotImplemented("source kind");
}

arrow::Result<PhysicalOperatorPtr> PlanProject(const LogicalProject& project,
                                               PhysicalOperatorPtr input) {
  const auto& schema = *input->output_schema();
  std::vector<BoundExprPtr> bound;
  std::vector<std::string> display;
  for (const auto& logical : project.exprs()) {
    const ExprPtr expr = FuseImageCalls(logical);
    ARROW_ASSIGN_OR_RAISE(auto one, Bind(expr, schema));
    bound.push_back(std::move(one));
    display.push_back(ToIndexedString(expr, schema));
  }
  return std::make_shared<PhysicalProject>(std::move(input), project.schema(), std::move(bound),
                                           std::move(display));
}

// A generator UDF returns a list per row; an Explode turns the lists into rows.
arrow::Result<PhysicalOperatorPtr> PlanUdfProject(const LogicalUdfProject& udf_project,
                                                  PhysicalOperatorPtr input) {
  const auto& schema = *input->output_schema();
  const auto& udf = *udf_project.udf();
  std::vector<BoundExprPtr> args;
  for (const auto& arg : udf.args()) {
    ARROW_ASSIGN_OR_RAISE(auto one, Bind(arg, schema));
    args.push_back(std::move(one));
  }
  auto output_schema = udf_project.schema();
  const bool generator = udf.options().generator;
  if (generator) {
    const int last = output_schema->num_fields() - 1;
    ARROW_ASSIGN_OR_RAISE(output_schema,
                          output_schema->SetField(last, arrow::field(udf_project.output(),
                                                                     arrow::large_list(udf.options().return_type))));
  }
  auto display = ToIndexedString(udf_project.udf(), schema) + " as " + udf_project.output();
  PhysicalOperatorPtr op = std::make_shared<PhysicalUdfProject>(
      std::move(input), output_schema, udf.function(), std::move(args), std::move(display));
  if (!generator) return op;
  return std::make_shared<PhysicalExplode>(
      op, udf_project.schema(), std::vector<int>{output_schema->num_fields() - 1},
      /*with_index=*/false, /*ignore_empty_and_null=*/false);
}

arrow::Result<PhysicalOperatorPtr> PlanAggregate(const LogicalAggregate& aggregate,
                                                 PhysicalOperatorPtr input,
                                                 const ExecutionConfig& config) {
  const auto& schema = *input->output_schema();
  std::vector<BoundExprPtr> keys;
  std::vector<std::string> display;
  for (const auto& key : aggregate.group_by()) {
    ARROW_ASSIGN_OR_RAISE(auto bound, Bind(key, schema));
    keys.push_back(std::move(bound));
    display.push_back(ToIndexedString(key, schema));
  }
  std::vector<PhysicalAggregate::Aggregation> aggregations;
  for (const auto& expr : aggregate.aggregations()) {
    const auto& aggregation = UnwrapAggregate(expr);
    PhysicalAggregate::Aggregation bound;
    if (aggregation.input()) {
      ARROW_ASSIGN_OR_RAISE(bound.input, Bind(aggregation.input(), schema));
    }
    ARROW_ASSIGN_OR_RAISE(bound.function, BindAggregate(aggregation, schema));
    aggregations.push_back(std::move(bound));
    display.push_back(ToIndexedString(expr, schema));
  }
  const int partitions = PhysicalAggregate::PartitionsFor(keys.size(), config);
  return std::make_shared<PhysicalAggregate>(std::move(input), aggregate.schema(),
                                             std::move(keys), std::move(aggregations),
                                             std::move(display), partitions);
}

arrow::Result<PhysicalOperatorPtr> PlanSort(const LogicalSort& sort, PhysicalOperatorPtr input,
                                            std::optional<int64_t> limit) {
  const auto& schema = *input->output_schema();
  std::vector<BoundExprPtr> keys;
  std::vector<SortKeyOrder> orders;
  std::vector<std::string> display;
  for (size_t i = 0; i < sort.keys().size(); ++i) {
    ARROW_ASSIGN_OR_RAISE(auto key, Bind(sort.keys()[i], schema));
    keys.push_back(std::move(key));
    orders.push_back({sort.descending()[i], sort.nulls_first()[i]});
    display.push_back(ToIndexedString(sort.keys()[i], schema));
  }
  return std::make_shared<PhysicalSort>(std::move(input), std::move(keys), std::move(orders),
                                        std::move(display), limit);
}

// Binds join keys to one input, cast to the types the key pairs are compared in.
arrow::Result<std::vector<BoundExprPtr>> BindJoinKeys(
    const std::vector<ExprPtr>& keys, const std::vector<std::shared_ptr<arrow::DataType>>& types,
    const arrow::Schema& schema, std::vector<std::string>* display) {
  std::vector<BoundExprPtr> bound;
  for (size_t k = 0; k < keys.size(); ++k) {
    ARROW_ASSIGN_OR_RAISE(auto field, ResolveField(keys[k], schema));
    ExprPtr key = field->type()->Equals(*types[k]) ? keys[k] : Cast(keys[k], types[k]);
    ARROW_ASSIGN_OR_RAISE(auto one, Bind(key, schema));
    bound.push_back(std::move(one));
    display->push_back(ToIndexedString(keys[k], schema));
  }
  return bound;
}

// The hash table goes on the side estimated to be smaller; the right side when unknown.
bool BuildOnLeft(const LogicalJoin& join) {
  const double left = EstimateRows(*join.children()[0]);
  const double right = EstimateRows(*join.children()[1]);
  return left >= 0 && right >= 0 && left < right;
}

// Whether probe rows without a match count in a join's output: they are output rows of
// the side an outer join preserves, and the rows an anti join returns; semi and anti
// joins that return the build side only ask whether each build row has a match.
bool KeepsUnmatchedProbeRows(JoinType type, int probe_child) {
  switch (type) {
    case JoinType::kInner:
    case JoinType::kSemi:
      return false;
    case JoinType::kLeft:
    case JoinType::kAnti:
      return probe_child == 0;
    case JoinType::kRight:
      return probe_child == 1;
    default:
      return true;
  }
}

// A runtime filter for key `key` of a join's probe input `probe_child` (0 left, 1
// right), attached to the scan that reads that key; null where there is none.
using RuntimeFilterMaker =
    std::function<std::shared_ptr<RuntimeKeyFilter>(int probe_child, size_t key)>;

arrow::Result<PhysicalOperatorPtr> PlanJoin(const LogicalJoin& join, PhysicalOperatorPtr left,
                                            PhysicalOperatorPtr right,
                                            const RuntimeFilterMaker& runtime_filter) {
  if (join.type() == JoinType::kCross) {
    return std::make_shared<PhysicalCrossJoin>(std::move(left), std::move(right), join.schema(),
                                               join.layout());
  }
  PhysicalHashJoin::Options options;
  options.type = join.type();
  options.layout = join.layout();
  options.build_is_left = BuildOnLeft(join);
  ARROW_ASSIGN_OR_RAISE(auto left_keys, BindJoinKeys(join.left_keys(), join.key_types(),
                                                     *left->output_schema(),
                                                     &options.left_key_display));
  ARROW_ASSIGN_OR_RAISE(auto right_keys, BindJoinKeys(join.right_keys(), join.key_types(),
                                                      *right->output_schema(),
                                                      &options.right_key_display));
  // Where probe rows without a match add nothing to the output, the probe's scan may
  // drop them first.
  const int probe_child = options.build_is_left ? 1 : 0;
  if (!KeepsUnmatchedProbeRows(join.type(), probe_child)) {
    for (size_t k = 0; k < join.key_types().size(); ++k) {
      if (auto filter = runtime_filter(probe_child, k)) {
        options.runtime_filters.emplace_back(k, std::move(filter));
      }
    }
  }
  if (options.build_is_left) {
    options.build_keys = std::move(left_keys);
    options.probe_keys = std::move(right_keys);
    return std::make_shared<PhysicalHashJoin>(std::move(right), std::move(left), join.schema(),
                                              std::move(options));
  }
  options.build_keys = std::move(right_keys);
  options.probe_keys = std::move(left_keys);
  return std::make_shared<PhysicalHashJoin>(std::move(left), std::move(right), join.schema(),
                                            std::move(options));
}


// Subplans used more than once are computed once (see SharedResult). Two subtrees are
// the same when they print the same and read the same sources.
struct Planner {
  const ExecutionConfig& config;
  std::map<std::string, int> uses;
  std::map<std::string, std::shared_ptr<SharedResult::State>> shared;
  std::map<const LogicalSource*, std::vector<std::shared_ptr<FileScan>>> scans;

  // The file source whose column `*column` reaches `plan`'s output unchanged (through
  // filters, sorts, projections, inner joins and the kept side of outer, semi and anti
  // joins; not through shared subplans, which other consumers read too), with
  // `*column` renamed to the source's name.
  const LogicalSource* SourceOf(const LogicalPlan& plan, std::string* column) {
    if (Shared(plan)) return nullptr;
    switch (plan.kind()) {
      case LogicalKind::kSource: {
        const auto& source = static_cast<const LogicalSource&>(plan);
        const bool file = source.info()->kind() == SourceKind::kFile;
        return file && !source.pushdowns().limit ? &source : nullptr;
      }
      case LogicalKind::kFilter:
      case LogicalKind::kSort:
        return SourceOf(*plan.children()[0], column);
      case LogicalKind::kProject:
        for (const auto& expr : static_cast<const LogicalProject&>(plan).exprs()) {
          if (OutputName(*expr) != *column) continue;
          const auto* inner = ColumnNameOf(StripAlias(expr));
          if (!inner) return nullptr;
          *column = *inner;
          return SourceOf(*plan.children()[0], column);
        }
        return nullptr;
      case LogicalKind::kJoin: {
        // A row of the join's output with key k comes from rows with key k of the input
        // that has the column; an outer join's null-extended side does not qualify.
        const auto& join = static_cast<const LogicalJoin&>(plan);
        if (!join.right_renames().empty()) return nullptr;
        const JoinType type = join.type();
        for (int side = 0; side < 2; ++side) {
          const auto& child = plan.children()[side];
          if (child->schema()->GetFieldIndex(*column) < 0) continue;
          const bool passes = type == JoinType::kInner ||
                              (side == 0 && (type == JoinType::kLeft || type == JoinType::kSemi ||
                                             type == JoinType::kAnti)) ||
                              (side == 1 && type == JoinType::kRight);
          return passes ? SourceOf(*child, column) : nullptr;
        }
        return nullptr;
      }
      default:
        return nullptr;
    }
  }

  std::shared_ptr<RuntimeKeyFilter> RuntimeFilterFor(const LogicalJoin& join, int probe_child,
                                                     size_t key) {
    const auto& keys = probe_child == 0 ? join.left_keys() : join.right_keys();
    const auto* name = ColumnNameOf(keys[key]);
    if (!name) return nullptr;
    auto field = join.children()[probe_child]->schema()->GetFieldByName(*name);
    if (!field || !field->type()->Equals(*join.key_types()[key]) ||
        !RuntimeKeyFilter::Supports(*field->type())) {
      return nullptr;
    }
    std::string column = *name;
    const LogicalSource* source = SourceOf(*join.children()[probe_child], &column);
    if (!source) return nullptr;
    // A source planned twice (a self-join) is left alone: which scan is which is unclear.
    auto found = scans.find(source);
    if (found == scans.end() || found->second.size() != 1) return nullptr;
    auto filter = std::make_shared<RuntimeKeyFilter>();
    found->second[0]->AddRuntimeFilter(column, filter);
    return filter;
  }

  // Counts uses top-down; a repeated subtree's insides are counted with its first use.
  void CountUses(const LogicalPlan& plan) {
    if (uses[PlanFingerprint(plan)]++ > 0 && SharedWhenRepeated(plan)) return;
    for (const auto& child : plan.children()) CountUses(*child);
  }

  // Whether `plan` is computed once for its uses. Repetition is checked first: sizing a
  // scan reads its file's metadata.
  bool Shared(const LogicalPlan& plan) {
    return uses[PlanFingerprint(plan)] > 1 && SharedWhenRepeated(plan);
  }

  arrow::Result<PhysicalOperatorPtr> Plan(const LogicalPlanPtr& plan) {
    if (Shared(*plan)) {
      const std::string& key = PlanFingerprint(*plan);
      auto& state = shared[key];
      if (!state) {
        state = std::make_shared<SharedResult::State>();
        state->uses = uses[key];
        ARROW_ASSIGN_OR_RAISE(state->plan, PlanNode(plan));
      }
      return std::make_shared<SharedResult>(state);
    }
    return PlanNode(plan);
  }

  arrow::Result<PhysicalOperatorPtr> PlanNode(const LogicalPlanPtr& plan);
};

}  // namespace

arrow::Result<PhysicalOperatorPtr> PlanPhysical(const LogicalPlanPtr& plan,
                                                const ExecutionConfig& config) {
  Planner planner{config, {}, {}, {}};
  planner.CountUses(*plan);
  return planner.Plan(plan);
}

namespace {

arrow::Result<PhysicalOperatorPtr> Planner::PlanNode(const LogicalPlanPtr& plan) {
  // Sort then limit: one top-N that keeps only `limit` rows per worker.
  if (plan->kind() == LogicalKind::kLimit && plan->children()[0]->kind() == LogicalKind::kSort) {
    const auto& sort = static_cast<const LogicalSort&>(*plan->children()[0]);
    ARROW_ASSIGN_OR_RAISE(auto input, Plan(sort.children()[0]));
    return PlanSort(sort, std::move(input), static_cast<const LogicalLimit&>(*plan).limit());
  }
  std::vector<PhysicalOperatorPtr> inputs;
  for (const auto& child : plan->children()) {
    ARROW_ASSIGN_OR_RAISE(auto input, Plan(child));
    inputs.push_back(std::move(input));
  }
  switch (plan->kind()) {
    case LogicalKind::kSource: {
      const auto& source = static_cast<const LogicalSource&>(*plan);
      ARROW_ASSIGN_OR_RAISE(auto op, PlanSource(source));
      if (auto scan = std::dynamic_pointer_cast<const FileScan>(op)) {
        // Made here, still being planned: joins above may give it runtime filters.
        scans[&source].push_back(std::const_pointer_cast<FileScan>(scan));
      }
      return op;
    }
    case LogicalKind::kProject:
      return PlanProject(static_cast<const LogicalProject&>(*plan), inputs[0]);
    case LogicalKind::kFilter: {
      const auto& filter = static_cast<const LogicalFilter&>(*plan);
      const auto& schema = *inputs[0]->output_schema();
      ARROW_ASSIGN_OR_RAISE(auto predicate, Bind(filter.predicate(), schema));
      return std::make_shared<PhysicalFilter>(inputs[0], std::move(predicate),
                                              ToIndexedString(filter.predicate(), schema));
    }
    case LogicalKind::kLimit:
      return std::make_shared<PhysicalLimit>(inputs[0],
                                             static_cast<const LogicalLimit&>(*plan).limit());
    case LogicalKind::kAggregate:
      return PlanAggregate(static_cast<const LogicalAggregate&>(*plan), inputs[0], config);
    case LogicalKind::kSort:
      return PlanSort(static_cast<const LogicalSort&>(*plan), inputs[0], std::nullopt);
    case LogicalKind::kJoin: {
      const auto& join = static_cast<const LogicalJoin&>(*plan);
      return PlanJoin(join, inputs[0], inputs[1], [this, &join](int probe_child, size_t key) {
        return RuntimeFilterFor(join, probe_child, key);
      });
    }
    case LogicalKind::kOffset:
      return std::make_shared<PhysicalOffset>(inputs[0],
                                              static_cast<const LogicalOffset&>(*plan).offset());
    case LogicalKind::kConcat:
      return std::make_shared<PhysicalConcat>(inputs, plan->schema());
    case LogicalKind::kExplode: {
      const auto& explode = static_cast<const LogicalExplode&>(*plan);
      std::vector<int> columns;
      for (const auto& name : explode.columns()) {
        columns.push_back(inputs[0]->output_schema()->GetFieldIndex(name));
      }
      return std::make_shared<PhysicalExplode>(inputs[0], plan->schema(), std::move(columns),
                                               explode.index_column().has_value(),
                                               explode.ignore_empty_and_null());
    }
    case LogicalKind::kUdfProject:
      return PlanUdfProject(static_cast<const LogicalUdfProject&>(*plan), inputs[0]);
    case LogicalKind::kHammingJoin: {
      const auto& join = static_cast<const LogicalHammingJoin&>(*plan);
      return std::make_shared<PhysicalHammingJoin>(
          inputs[0], inputs[1], plan->schema(),
          inputs[0]->output_schema()->GetFieldIndex(join.left_key()),
          inputs[1]->output_schema()->GetFieldIndex(join.right_key()), join.max_distance());
    }
    case LogicalKind::kSample: {
      const auto& sample = static_cast<const LogicalSample&>(*plan);
      if (sample.size()) {
        return std::make_shared<PhysicalSampleSize>(inputs[0], *sample.size(),
                                                    sample.with_replacement(), sample.seed());
      }
      return std::make_shared<PhysicalSampleFraction>(inputs[0], *sample.fraction(),
                                                      sample.with_replacement(), sample.seed());
    }
    case LogicalKind::kRowNumber:
      return std::make_shared<PhysicalRowNumber>(
          inputs[0], plan->schema(), static_cast<const LogicalRowNumber&>(*plan).offset());
    case LogicalKind::kWrite:
      return PhysicalFileWrite::Make(inputs[0], static_cast<const LogicalWrite&>(*plan).spec());
  }
  return arrow::Status::NotImplemented("logical node kind");
}

}  // namespace

}  // namespace skipjack
