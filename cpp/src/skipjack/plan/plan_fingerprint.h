// File: plan_fingerprint.h

#pragma once

#include <map>
#include <string>

#include "skipjack/plan/logical_plan.h"

namespace skipjack {

/// A key equal for two subplans exactly when they compute the same rows: each node as
/// explain() prints it, the identity of the sources read, and the children's keys.
/// Computed once per node, from its children's.
const std::string& PlanFingerprint(const LogicalPlan& plan);

/// Whether the optimizer and planner share a repeated subplan of this kind (computing
/// it once): aggregations and joins, whose results are usually small.
bool ShareableSubplan(const LogicalPlan& plan);

/// Whether the physical planner computes this subplan once when it is repeated: the
/// shareable kinds, and file scans estimated to hold at most kMaxSharedScanBytes (their
/// rows are kept in memory for every use; see optimizer/share_scans.cc), judged by the
/// stored sizes of their variable-width columns.
bool SharedWhenRepeated(const LogicalPlan& plan);
constexpr double kMaxSharedScanBytes = 64.0 * 1024 * 1024;

/// How often each shareable subplan occurs in `plan`, by fingerprint (every occurrence,
/// including those inside other repeated subplans).
std::map<std::string, int> CountShareableSubplans(const LogicalPlan& plan);

}  // namespace skipjack
