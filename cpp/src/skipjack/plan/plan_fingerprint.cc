#include "skipjack/plan/plan_fingerprint.h"

#include <algorithm>
#include <sstream>

#include <arrow/type.h>

#include "skipjack/plan/cardinality.h"
#include "skipjack/plan/logical_source.h"

namespace skipjack {

const std::string& PlanFingerprint(const LogicalPlan& plan) {
  std::call_once(plan.fingerprinted_, [&plan] {
    std::ostringstream out;
    out << plan.name() << '\x1f' << plan.Summary();
    for (const auto& detail : plan.Details()) out << '\x1f' << detail;
    if (plan.kind() == LogicalKind::kSource) {
      out << '|' << static_cast<const LogicalSource&>(plan).info().get();
    }
    out << '(';
    for (const auto& child : plan.children()) out << PlanFingerprint(*child) << '\x1e';
    out << ')';
    plan.fingerprint_ = out.str();
  });
  return plan.fingerprint_;
}

bool ShareableSubplan(const LogicalPlan& plan) {
  return plan.kind() == LogicalKind::kAggregate || plan.kind() == LogicalKind::kJoin;
}

bool SharedWhenRepeated(const LogicalPlan& plan) {
  if (ShareableSubplan(plan)) return true;
  if (plan.kind() != LogicalKind::kSource) return false;
  const auto& source = static_cast<const LogicalSource&>(plan);
  if (source.info()->kind() != SourceKind::kFile || source.pushdowns().limit) return false;
  const double rows = EstimateRows(plan);
  const auto source_rows = static_cast<double>(source.info()->num_rows());
  if (rows < 0 || source_rows <= 0) return false;
  double bytes = 0;
  for (const auto& field : plan.schema()->fields()) {
    const int width = field->type()->byte_width();
    if (width > 0) {
      bytes += width * rows;
      continue;
    }
    // Strings and other variable-width values: their stored size per row, at least an
    // offset and a short string's worth (dictionary pages store repeats once); unknown
    // sizes (CSV, JSON) are never kept.
    const double stored = source.info()->ColumnBytes(field->name());
    if (stored < 0) return false;
    bytes += std::max(stored / source_rows, 16.0) * rows;
  }
  return bytes <= kMaxSharedScanBytes;
}

namespace {
void Count(const LogicalPlan& plan, std::map<std::string, int>* occurrences) {
  if (ShareableSubplan(plan)) ++(*occurrences)[PlanFingerprint(plan)];
  for (const auto& child : plan.children()) Count(*child, occurrences);
}
}  // namespace

std::map<std::string, int> CountShareableSubplans(const LogicalPlan& plan) {
  std::map<std::string, int> occurrences;
  Count(plan, &occurrences);
  return occurrences;
}

}  // namespace skipjack
