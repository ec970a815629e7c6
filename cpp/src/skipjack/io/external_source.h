// File: external_source.h
//
// Tables read through a scanner the embedding application provides: the Python
// bindings use it for Lance datasets (through pylance), where a library outside the
// core knows the format. Each execution opens a fresh stream, with the columns to read
// and a row limit pushed down; filters run in the engine on what comes back.

#pragma once

#include <optional>

#include <arrow/record_batch.h>

#include "skipjack/exec/physical_operator.h"
#include "skipjack/plan/logical_source.h"
#include "skipjack/plan/source_info.h"

namespace skipjack {

class ExternalScanner {
 public:
  virtual ~ExternalScanner() = default;
  /// A stream of the table's rows: only `columns` (all if nullopt), at most `limit`
  /// rows if given (it may return more; the engine cuts).
  virtual arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> Open(
      const std::optional<std::vector<std::string>>& columns,
      std::optional<int64_t> limit) const = 0;
};

class ExternalSourceInfo final : public SourceInfo {
 public:
  ExternalSourceInfo(std::string format, std::string location,
                     std::shared_ptr<arrow::Schema> schema, int64_t num_rows,
                     std::shared_ptr<const ExternalScanner> scanner);

  SourceKind kind() const override { return SourceKind::kExternal; }
  const std::shared_ptr<arrow::Schema>& schema() const override { return schema_; }
  std::vector<std::string> DisplayLines() const override;
  int64_t num_rows() const override { return num_rows_; }

  const std::string& format() const { return format_; }
  const ExternalScanner& scanner() const { return *scanner_; }

 private:
  std::string format_;    ///< "Lance": scans are named "<format> Scan"
  std::string location_;  ///< shown in plans
  std::shared_ptr<arrow::Schema> schema_;
  int64_t num_rows_;
  std::shared_ptr<const ExternalScanner> scanner_;
};

/// Opens the scanner with the pushed columns and limit and streams what it returns
/// (on the I/O side: the scanner may wait on another library), converted to kernel
/// types. The pushed filter, if any, is applied by a filter above (see the planner).
class ExternalScan final : public SourceOperator {
 public:
  ExternalScan(std::shared_ptr<const ExternalSourceInfo> source,
               std::shared_ptr<arrow::Schema> output_schema,
               std::optional<std::vector<std::string>> columns, std::optional<int64_t> limit);

  std::string name() const override { return source_->format() + " Scan"; }
  std::vector<std::string> Details() const override;
  int MaxConcurrency(const ExecutionConfig&) const override { return 1; }
  arrow::Result<std::unique_ptr<MorselReader>> Open(const TaskContext& ctx,
                                                    const MorselSize& morsel_size) const override;
  int64_t EstimatedRows() const override;

 private:
  std::shared_ptr<const ExternalSourceInfo> source_;
  std::optional<std::vector<std::string>> columns_;
  std::optional<int64_t> limit_;
};

}  // namespace skipjack
