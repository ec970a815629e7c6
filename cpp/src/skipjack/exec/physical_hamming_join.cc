#include "skipjack/exec/physical_hamming_join.h"

#include <algorithm>
#include <bit>
#include <cmath>
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

double Binomial(int n, int k) {
  double out = 1;
  for (int i = 1; i <= k; ++i) out = out * (n - k + i) / i;
  return out;
}

// How many substrings to cut hashes of `bits` bits into, for `rows` build rows and
// distance k: more substrings make shorter keys probed within a smaller radius but
// fuller buckets. A simple cost model (bucket lookups, a cache miss each once the
// offsets outgrow the cache, plus candidates to verify) picks the count.
int ChooseSubstrings(int bits, int64_t rows, int k) {
  int best = 1;
  double best_cost = -1;
  for (int m = 1; m <= std::max(1, bits / 4); ++m) {
    const int length = bits / m;  // the shorter substrings
    if (length > 24 || length < 4) continue;
    const int radius = k / m;
    double probes = 0;
    for (int i = 0; i <= std::min(radius, length); ++i) probes += Binomial(length, i);
    probes *= m;
    const double candidates = probes * static_cast<double>(rows) / std::ldexp(1.0, length);
    const double cost = probes * (length > 16 ? 3.0 : 1.0) + 2.0 * candidates;
    if (best_cost < 0 || cost < best_cost) {
      best = m;
      best_cost = cost;
    }
  }
  return best_cost < 0 ? std::max(1, (bits + 23) / 24) : best;
}

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

// `length` bits of the hash from bit `start` (MSB-first numbering), as an integer.
uint32_t Bits(const uint64_t* hash, int start, int length) {
  const int offset0 = start % 64;
  if (offset0 + length <= 64) {  // within one word: the usual case
    return static_cast<uint32_t>((hash[start / 64] >> (64 - offset0 - length)) &
                                 ((uint64_t{1} << length) - 1));
  }
  uint32_t out = 0;
  for (int taken = 0; taken < length;) {
    const int word = (start + taken) / 64, offset = (start + taken) % 64;
    const int n = std::min(length - taken, 64 - offset);
    const uint64_t chunk = (hash[word] >> (64 - offset - n)) & ((uint64_t{1} << n) - 1);
    out = static_cast<uint32_t>((static_cast<uint64_t>(out) << n) | chunk);
    taken += n;
  }
  return out;
}

struct HammingTable final : JoinTable {
  JoinSide right;
  HashMatrix hashes;
  int substrings = 0;
  int radius = 0;  // per substring
  std::vector<int> start, length;  // bits of each substring
  // Per substring: every mask of its length with at most `radius` bits set, the bucket
  // offsets (2^length + 1) and the rows in bucket order.
  std::vector<std::vector<uint32_t>> probe_masks;
  std::vector<std::vector<uint32_t>> offsets;
  std::vector<std::vector<uint32_t>> rows;
  std::vector<uint32_t> row_substrings;  // rows x substrings, for the "reported earlier" test
  // For one-word hashes, the hashes in bucket order next to `rows`: candidates are then
  // checked from contiguous memory instead of random reads.
  std::vector<std::vector<uint64_t>> bucket_hashes;
  uint32_t Substring(const uint64_t* hash, int s) const { return Bits(hash, start[s], length[s]); }
};

// Masks of `length` bits with at most `radius` bits set, fewest bits first.
std::vector<uint32_t> MasksWithin(int length, int radius) {
  std::vector<uint32_t> masks = {0};
  std::vector<uint32_t> frontier = {0};
  for (int r = 1; r <= radius && r <= length; ++r) {
    std::vector<uint32_t> next;
    for (uint32_t mask : frontier) {
      // Add a bit above the highest set one, so each mask is made once.
      const int from = mask == 0 ? 0 : 32 - std::countl_zero(mask);
      for (int bit = from; bit < length; ++bit) next.push_back(mask | (uint32_t{1} << bit));
    }
    masks.insert(masks.end(), next.begin(), next.end());
    frontier = std::move(next);
  }
  return masks;
}

// The build rows within `max_distance` of `query`, sorted by row. Built twice: with the
// POPCNT instruction where the CPU has it (baseline x86-64 calls a library popcount).
__attribute__((target_clones("popcnt", "default"))) void ProbeOne(
    const HammingTable& table, const uint64_t* query, int max_distance, uint32_t* query_substrings,
    std::vector<std::pair<int64_t, int>>* matches) {
  matches->clear();
  const int words = table.hashes.words;
  for (int s = 0; s < table.substrings; ++s) query_substrings[s] = table.Substring(query, s);
  if (words == 1) {
    const uint64_t q = query[0];
    for (int s = 0; s < table.substrings; ++s) {
      const uint64_t* hashes = table.bucket_hashes[s].data();
      for (uint32_t mask : table.probe_masks[s]) {
        const uint32_t bucket = query_substrings[s] ^ mask;
        for (uint32_t i = table.offsets[s][bucket]; i < table.offsets[s][bucket + 1]; ++i) {
          const uint64_t hash = hashes[i];
          const int d = std::popcount(q ^ hash);
          if (d > max_distance) continue;
          bool earlier = false;  // reported from an earlier substring already?
          for (int e = 0; e < s && !earlier; ++e) {
            earlier = std::popcount(table.Substring(&hash, e) ^ query_substrings[e]) <= table.radius;
          }
          if (!earlier) matches->emplace_back(table.rows[s][i], d);
        }
      }
    }
    std::sort(matches->begin(), matches->end());
    return;
  }
  for (int s = 0; s < table.substrings; ++s) {
    for (uint32_t mask : table.probe_masks[s]) {
      const uint32_t bucket = query_substrings[s] ^ mask;
      for (uint32_t i = table.offsets[s][bucket]; i < table.offsets[s][bucket + 1]; ++i) {
        const uint32_t candidate = table.rows[s][i];
        const uint32_t* candidate_substrings =
            table.row_substrings.data() + static_cast<size_t>(candidate) * table.substrings;
        // Reported from an earlier substring already?
        bool earlier = false;
        for (int e = 0; e < s && !earlier; ++e) {
          earlier = std::popcount(candidate_substrings[e] ^ query_substrings[e]) <= table.radius;
        }
        if (earlier) continue;
        const uint64_t* hash = table.hashes.row(candidate);
        int d = 0;
        for (int w = 0; w < words; ++w) d += std::popcount(query[w] ^ hash[w]);
        if (d <= max_distance) matches->emplace_back(candidate, d);
      }
    }
  }
  std::sort(matches->begin(), matches->end());
}

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
  return std::make_unique<CollectedBatches>();
}

arrow::Status PhysicalHammingJoin::Build(Morsel input, OperatorState* state,
                                         const TaskContext&) const {
  static_cast<CollectedBatches*>(state)->batches.push_back(std::move(input.batch));
  return arrow::Status::OK();
}

arrow::Result<std::shared_ptr<const JoinTable>> PhysicalHammingJoin::FinishBuild(
    std::vector<std::unique_ptr<OperatorState>> states, const TaskContext& ctx) const {
  const auto& schema = *children()[1]->output_schema();
  auto table = std::make_shared<HammingTable>();
  ARROW_ASSIGN_OR_RAISE(table->right.columns,
                        ConcatenateCollected(states, schema, ctx.exec->memory_pool()));
  ARROW_ASSIGN_OR_RAISE(table->hashes, ToHashMatrix(table->right.columns[right_key_], ctx.exec));
  const int64_t n = table->right.columns[right_key_]->length();
  const int bits = table->hashes.bits;
  table->substrings = ChooseSubstrings(bits, n, max_distance_);
  table->radius = max_distance_ / table->substrings;
  for (int s = 0, start = 0; s < table->substrings; ++s) {
    // Lengths differ by at most one bit.
    const int length = bits / table->substrings + (s < bits % table->substrings ? 1 : 0);
    table->start.push_back(start);
    table->length.push_back(length);
    table->probe_masks.push_back(MasksWithin(length, table->radius));
    start += length;
  }
  table->row_substrings.resize(static_cast<size_t>(n * table->substrings));
  for (int64_t r = 0; r < n; ++r) {
    for (int s = 0; s < table->substrings; ++s) {
      table->row_substrings[r * table->substrings + s] = table->Substring(table->hashes.row(r), s);
    }
  }
  for (int s = 0; s < table->substrings; ++s) {
    std::vector<uint32_t> offsets((size_t{1} << table->length[s]) + 1, 0);
    for (int64_t r = 0; r < n; ++r) {
      if (table->hashes.valid[r]) ++offsets[table->Substring(table->hashes.row(r), s) + 1];
    }
    for (size_t b = 1; b < offsets.size(); ++b) offsets[b] += offsets[b - 1];
    std::vector<uint32_t> rows(offsets.back());
    std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (int64_t r = 0; r < n; ++r) {  // rows in order within each bucket
      if (table->hashes.valid[r]) {
        rows[fill[table->Substring(table->hashes.row(r), s)]++] = static_cast<uint32_t>(r);
      }
    }
    if (table->hashes.words == 1) {
      std::vector<uint64_t> hashes(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) hashes[i] = table->hashes.data[rows[i]];
      table->bucket_hashes.push_back(std::move(hashes));
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
  for (int64_t row = 0; row < input.batch->num_rows(); ++row) {
    if (!probes.valid[row]) continue;
    ProbeOne(table, probes.row(row), max_distance_, query_substrings.data(), &matches);
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
