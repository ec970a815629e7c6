#include "skipjack/exec/join_hash_table.h"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>

#include <arrow/array.h>
#include <arrow/type.h>

#include "skipjack/exec/hash_mix.h"
#include "skipjack/exec/hash_partition.h"
#include "skipjack/exec/key_grouper.h"
#include "skipjack/exec/row_comparator.h"

namespace skipjack {
namespace {

// Build rows grouped by hash slot (a compressed sparse row layout): the entries of
// slot s are [offsets[s], offsets[s+1]). Probing a slot reads one contiguous range.
struct SlotIndex {
  int shift = 60;  // slot = hash >> shift: the high bits
  std::vector<uint32_t> offsets;
  std::vector<uint32_t> rows;  // build row of each entry

  size_t slot(uint64_t hash) const { return static_cast<size_t>(hash >> shift); }
};

// Lays out the rows for which valid(row) holds, by the slot of hash(row).
template <typename HashOf, typename Valid>
arrow::Result<SlotIndex> MakeSlotIndex(int64_t num_rows, HashOf hash, Valid valid) {
  if (num_rows >= std::numeric_limits<uint32_t>::max()) {
    return arrow::Status::NotImplemented("a hash join build side of ", num_rows,
                                         " rows (at most 4,294,967,294)");
  }
  int64_t num_valid = 0;
  for (int64_t i = 0; i < num_rows; ++i) num_valid += valid(i);
  // About one slot per row: most probes touch one or two entries.
  const int bits = std::max(4, static_cast<int>(std::bit_width(static_cast<uint64_t>(num_valid))));
  SlotIndex index;
  index.shift = 64 - bits;
  index.offsets.assign((size_t{1} << bits) + 1, 0);
  for (int64_t i = 0; i < num_rows; ++i) {
    if (valid(i)) ++index.offsets[index.slot(hash(i)) + 1];
  }
  for (size_t s = 1; s < index.offsets.size(); ++s) index.offsets[s] += index.offsets[s - 1];
  index.rows.resize(num_valid);
  std::vector<uint32_t> cursor(index.offsets.begin(), index.offsets.end() - 1);
  for (int64_t i = 0; i < num_rows; ++i) {
    if (valid(i)) index.rows[cursor[index.slot(hash(i))]++] = static_cast<uint32_t>(i);
  }
  return index;
}

template <typename CType>
void Widen(const arrow::ArrayData& data, std::vector<int64_t>* out) {
  const CType* values = data.GetValues<CType>(1);
  out->resize(data.length);
  for (int64_t i = 0; i < data.length; ++i) (*out)[i] = static_cast<int64_t>(values[i]);
}

// The values of an integer-like key as int64 (unsigned 64-bit values keep their bits).
void WidenKey(const arrow::Array& key, std::vector<int64_t>* out) {
  const auto& data = *key.data();
  switch (key.type()->byte_width()) {
    case 1:
      key.type_id() == arrow::Type::UINT8 ? Widen<uint8_t>(data, out) : Widen<int8_t>(data, out);
      return;
    case 2:
      key.type_id() == arrow::Type::UINT16 ? Widen<uint16_t>(data, out)
                                           : Widen<int16_t>(data, out);
      return;
    case 4:
      key.type_id() == arrow::Type::UINT32 ? Widen<uint32_t>(data, out)
                                           : Widen<int32_t>(data, out);
      return;
    default:
      Widen<int64_t>(data, out);
      return;
  }
}

// A probe batch's integer-like key as int64 values: 64-bit keys are read in place,
// narrower ones widened into `storage`.
struct KeyValues {
  std::vector<int64_t> storage;
  const int64_t* data = nullptr;
  int64_t operator[](int64_t i) const { return data[i]; }
};

KeyValues ReadKey(const arrow::Array& key) {
  KeyValues out;
  if (key.type()->byte_width() == 8) {
    out.data = key.data()->GetValues<int64_t>(1);  // offset applied
    return out;
  }
  WidenKey(key, &out.storage);
  out.data = out.storage.data();
  return out;
}

// Room for the matches of `probe_rows` rows: all of them when unmatched rows are kept
// too, else a guess (joins often match few probe rows; the vectors grow as needed, and
// reserving a full batch each time costs fresh pages).
void ReserveMatches(int64_t probe_rows, bool keep_unmatched, JoinMatches* out) {
  const size_t wanted = out->probe_rows.size() +
                        static_cast<size_t>(keep_unmatched ? probe_rows : probe_rows / 16);
  out->probe_rows.reserve(wanted);
  out->build_rows.reserve(wanted);
}

// One integer-like key column whose values span a small range (ids, dates): the key
// minus the smallest key is the slot, so there is no hashing and no key comparison,
// and probes with nearby keys touch nearby memory.
class DirectKeyTable final : public JoinHashTable {
 public:
  /// Null when the keys span too wide a range for a direct index.
  static std::unique_ptr<JoinHashTable> MaybeMake(const arrow::Array& key,
                                                 const std::vector<int64_t>& values) {
    int64_t min = std::numeric_limits<int64_t>::max(), max = std::numeric_limits<int64_t>::min();
    int64_t num_valid = 0;
    for (int64_t i = 0; i < key.length(); ++i) {
      if (!key.IsValid(i)) continue;
      min = std::min(min, values[i]);
      max = std::max(max, values[i]);
      ++num_valid;
    }
    if (num_valid == 0 || key.length() >= std::numeric_limits<uint32_t>::max()) return nullptr;
    // The span first: max - min + 1 wraps to 0 when the keys cover all of int64.
    const uint64_t span = static_cast<uint64_t>(max) - static_cast<uint64_t>(min);
    if (span >= (uint64_t{1} << 31)) return nullptr;
    const uint64_t range = span + 1;
    // Up to a million slots (4 MB of offsets) whatever the row count: a direct lookup in
    // a cache-resident array beats hashing even when most slots are empty.
    if (range > static_cast<uint64_t>(std::max<int64_t>(4 * num_valid, 1 << 20))) return nullptr;
    std::vector<uint32_t> offsets(range + 1, 0);
    for (int64_t i = 0; i < key.length(); ++i) {
      if (key.IsValid(i)) ++offsets[values[i] - min + 1];
    }
    for (size_t s = 1; s < offsets.size(); ++s) offsets[s] += offsets[s - 1];
    std::vector<uint32_t> rows(num_valid);
    std::vector<uint32_t> cursor(offsets.begin(), offsets.end() - 1);
    for (int64_t i = 0; i < key.length(); ++i) {
      if (key.IsValid(i)) rows[cursor[values[i] - min]++] = static_cast<uint32_t>(i);
    }
    return std::unique_ptr<JoinHashTable>(
        new DirectKeyTable(key.length(), min, std::move(offsets), std::move(rows)));
  }

  arrow::Status FindAll(const ArrayVector& probe_keys, bool keep_unmatched,
                        JoinMatches* out) const override {
    const arrow::Array& key = *probe_keys[0];
    const KeyValues values = ReadKey(key);
    const bool has_nulls = key.null_count() > 0;
    const uint64_t range = offsets_.size() - 1;
    ReserveMatches(key.length(), keep_unmatched, out);
    for (int64_t i = 0; i < key.length(); ++i) {
      uint32_t begin = 0, end = 0;
      if (!has_nulls || key.IsValid(i)) {
        const uint64_t slot = static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(min_);
        if (slot < range) {
          begin = offsets_[slot];
          end = offsets_[slot + 1];
        }
      }
      for (uint32_t e = begin; e < end; ++e) {
        out->probe_rows.push_back(static_cast<int32_t>(i));
        out->build_rows.push_back(rows_[e]);
      }
      if (keep_unmatched && begin == end) {
        out->probe_rows.push_back(static_cast<int32_t>(i));
        out->build_rows.push_back(-1);
      }
    }
    return arrow::Status::OK();
  }

  arrow::Status FindAny(const ArrayVector& probe_keys,
                        std::vector<uint8_t>* has_match) const override {
    const arrow::Array& key = *probe_keys[0];
    const KeyValues values = ReadKey(key);
    const uint64_t range = offsets_.size() - 1;
    has_match->assign(key.length(), 0);
    for (int64_t i = 0; i < key.length(); ++i) {
      if (key.IsNull(i)) continue;
      const uint64_t slot = static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(min_);
      (*has_match)[i] = slot < range && offsets_[slot] != offsets_[slot + 1];
    }
    return arrow::Status::OK();
  }

 private:
  DirectKeyTable(int64_t num_rows, int64_t min, std::vector<uint32_t> offsets,
                 std::vector<uint32_t> rows)
      : JoinHashTable(num_rows), min_(min), offsets_(std::move(offsets)), rows_(std::move(rows)) {}

  int64_t min_;
  std::vector<uint32_t> offsets_;  // slot s = key - min_ owns rows_[offsets_[s], offsets_[s+1])
  std::vector<uint32_t> rows_;
};

// One integer-like key column: values compared directly, with the entries' keys stored
// in slot order next to their rows.
class IntegerKeyTable final : public JoinHashTable {
 public:
  static arrow::Result<std::unique_ptr<JoinHashTable>> Make(const arrow::Array& key) {
    std::vector<int64_t> values;
    WidenKey(key, &values);
    if (auto direct = DirectKeyTable::MaybeMake(key, values)) return direct;
    ARROW_ASSIGN_OR_RAISE(
        auto index,
        MakeSlotIndex(
            key.length(), [&](int64_t i) { return Mix64(static_cast<uint64_t>(values[i])); },
            [&](int64_t i) { return key.IsValid(i); }));
    std::vector<int64_t> entry_keys(index.rows.size());
    for (size_t e = 0; e < index.rows.size(); ++e) entry_keys[e] = values[index.rows[e]];
    return std::unique_ptr<JoinHashTable>(
        new IntegerKeyTable(key.length(), std::move(index), std::move(entry_keys)));
  }

  arrow::Status FindAll(const ArrayVector& probe_keys, bool keep_unmatched,
                        JoinMatches* out) const override {
    const arrow::Array& key = *probe_keys[0];
    const KeyValues values = ReadKey(key);
    ReserveMatches(key.length(), keep_unmatched, out);
    ProbeBlocks(key, values, [&](int64_t i, int64_t slot) {
      const size_t before = out->probe_rows.size();
      if (slot >= 0) {
        for (uint32_t e = index_.offsets[slot], end = index_.offsets[slot + 1]; e < end; ++e) {
          if (entry_keys_[e] == values[i]) {
            out->probe_rows.push_back(static_cast<int32_t>(i));
            out->build_rows.push_back(index_.rows[e]);
          }
        }
      }
      if (keep_unmatched && out->probe_rows.size() == before) {
        out->probe_rows.push_back(static_cast<int32_t>(i));
        out->build_rows.push_back(-1);
      }
    });
    return arrow::Status::OK();
  }

  arrow::Status FindAny(const ArrayVector& probe_keys,
                        std::vector<uint8_t>* has_match) const override {
    const arrow::Array& key = *probe_keys[0];
    const KeyValues values = ReadKey(key);
    has_match->assign(key.length(), 0);
    ProbeBlocks(key, values, [&](int64_t i, int64_t slot) {
      if (slot < 0) return;
      for (uint32_t e = index_.offsets[slot], end = index_.offsets[slot + 1]; e < end; ++e) {
        if (entry_keys_[e] == values[i]) {
          (*has_match)[i] = 1;
          return;
        }
      }
    });
    return arrow::Status::OK();
  }

  arrow::Status MarkMatches(const ArrayVector& probe_keys, uint8_t* matched) const override {
    const arrow::Array& key = *probe_keys[0];
    const KeyValues values = ReadKey(key);
    ProbeBlocks(key, values, [&](int64_t i, int64_t slot) {
      if (slot < 0) return;
      for (uint32_t e = index_.offsets[slot], end = index_.offsets[slot + 1]; e < end; ++e) {
        if (entry_keys_[e] == values[i]) matched[index_.rows[e]] = 1;
      }
    });
    return arrow::Status::OK();
  }

 private:
  IntegerKeyTable(int64_t num_rows, SlotIndex index, std::vector<int64_t> entry_keys)
      : JoinHashTable(num_rows), index_(std::move(index)), entry_keys_(std::move(entry_keys)) {
    // About 8 to 16 filter bits per key, at most 2 MB: small enough to stay in cache.
    const int bits = std::clamp(
        static_cast<int>(std::bit_width(static_cast<uint64_t>(entry_keys_.size()))) + 3, 12, 24);
    filter_mask_ = (uint64_t{1} << bits) - 1;
    filter_.assign((size_t{1} << bits) / 64, 0);
    for (int64_t value : entry_keys_) {
      const uint64_t bit = Mix64(static_cast<uint64_t>(value)) & filter_mask_;
      filter_[bit >> 6] |= uint64_t{1} << (bit & 63);
    }
  }

  // Calls on_row(i, slot) for every probe row in order, with slot -1 when the row
  // cannot match (a null key, or absent from the filter). Rows go in blocks: the
  // filter turns most misses away with one cached read, and the slots of the rest are
  // prefetched before any is read, so their cache misses overlap.
  template <typename OnRow>
  void ProbeBlocks(const arrow::Array& key, const KeyValues& values, OnRow on_row) const {
    const bool has_nulls = key.null_count() > 0;
    constexpr int64_t kBlock = 32;
    std::array<int64_t, kBlock> slots;
    const int64_t length = key.length();
    // Locals, not members: on_row appends to vectors, after which the compiler would
    // reload every member from memory.
    const uint64_t* filter = filter_.data();
    const uint64_t filter_mask = filter_mask_;
    const uint32_t* offsets = index_.offsets.data();
    const int shift = index_.shift;
    const int64_t* keys = values.data;
    for (int64_t start = 0; start < length; start += kBlock) {
      const int64_t count = std::min(kBlock, length - start);
      for (int64_t j = 0; j < count; ++j) {
        const uint64_t hash = Mix64(static_cast<uint64_t>(keys[start + j]));
        const uint64_t bit = hash & filter_mask;
        const bool maybe = (filter[bit >> 6] >> (bit & 63)) & 1;
        slots[j] = maybe ? static_cast<int64_t>(hash >> shift) : -1;
        if (maybe) __builtin_prefetch(&offsets[slots[j]]);
      }
      if (has_nulls) {
        for (int64_t j = 0; j < count; ++j) {
          if (key.IsNull(start + j)) slots[j] = -1;
        }
      }
      for (int64_t j = 0; j < count; ++j) on_row(start + j, slots[j]);
    }
  }

  SlotIndex index_;
  std::vector<int64_t> entry_keys_;
  std::vector<uint64_t> filter_;  // one bit per low-bits hash value of the keys
  uint64_t filter_mask_ = 0;
};

bool AnyNull(const ArrayVector& keys, int64_t row) {
  for (const auto& key : keys) {
    if (key->IsNull(row)) return true;
  }
  return false;
}

// Any key types, any number of keys: rows hashed together, candidates with an equal
// hash checked key by key (NaN equals NaN, as in grouping).
class GeneralKeyTable final : public JoinHashTable {
 public:
  static arrow::Result<std::unique_ptr<JoinHashTable>> Make(ArrayVector keys) {
    std::vector<std::unique_ptr<KeyColumn>> columns;
    for (const auto& key : keys) {
      auto column = MakeKeyColumn(key);
      if (!column.ok()) {
        return arrow::Status::NotImplemented("joining on a key of type ", key->type()->ToString());
      }
      columns.push_back(std::move(*column));
    }
    ARROW_ASSIGN_OR_RAISE(auto hashes, HashRows(keys));
    const int64_t num_rows = keys[0]->length();
    ARROW_ASSIGN_OR_RAISE(
        auto index, MakeSlotIndex(
                        num_rows, [&](int64_t i) { return hashes[i]; },
                        [&](int64_t i) { return !AnyNull(keys, i); }));
    std::vector<uint64_t> entry_hashes(index.rows.size());
    for (size_t e = 0; e < index.rows.size(); ++e) entry_hashes[e] = hashes[index.rows[e]];
    return std::unique_ptr<JoinHashTable>(new GeneralKeyTable(
        num_rows, std::move(keys), std::move(columns), std::move(index), std::move(entry_hashes)));
  }

  arrow::Status FindAll(const ArrayVector& probe_keys, bool keep_unmatched,
                        JoinMatches* out) const override {
    return Probe(probe_keys, [&](int64_t i, const ProbeRow* row) {
      bool any = false;
      if (row) {
        for (uint32_t e = row->first; e < row->last; ++e) {
          if (!Matches(*row, e)) continue;
          out->probe_rows.push_back(static_cast<int32_t>(i));
          out->build_rows.push_back(index_.rows[e]);
          any = true;
        }
      }
      if (keep_unmatched && !any) {
        out->probe_rows.push_back(static_cast<int32_t>(i));
        out->build_rows.push_back(-1);
      }
    });
  }

  arrow::Status FindAny(const ArrayVector& probe_keys,
                        std::vector<uint8_t>* has_match) const override {
    has_match->assign(probe_keys[0]->length(), 0);
    return Probe(probe_keys, [&](int64_t i, const ProbeRow* row) {
      if (!row) return;
      for (uint32_t e = row->first; e < row->last; ++e) {
        if (Matches(*row, e)) {
          (*has_match)[i] = 1;
          return;
        }
      }
    });
  }

 private:
  // One probe row without null keys and the entries of its slot.
  struct ProbeRow {
    const std::vector<std::unique_ptr<KeyColumn>>* columns;
    int64_t row;
    uint64_t hash;
    uint32_t first, last;
  };

  GeneralKeyTable(int64_t num_rows, ArrayVector keys,
                  std::vector<std::unique_ptr<KeyColumn>> columns, SlotIndex index,
                  std::vector<uint64_t> entry_hashes)
      : JoinHashTable(num_rows),
        keys_(std::move(keys)),
        columns_(std::move(columns)),
        index_(std::move(index)),
        entry_hashes_(std::move(entry_hashes)) {}

  bool Matches(const ProbeRow& probe, uint32_t entry) const {
    if (entry_hashes_[entry] != probe.hash) return false;
    const int64_t build_row = index_.rows[entry];
    for (size_t k = 0; k < columns_.size(); ++k) {
      const KeyColumn& probe_column = *(*probe.columns)[k];
      const auto category = probe_column.category(probe.row);
      if (category != columns_[k]->category(build_row)) return false;
      if (category == KeyColumn::kValue &&
          probe_column.CompareValues(probe.row, *columns_[k], build_row) != 0) {
        return false;
      }
    }
    return true;
  }

  // Calls visit(i, &row) for each probe row i, with a null row when a key is null.
  template <typename Visit>
  arrow::Status Probe(const ArrayVector& probe_keys, Visit visit) const {
    std::vector<std::unique_ptr<KeyColumn>> columns;
    for (const auto& key : probe_keys) {
      ARROW_ASSIGN_OR_RAISE(auto column, MakeKeyColumn(key));
      columns.push_back(std::move(column));
    }
    ARROW_ASSIGN_OR_RAISE(auto hashes, HashRows(probe_keys));
    const int64_t length = probe_keys[0]->length();
    for (int64_t i = 0; i < length; ++i) {
      if (AnyNull(probe_keys, i)) {
        visit(i, nullptr);
        continue;
      }
      const size_t s = index_.slot(hashes[i]);
      const ProbeRow row{&columns, i, hashes[i], index_.offsets[s], index_.offsets[s + 1]};
      visit(i, &row);
    }
    return arrow::Status::OK();
  }

  ArrayVector keys_;  // kept alive for columns_
  std::vector<std::unique_ptr<KeyColumn>> columns_;
  SlotIndex index_;
  std::vector<uint64_t> entry_hashes_;
};

}  // namespace

arrow::Status JoinHashTable::MarkMatches(const ArrayVector& probe_keys, uint8_t* matched) const {
  JoinMatches matches;
  ARROW_RETURN_NOT_OK(FindAll(probe_keys, /*keep_unmatched=*/false, &matches));
  for (int64_t row : matches.build_rows) matched[row] = 1;
  return arrow::Status::OK();
}

arrow::Result<std::unique_ptr<JoinHashTable>> JoinHashTable::Make(ArrayVector keys) {
  if (keys.size() == 1 && IsIntegerLikeKey(*keys[0]->type())) {
    return IntegerKeyTable::Make(*keys[0]);
  }
  return GeneralKeyTable::Make(std::move(keys));
}

}  // namespace skipjack
