#include "skipjack/exec/packed_string_grouper.h"

#include <algorithm>
#include <cstring>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/compute/exec.h>
#include <arrow/type.h>
#include <arrow/util/bitmap_ops.h>

#include "skipjack/exec/string_interner.h"

namespace skipjack {
namespace {

bool IsString(const arrow::DataType& type) {
  switch (type.id()) {
    case arrow::Type::STRING:
    case arrow::Type::BINARY:
    case arrow::Type::LARGE_STRING:
    case arrow::Type::LARGE_BINARY:
      return true;
    default:
      return false;
  }
}

// Strings of up to 7 bytes fit one word (bytes, then the length in the top byte); up to
// 15 bytes take two (8 bytes, then 7 bytes and the length).
int64_t MaxBytesIn(int words) { return words == 1 ? 7 : 15; }

// The validity of words made from `array`: its own, shifted to start at bit 0.
arrow::Result<std::shared_ptr<arrow::Buffer>> WordValidity(const arrow::Array& array,
                                                           arrow::MemoryPool* pool) {
  if (array.null_count() == 0) return nullptr;
  const auto& data = *array.data();
  if (data.offset == 0) return data.buffers[0];
  return arrow::internal::CopyBitmap(pool, data.buffers[0]->data(), data.offset, data.length);
}

// The `words` words of each string of `array` (validity shared with it), or nothing
// when a value is longer than they hold.
template <typename Offset>
arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> PackStrings(const arrow::Array& array,
                                                                      int words,
                                                                      arrow::MemoryPool* pool) {
  const auto& data = *array.data();
  const int64_t n = data.length;
  const auto* offsets = data.GetValues<Offset>(1);
  const uint8_t* chars = data.buffers[2] ? data.buffers[2]->data() : nullptr;
  const int64_t max_bytes = MaxBytesIn(words);
  ARROW_ASSIGN_OR_RAISE(auto low_buffer, arrow::AllocateBuffer(n * sizeof(uint64_t), pool));
  std::unique_ptr<arrow::Buffer> high_buffer;
  if (words == 2) {
    ARROW_ASSIGN_OR_RAISE(high_buffer, arrow::AllocateBuffer(n * sizeof(uint64_t), pool));
  }
  auto* low = reinterpret_cast<uint64_t*>(low_buffer->mutable_data());
  auto* high = high_buffer ? reinterpret_cast<uint64_t*>(high_buffer->mutable_data()) : nullptr;
  // Values whose 16 bytes from the start lie inside the buffer are read as two words
  // and masked; the last few may need a byte copy.
  const int64_t chars_size = data.buffers[2] ? data.buffers[2]->size() : 0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t begin = offsets[i];
    const int64_t size = offsets[i + 1] - begin;
    // Null slots may hold any bytes; their words never reach a key (the null flag does).
    if (size > max_bytes) return std::vector<std::shared_ptr<arrow::Array>>{};
    uint64_t raw[2] = {0, 0};
    if (begin + 16 <= chars_size) {
      std::memcpy(raw, chars + begin, 16);
    } else if (size > 0) {
      std::memcpy(raw, chars + begin, static_cast<size_t>(size));
    }
    const uint64_t length_byte = static_cast<uint64_t>(size) << 56;
    if (!high) {
      low[i] = (raw[0] & ((uint64_t{1} << (size * 8)) - 1)) | length_byte;
      continue;
    }
    const int low_bits = static_cast<int>(std::min<int64_t>(size, 8)) * 8;
    const int high_bits = static_cast<int>(std::max<int64_t>(size - 8, 0)) * 8;
    low[i] = low_bits == 64 ? raw[0] : raw[0] & ((uint64_t{1} << low_bits) - 1);
    high[i] = (raw[1] & ((uint64_t{1} << high_bits) - 1)) | length_byte;
  }
  ARROW_ASSIGN_OR_RAISE(auto validity, WordValidity(array, pool));
  std::vector<std::shared_ptr<arrow::Array>> out;
  out.push_back(arrow::MakeArray(arrow::ArrayData::Make(
      arrow::int64(), n, {validity, std::move(low_buffer)}, array.null_count())));
  if (high_buffer) {
    out.push_back(arrow::MakeArray(arrow::ArrayData::Make(
        arrow::int64(), n, {validity, std::move(high_buffer)}, array.null_count())));
  }
  return out;
}

// Rebuilds strings of `type` from their words (`high_words` null for one word each).
template <typename Offset>
arrow::Result<std::shared_ptr<arrow::Array>> UnpackStrings(
    const std::shared_ptr<arrow::DataType>& type, const arrow::Array& low_words,
    const arrow::Array* high_words, arrow::MemoryPool* pool) {
  const int64_t n = low_words.length();
  const auto* low = low_words.data()->GetValues<uint64_t>(1);
  const auto* high = high_words ? high_words->data()->GetValues<uint64_t>(1) : nullptr;
  const uint64_t* length_words = high ? high : low;
  ARROW_ASSIGN_OR_RAISE(auto offsets_buffer, arrow::AllocateBuffer((n + 1) * sizeof(Offset), pool));
  auto* offsets = reinterpret_cast<Offset*>(offsets_buffer->mutable_data());
  offsets[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t size = low_words.IsNull(i) ? 0 : static_cast<int64_t>(length_words[i] >> 56);
    offsets[i + 1] = static_cast<Offset>(offsets[i] + size);
  }
  ARROW_ASSIGN_OR_RAISE(auto chars_buffer, arrow::AllocateBuffer(offsets[n], pool));
  uint8_t* chars = chars_buffer->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    const int64_t size = offsets[i + 1] - offsets[i];
    if (size == 0) continue;
    uint8_t bytes[16];
    std::memcpy(bytes, &low[i], 8);
    if (high) std::memcpy(bytes + 8, &high[i], 8);
    std::memcpy(chars + offsets[i], bytes, static_cast<size_t>(size));
  }
  const auto& low_data = *low_words.data();
  return arrow::MakeArray(arrow::ArrayData::Make(
      type, n, {low_data.buffers[0], std::move(offsets_buffer), std::move(chars_buffer)},
      low_words.null_count(), low_data.offset));
}

bool IsLarge(const arrow::DataType& type) {
  return type.id() == arrow::Type::LARGE_STRING || type.id() == arrow::Type::LARGE_BINARY;
}

// The inner grouper's column types: integer-like keys as they are, `words` int64
// columns per string key.
std::vector<std::shared_ptr<arrow::DataType>> WordTypes(
    const std::vector<std::shared_ptr<arrow::DataType>>& key_types, int words) {
  std::vector<std::shared_ptr<arrow::DataType>> out;
  for (const auto& type : key_types) {
    if (!IsString(*type)) {
      out.push_back(type);
      continue;
    }
    for (int w = 0; w < words; ++w) out.push_back(arrow::int64());
  }
  return out;
}

// How the grouper holds string keys, in the order it tries them.
enum class Packing {
  kOneWord,   // bytes and length in one word
  kTwoWords,  // in two words
  kInterned,  // the string's number in its column's StringInterner
  kGeneral,   // not packed: the general grouper takes the strings
};

// Distinct strings a column may intern: enough for names of types, brands or
// suppliers, few enough that the interner stays in the caches.
constexpr int64_t kMaxInternedStrings = 1 << 16;

class PackedStringGrouper final : public KeyGrouper {
 public:
  PackedStringGrouper(std::vector<std::shared_ptr<arrow::DataType>> types,
                      arrow::compute::ExecContext* exec, int max_words, GrouperFactory packed,
                      GrouperFactory general)
      : types_(std::move(types)),
        exec_(exec),
        max_words_(max_words),
        packed_factory_(packed),
        general_factory_(general) {}

  arrow::Status Init() { return StartGrouper(); }

  arrow::Result<std::shared_ptr<arrow::UInt32Array>> Consume(
      const std::vector<std::shared_ptr<arrow::Array>>& keys, int64_t length) override {
    while (packing_ != Packing::kGeneral) {
      ARROW_ASSIGN_OR_RAISE(auto packed, Pack(keys));
      if (!packed.empty()) return current_->Consume(packed, length);
      ARROW_RETURN_NOT_OK(Widen());
    }
    return current_->Consume(keys, length);
  }

  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> Uniques() override {
    ARROW_ASSIGN_OR_RAISE(auto columns, current_->Uniques());
    if (packing_ == Packing::kGeneral) return columns;
    std::vector<std::shared_ptr<arrow::Array>> out;
    size_t c = 0;
    auto* pool = exec_->memory_pool();
    for (size_t k = 0; k < types_.size(); ++k) {
      const auto& type = types_[k];
      if (!IsString(*type)) {
        out.push_back(columns[c++]);
        continue;
      }
      std::shared_ptr<arrow::Array> strings;
      if (packing_ == Packing::kInterned) {
        ARROW_ASSIGN_OR_RAISE(strings, interners_[k].Strings(type, *columns[c], pool));
      } else {
        const arrow::Array* high = packing_ == Packing::kTwoWords ? columns[c + 1].get() : nullptr;
        ARROW_ASSIGN_OR_RAISE(strings, IsLarge(*type)
                                           ? UnpackStrings<int64_t>(type, *columns[c], high, pool)
                                           : UnpackStrings<int32_t>(type, *columns[c], high, pool));
      }
      out.push_back(std::move(strings));
      c += WordsPerString();
    }
    return out;
  }

  uint32_t num_groups() const override { return current_->num_groups(); }

  void Reserve(int64_t groups) override { current_->Reserve(groups); }

 private:
  int WordsPerString() const { return packing_ == Packing::kTwoWords ? 2 : 1; }

  // A fresh grouper (and interners) for the current packing.
  arrow::Status StartGrouper() {
    if (packing_ == Packing::kGeneral) {
      ARROW_ASSIGN_OR_RAISE(current_, general_factory_(types_, exec_));
      return arrow::Status::OK();
    }
    interners_.clear();
    if (packing_ == Packing::kInterned) {
      for (size_t k = 0; k < types_.size(); ++k) interners_.emplace_back(kMaxInternedStrings);
    }
    ARROW_ASSIGN_OR_RAISE(current_, packed_factory_(WordTypes(types_, WordsPerString()), exec_));
    return arrow::Status::OK();
  }

  Packing NextPacking() const {
    switch (packing_) {
      case Packing::kOneWord:
        return SuitsPackedStrings(types_, max_words_) ? Packing::kTwoWords : Packing::kInterned;
      case Packing::kTwoWords:
        return Packing::kInterned;
      default:
        return Packing::kGeneral;
    }
  }

  // The key columns with each string column as its words, or nothing if a string does
  // not fit the current packing.
  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> Pack(
      const std::vector<std::shared_ptr<arrow::Array>>& keys) {
    std::vector<std::shared_ptr<arrow::Array>> out;
    auto* pool = exec_->memory_pool();
    for (size_t k = 0; k < keys.size(); ++k) {
      if (!IsString(*types_[k])) {
        out.push_back(keys[k]);
        continue;
      }
      std::vector<std::shared_ptr<arrow::Array>> words;
      if (packing_ == Packing::kInterned) {
        ARROW_ASSIGN_OR_RAISE(words, Intern(k, *keys[k]));
      } else {
        ARROW_ASSIGN_OR_RAISE(words, IsLarge(*types_[k])
                                         ? PackStrings<int64_t>(*keys[k], WordsPerString(), pool)
                                         : PackStrings<int32_t>(*keys[k], WordsPerString(), pool));
      }
      if (words.empty()) return std::vector<std::shared_ptr<arrow::Array>>{};
      for (auto& word : words) out.push_back(std::move(word));
    }
    return out;
  }

  // Key column `k`'s string numbers, or nothing when its interner is full.
  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> Intern(size_t k,
                                                                  const arrow::Array& strings) {
    auto* pool = exec_->memory_pool();
    const int64_t n = strings.length();
    ARROW_ASSIGN_OR_RAISE(auto ids, arrow::AllocateBuffer(n * sizeof(int64_t), pool));
    if (!interners_[k].Intern(strings, reinterpret_cast<int64_t*>(ids->mutable_data()))) {
      return std::vector<std::shared_ptr<arrow::Array>>{};
    }
    ARROW_ASSIGN_OR_RAISE(auto validity, WordValidity(strings, pool));
    return std::vector<std::shared_ptr<arrow::Array>>{arrow::MakeArray(arrow::ArrayData::Make(
        arrow::int64(), n, {std::move(validity), std::move(ids)}, strings.null_count()))};
  }

  // Moves to the next packing that holds the groups so far, which are consumed in id
  // order so that each keeps its id.
  arrow::Status Widen() {
    ARROW_ASSIGN_OR_RAISE(auto keys, Uniques());
    const uint32_t n = current_->num_groups();
    while (true) {
      packing_ = NextPacking();
      ARROW_RETURN_NOT_OK(StartGrouper());
      if (n == 0) return arrow::Status::OK();
      current_->Reserve(n);
      if (packing_ == Packing::kGeneral) return current_->Consume(keys, n).status();
      // Each string fitted the packing before; an interner may still run out of room.
      ARROW_ASSIGN_OR_RAISE(auto packed, Pack(keys));
      if (!packed.empty()) return current_->Consume(packed, n).status();
    }
  }

  std::vector<std::shared_ptr<arrow::DataType>> types_;
  arrow::compute::ExecContext* exec_;
  int max_words_;
  GrouperFactory packed_factory_;
  GrouperFactory general_factory_;
  Packing packing_ = Packing::kOneWord;
  std::vector<StringInterner> interners_;  // by key column, while interned
  std::unique_ptr<KeyGrouper> current_;
};

}  // namespace

bool SuitsPackedStrings(const std::vector<std::shared_ptr<arrow::DataType>>& key_types,
                        int max_words) {
  int words = 0;
  bool any_string = false;
  for (const auto& type : key_types) {
    if (IsString(*type)) {
      words += 2;
      any_string = true;
    } else if (IsIntegerLikeKey(*type)) {
      words += 1;
    } else {
      return false;
    }
  }
  return any_string && words <= max_words;
}

arrow::Result<std::unique_ptr<KeyGrouper>> MakePackedStringGrouper(
    std::vector<std::shared_ptr<arrow::DataType>> key_types, arrow::compute::ExecContext* exec,
    int max_words, GrouperFactory packed, GrouperFactory general) {
  auto grouper = std::make_unique<PackedStringGrouper>(std::move(key_types), exec, max_words,
                                                       packed, general);
  ARROW_RETURN_NOT_OK(grouper->Init());
  return grouper;
}

}  // namespace skipjack
