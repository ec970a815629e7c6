#include "skipjack/exec/physical_hamming_join.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include <arrow/array.h>
#include <arrow/array/concatenate.h>
#include <arrow/array/util.h>
#include <arrow/builder.h>
#include <arrow/record_batch.h>
#include <arrow/type.h>

#include "skipjack/functions/arrow_call.h"

namespace skipjack {
namespace {

constexpr int kSubstringBits = 16;

struct CollectState final : OperatorState {
  std::vector<std::shared_ptr<arrow::RecordBatch>> batches;
};

// Hashes as rows of 64-bit words (bits beyond the hash are zero).
struct HashMatrix {
  int words = 0;
  int bits = 0;
  std::vector<uint64_t> data;
  std::vector<bool> valid;
  const uint64_t* row(int64_t r) const { return data.data() + r * words; }
};

arrow::Result<HashMatrix> ToHashMatrix(const std::shared_ptr<arrow::Array>& keys,
                                       arrow::compute::ExecContext* ctx) {
  HashMatrix m;
  const int64_t n = keys->length();
  m.valid.resize(static_cast<size_t>(n));
  if (keys->type_id() == arrow::Type::FIXED_SIZE_BINARY) {
    const auto& binary = static_cast<const arrow::FixedSizeBinaryArray&>(*keys);
    const int width = binary.byte_width();
    m.bits = width * 8;
    m.words = (width + 7) / 8;
    m.data.assign(static_cast<size_t>(n * m.words), 0);
    for (int64_t r = 0; r < n; ++r) {
      m.valid[r] = binary.IsValid(r);
      if (!m.valid[r]) continue;
      // Big-endian words, so bit i of the hash (MSB first) is bit 63 - i % 64 of word i / 64.
      const uint8_t* bytes = binary.GetValue(r);
      for (int b = 0; b < width; ++b) {
        m.data[r * m.words + b / 8] |= static_cast<uint64_t>(bytes[b]) << (56 - 8 * (b % 8));
      }
    }
    return m;
  }
  ARROW_ASSIGN_OR_RAISE(auto cast, CastDatum(keys, arrow::uint64(), ctx));
  const auto ints = std::static_pointer_cast<arrow::UInt64Array>(cast.make_array());
  m.bits = 64;
  m.words = 1;
  m.data.resize(static_cast<size_t>(n));
  for (int64_t r = 0; r < n; ++r) {
    m.valid[r] = ints->IsValid(r);
    m.data[r] = m.valid[r] ? ints->Value(r) : 0;
  }
  return m;
}

int Distance(const uint64_t* a, const uint64_t* b, int words) {
  int d = 0;
  for (int w = 0; w < words; ++w) d += std::popcount(a[w] ^ b[w]);
  return d;
}

// Substring i: bits [i * 16, i * 16 + 16) of the hash, as an integer.
uint32_t Substring(const uint64_t* hash, int index) {
  const int bit = index * kSubstringBits;
  return static_cast<uint32_t>((hash[bit / 64] >> (64 - kSubstringBits - bit % 64)) & 0xffff);
}

struct HammingTable final : JoinTable {
  JoinSide right;
  HashMatrix hashes;
  int substrings = 0;
  int radius = 0;  // per substring
  std::vector<uint32_t> probe_masks;  // all 16-bit masks with at most `radius` bits set
  // Per substring: bucket offsets (2^16 + 1) and the rows in bucket order.
  std::vector<std::vector<uint32_t>> offsets;
  std::vector<std::vector<uint32_t>> rows;
};

}  // namespace

PhysicalHammingJoin::PhysicalHammingJoin(PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                                         std::shared_ptr<arrow::Schema> output_schema,
                                         int left_key, int right_key, int max_distance)
    : JoinOperator({std::move(left), std::move(right)}, std::move(output_schema)),
      left_key_(left_key),
      right_key_(right_key),
      max_distance_(max_distance) {
  const int left_columns = children()[0]->output_schema()->num_fields();
  const int right_columns = children()[1]->output_schema()->num_fields();
  for (int c = 0; c < left_columns; ++c) sources_.push_back({true, false, c});
  for (int c = 0; c < right_columns; ++c) sources_.push_back({false, false, c});
}

std::string PhysicalHammingJoin::Summary() const {
  return "distance <= " + std::to_string(max_distance_) + " (multi-index hashing)";
}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalHammingJoin::MakeState(
    const TaskContext&) const {
  return std::make_unique<CollectState>();
}

arrow::Status PhysicalHammingJoin::Build(Morsel input, OperatorState* state,
                                         const TaskContext&) const {
  static_cast<CollectState*>(state)->batches.push_back(std::move(input.batch));
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<const JoinTable>> PhysicalHammingJoin::FinishBuild(
    std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx) const {
  const auto& schema = *children()[1]->output_schema();
  auto table = std::make_shared<HammingTable>();
  std::vector<arrow::ArrayVector> pieces(schema.num_fields());
  for (const auto& raw : states) {
    for (const auto& batch : static_cast<const CollectState&>(*raw).batches) {
      for (int c = 0; c < schema.num_fields(); ++c) pieces[c].push_back(batch->column(c));
    }
  }
  for (int c = 0; c < schema.num_fields(); ++c) {
    std::shared_ptr<arrow::Array> column;
    if (pieces[c].empty()) {
      ARROW_ASSIGN_OR_RAISE(column, arrow::MakeEmptyArray(schema.field(c)->type(), ctx.exec->memory_pool()));
    } else {
      ARROW_ASSIGN_OR_RAISE(column, arrow::Concatenate(pieces[c], ctx.exec->memory_pool()));
    }
    table->right.columns.push_back(std::move(column));
  }
  ARROW_ASSIGN_OR_RAISE(table->hashes, ToHashMatrix(table->right.columns[right_key_], ctx.exec));
  const int64_t n = table->right.columns[right_key_]->length();
  table->substrings = std::max(1, (table->hashes.bits + kSubstringBits - 1) / kSubstringBits);
  table->radius = max_distance_ / table->substrings;
  for (uint32_t mask = 0; mask <= 0xffff; ++mask) {
    if (std::popcount(mask) <= table->radius) table->probe_masks.push_back(mask);
  }
  // Closest first: a probe then finds exact matches before near ones (no effect on results).
  std::stable_sort(table->probe_masks.begin(), table->probe_masks.end(),
                   [](uint32_t a, uint32_t b) { return std::popcount(a) < std::popcount(b); });
  for (int s = 0; s < table->substrings; ++s) {
    std::vector<uint32_t> offsets((1 << kSubstringBits) + 1, 0);
    for (int64_t r = 0; r < n; ++r) {
      if (table->hashes.valid[r]) ++offsets[Substring(table->hashes.row(r), s) + 1];
    }
    for (size_t b = 1; b < offsets.size(); ++b) offsets[b] += offsets[b - 1];
    std::vector<uint32_t> rows(offsets.back());
    std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (int64_t r = 0; r < n; ++r) {  // rows in order within each bucket
      if (table->hashes.valid[r]) rows[fill[Substring(table->hashes.row(r), s)]++] = static_cast<uint32_t>(r);
    }
    table->offsets.push_back(std::move(offsets));
    table->rows.push_back(std::move(rows));
  }
  return table;
}

arrow::Result<std::unique_ptr<OperatorState>> PhysicalHammingJoin::MakeProbeState(
    const JoinTable&, const TaskContext&) const {
  return nullptr;
}

arrow::Result<std::vector<Morsel>> PhysicalHammingJoin::Probe(Morsel input, const JoinTable& raw,
                                                              OperatorState*,
                                                              const TaskContext& ctx) const {
  const auto& table = static_cast<const HammingTable&>(raw);
  ARROW_ASSIGN_OR_RAISE(auto probes, ToHashMatrix(input.batch->column(left_key_), ctx.exec));
  std::vector<int32_t> left_rows;
  std::vector<int64_t> right_rows;
  std::vector<uint32_t> distances;
  std::vector<std::pair<int64_t, int>> matches;
  std::vector<uint32_t> query_substrings(static_cast<size_t>(table.substrings));
  const int words = table.hashes.words;
  for (int64_t row = 0; row < input.batch->num_rows(); ++row) {
    if (!probes.valid[row]) continue;
    const uint64_t* query = probes.row(row);
    matches.clear();
    for (int s = 0; s < table.substrings; ++s) query_substrings[s] = Substring(query, s);
    for (int s = 0; s < table.substrings; ++s) {
      for (uint32_t mask : table.probe_masks) {
        const uint32_t bucket = query_substrings[s] ^ mask;
        for (uint32_t i = table.offsets[s][bucket]; i < table.offsets[s][bucket + 1]; ++i) {
          const uint32_t candidate = table.rows[s][i];
          const uint64_t* hash = table.hashes.row(candidate);
          // Reported from an earlier substring already?
          bool earlier = false;
          for (int e = 0; e < s && !earlier; ++e) {
            earlier = std::popcount(Substring(hash, e) ^ query_substrings[e]) <= table.radius;
          }
          if (earlier) continue;
          const int d = Distance(query, hash, words);
          if (d <= max_distance_) matches.emplace_back(candidate, d);
        }
      }
    }
    std::sort(matches.begin(), matches.end());
    for (const auto& [candidate, d] : matches) {
      left_rows.push_back(static_cast<int32_t>(row));
      right_rows.push_back(candidate);
      distances.push_back(static_cast<uint32_t>(d));
    }
  }
  std::vector<Morsel> out;
  if (left_rows.empty()) return out;
  auto* pool = ctx.exec->memory_pool();
  JoinSide left;
  left.columns = input.batch->columns();
  ARROW_ASSIGN_OR_RAISE(auto probe_selection, SelectProbeRows(left_rows, input.batch->num_rows(), pool));
  ARROW_ASSIGN_OR_RAISE(auto build_selection, SelectBuildRows(right_rows, pool));
  const int64_t length = static_cast<int64_t>(left_rows.size());
  auto columns_schema = arrow::schema(arrow::FieldVector(output_schema()->fields().begin(),
                                                         output_schema()->fields().end() - 1));
  ARROW_ASSIGN_OR_RAISE(auto joined, GatherJoinRows(columns_schema, sources_, left, probe_selection,
                                                    table.right, build_selection, length, ctx.exec));
  auto columns = joined->columns();
  columns.push_back(std::make_shared<arrow::UInt32Array>(length, arrow::Buffer::FromVector(std::move(distances))));
  out.push_back(MakeMorsel(arrow::RecordBatch::Make(output_schema(), length, std::move(columns))));
  return out;
}

arrow::Result<std::unique_ptr<MorselReader>> PhysicalHammingJoin::FinishProbe(
    const JoinTable&, std::vector<std::unique_ptr<OperatorState>>, const TaskContext&,
    const MorselSize&) const {
  return nullptr;
}

}  // namespace skipjack
