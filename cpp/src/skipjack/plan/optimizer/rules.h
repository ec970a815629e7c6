// File: rules.h
//
// The built-in optimizer rules. Each is defined in its own file of this folder.

#pragma once

#include <memory>

#include "skipjack/plan/optimizer/optimizer_rule.h"

namespace skipjack {

/// Evaluates functions of literals at plan time; drops always-true filters.
std::unique_ptr<OptimizerRule> MakeFoldConstantsRule();
/// Filter(Filter(x, a), b) -> Filter(x, a & b).
std::unique_ptr<OptimizerRule> MakeMergeFiltersRule();
/// Moves filters below projections and into sources.
std::unique_ptr<OptimizerRule> MakePushDownFilterRule();
/// Rebuilds trees of inner joins left-deep, largest input first, smallest next.
std::unique_ptr<OptimizerRule> MakeReorderJoinsRule();
/// Merges consecutive projections; drops projections that change nothing.
std::unique_ptr<OptimizerRule> MakeFoldProjectionsRule();
/// Moves limits below projections, merges them, and pushes them into sources.
std::unique_ptr<OptimizerRule> MakePushDownLimitRule();
/// Moves each UDF call of projections and filters into its own UDFProject node.
std::unique_ptr<OptimizerRule> MakeSplitUdfsRule();
/// Filter(a | b) above a join, a and b testing both sides -> the same, plus each side's
/// part of a | b below the join (run once).
std::unique_ptr<OptimizerRule> MakeInferJoinSideFiltersRule();
/// Grouped count_distinct(x) (and of `if c then x else null`) -> count(x) over the
/// distinct (keys, x) pairs, when the keys are fixed-width.
std::unique_ptr<OptimizerRule> MakeSplitCountDistinctRule();
/// X join Aggregate(input, by k) on k -> the aggregation reads only input rows whose k
/// is in X (a semi join), when that is estimated to drop at least half of them.
std::unique_ptr<OptimizerRule> MakeReduceAggregateInputRule();
/// Aggregate(by columns of O: f(columns of P)) over O join P -> the same over O join
/// Aggregate(P by its join keys) (eager aggregation), when P's keys repeat.
std::unique_ptr<OptimizerRule> MakeAggregateBeforeJoinRule();
/// Reads and computes only the columns the query's result needs.
std::unique_ptr<OptimizerRule> MakePruneColumnsRule();
/// Scans of one file source whose pushed filters all contain one use's -> one scan
/// under that filter, each use's other conjuncts and columns above it (small scans).
std::unique_ptr<OptimizerRule> MakeShareScansRule();

}  // namespace skipjack
