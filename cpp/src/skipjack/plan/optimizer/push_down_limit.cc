#include <algorithm>

#include "skipjack/plan/logical_limit.h"
#include "skipjack/plan/logical_row_ops.h"
#include "skipjack/plan/logical_source.h"
#include "skipjack/plan/logical_udf_project.h"
#include "skipjack/plan/optimizer/rules.h"

namespace skipjack {
namespace {

class PushDownLimit final : public OptimizerRule {
 public:
  std::string name() const override { return "PushDownLimit"; }

  arrow::Result<LogicalPlanPtr> Apply(const LogicalPlanPtr& plan) const override {
    return TransformUp(plan, [](const LogicalPlanPtr& node) -> arrow::Result<LogicalPlanPtr> {
      if (node->kind() != LogicalKind::kLimit) return node;
      const int64_t limit = static_cast<const LogicalLimit&>(*node).limit();
      const auto& child = node->children()[0];
      switch (child->kind()) {
        case LogicalKind::kLimit: {
          const int64_t inner = static_cast<const LogicalLimit&>(*child).limit();
          return LogicalLimit::Make(child->children()[0], std::min(limit, inner));
        }
        case LogicalKind::kProject: {
          // Row-wise projections commute with limits: compute only the rows kept.
          ARROW_ASSIGN_OR_RAISE(auto pushed, LogicalLimit::Make(child->children()[0], limit));
          return child->WithChildren({pushed});
        }
        case LogicalKind::kSource: {
          const auto& source = static_cast<const LogicalSource&>(*child);
          const auto& existing = source.pushdowns().limit;
          if (existing && *existing <= limit) return node;
          Pushdowns pushdowns = source.pushdowns();
          pushdowns.limit = limit;
          // The Limit stays above: sources treat the pushdown as a hint to stop early,
          // the Limit operator makes the count exact.
          ARROW_ASSIGN_OR_RAISE(auto limited, LogicalSource::Make(source.info(), pushdowns));
          return node->WithChildren({limited});
        }
        case LogicalKind::kFilter:
        case LogicalKind::kAggregate:
        case LogicalKind::kSort:  // fused into a top-N by the physical planner
          return node;
        case LogicalKind::kConcat: {
          // No input contributes more than `limit` rows; the Limit above stays.
          std::vector<LogicalPlanPtr> inputs;
          bool changed = false;
          for (const auto& input : child->children()) {
            if (input->kind() == LogicalKind::kLimit &&
                static_cast<const LogicalLimit&>(*input).limit() <= limit) {
              inputs.push_back(input);
              continue;
            }
            ARROW_ASSIGN_OR_RAISE(auto limited, LogicalLimit::Make(input, limit));
            inputs.push_back(std::move(limited));
            changed = true;
          }
          if (!changed) return node;
          ARROW_ASSIGN_OR_RAISE(auto concat, child->WithChildren(std::move(inputs)));
          return node->WithChildren({concat});
        }
        case LogicalKind::kOffset: {
          // The first `limit` rows after skipping `offset` are among the first
          // limit + offset rows.
          const int64_t offset = static_cast<const LogicalOffset&>(*child).offset();
          ARROW_ASSIGN_OR_RAISE(auto limited, LogicalLimit::Make(child->children()[0], limit + offset));
          return child->WithChildren({limited});
        }
        case LogicalKind::kRowNumber: {
          // Numbers are positions: the first rows get the same numbers either way.
          ARROW_ASSIGN_OR_RAISE(auto pushed, LogicalLimit::Make(child->children()[0], limit));
          return child->WithChildren({pushed});
        }
        case LogicalKind::kUdfProject: {
          // One output row per input row, unless the UDF is a generator.
          if (static_cast<const LogicalUdfProject&>(*child).udf()->options().generator) {
            return node;
          }
          ARROW_ASSIGN_OR_RAISE(auto pushed, LogicalLimit::Make(child->children()[0], limit));
          return child->WithChildren({pushed});
        }
        case LogicalKind::kJoin:
        case LogicalKind::kHammingJoin:
        case LogicalKind::kWrite:
        case LogicalKind::kExplode:
        case LogicalKind::kSample:
          return node;
      }
      return node;
    });
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakePushDownLimitRule() {
  return std::make_unique<PushDownLimit>();
}

}  // namespace skipjack
