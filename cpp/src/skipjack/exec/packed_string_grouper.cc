#include "skipjack/exec/packed_string_grouper.h"

#include <algorithm>
#include <cstring>

#include <arrow/array.h>
#include <arrow/buffer.h>
#include <arrow/compute/exec.h>
#include <arrow/type.h>
#include <arrow/util/bitmap_ops.h>

namespace skipjack {
namespace {

constexpr int64_t kMaxPackedBytes = 15;  // 8 bytes in the first word, 7 in the second

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

// The two words of each string of `array` (validity shared with it), or null when a
// value is longer than kMaxPackedBytes.
template <typename Offset>
arrow::Result<std::pair<std::shared_ptr<arrow::Array>, std::shared_ptr<arrow::Array>>> PackStrings(
    const arrow::Array& array, arrow::MemoryPool* pool) {
  const auto& data = *array.data();
  const int64_t n = data.length;
  const auto* offsets = data.GetValues<Offset>(1);
  const uint8_t* chars = data.buffers[2] ? data.buffers[2]->data() : nullptr;
  ARROW_ASSIGN_OR_RAISE(auto low_buffer, arrow::AllocateBuffer(n * sizeof(uint64_t), pool));
  ARROW_ASSIGN_OR_RAISE(auto high_buffer, arrow::AllocateBuffer(n * sizeof(uint64_t), pool));
  auto* low = reinterpret_cast<uint64_t*>(low_buffer->mutable_data());
  auto* high = reinterpret_cast<uint64_t*>(high_buffer->mutable_data());
  // Values whose 16 bytes from the start lie inside the buffer are read as two words
  // and masked; the last few may need a byte copy.
  const int64_t chars_size = data.buffers[2] ? data.buffers[2]->size() : 0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t begin = offsets[i];
    const int64_t size = offsets[i + 1] - begin;
    // Null slots may hold any bytes; their words never reach a key (the null flag does).
    if (size > kMaxPackedBytes) return std::make_pair(nullptr, nullptr);
    uint64_t words[2] = {0, 0};
    if (begin + 16 <= chars_size) {
      std::memcpy(words, chars + begin, 16);
    } else if (size > 0) {
      std::memcpy(words, chars + begin, static_cast<size_t>(size));
    }
    const int low_bits = static_cast<int>(std::min<int64_t>(size, 8)) * 8;
    const int high_bits = static_cast<int>(std::max<int64_t>(size - 8, 0)) * 8;
    low[i] = low_bits == 64 ? words[0] : words[0] & ((uint64_t{1} << low_bits) - 1);
    high[i] = (words[1] & ((uint64_t{1} << high_bits) - 1)) | (static_cast<uint64_t>(size) << 56);
  }
  auto validity = array.null_count() > 0 ? data.buffers[0] : nullptr;
  // The validity bitmap keeps the array's offset; the words start at 0.
  if (validity && data.offset != 0) {
    ARROW_ASSIGN_OR_RAISE(validity, arrow::internal::CopyBitmap(pool, validity->data(),
                                                                data.offset, n));
  }
  auto low_array = arrow::MakeArray(arrow::ArrayData::Make(
      arrow::int64(), n, {validity, std::move(low_buffer)}, array.null_count()));
  auto high_array = arrow::MakeArray(arrow::ArrayData::Make(
      arrow::int64(), n, {validity, std::move(high_buffer)}, array.null_count()));
  return std::make_pair(std::move(low_array), std::move(high_array));
}

// Rebuilds strings of `type` from their two words.
template <typename Offset>
arrow::Result<std::shared_ptr<arrow::Array>> UnpackStrings(
    const std::shared_ptr<arrow::DataType>& type, const arrow::Array& low_words,
    const arrow::Array& high_words, arrow::MemoryPool* pool) {
  const int64_t n = low_words.length();
  const auto* low = low_words.data()->GetValues<uint64_t>(1);
  const auto* high = high_words.data()->GetValues<uint64_t>(1);
  ARROW_ASSIGN_OR_RAISE(auto offsets_buffer, arrow::AllocateBuffer((n + 1) * sizeof(Offset), pool));
  auto* offsets = reinterpret_cast<Offset*>(offsets_buffer->mutable_data());
  offsets[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t size = low_words.IsNull(i) ? 0 : static_cast<int64_t>(high[i] >> 56);
    offsets[i + 1] = static_cast<Offset>(offsets[i] + size);
  }
  ARROW_ASSIGN_OR_RAISE(auto chars_buffer, arrow::AllocateBuffer(offsets[n], pool));
  uint8_t* chars = chars_buffer->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    const int64_t size = offsets[i + 1] - offsets[i];
    if (size == 0) continue;
    uint8_t bytes[16];
    std::memcpy(bytes, &low[i], 8);
    std::memcpy(bytes + 8, &high[i], 8);
    std::memcpy(chars + offsets[i], bytes, static_cast<size_t>(size));
  }
  const auto& low_data = *low_words.data();
  return arrow::MakeArray(arrow::ArrayData::Make(
      type, n, {low_data.buffers[0], std::move(offsets_buffer), std::move(chars_buffer)},
      low_words.null_count(), low_data.offset));
}

class PackedStringGrouper final : public KeyGrouper {
 public:
  PackedStringGrouper(std::vector<std::shared_ptr<arrow::DataType>> types,
                      arrow::compute::ExecContext* exec, std::unique_ptr<KeyGrouper> packed,
                      GrouperFactory general)
      : types_(std::move(types)), exec_(exec), packed_(std::move(packed)), general_factory_(general) {}

  arrow::Result<std::shared_ptr<arrow::UInt32Array>> Consume(
      const std::vector<std::shared_ptr<arrow::Array>>& keys, int64_t length) override {
    if (general_) return general_->Consume(keys, length);
    std::vector<std::shared_ptr<arrow::Array>> words;
    for (size_t k = 0; k < keys.size(); ++k) {
      if (!IsString(*types_[k])) {
        words.push_back(keys[k]);
        continue;
      }
      const bool large = types_[k]->id() == arrow::Type::LARGE_STRING ||
                         types_[k]->id() == arrow::Type::LARGE_BINARY;
      ARROW_ASSIGN_OR_RAISE(auto pair, large ? PackStrings<int64_t>(*keys[k], exec_->memory_pool())
                                             : PackStrings<int32_t>(*keys[k], exec_->memory_pool()));
      if (!pair.first) {
        ARROW_RETURN_NOT_OK(SwitchToGeneral());
        return general_->Consume(keys, length);
      }
      words.push_back(std::move(pair.first));
      words.push_back(std::move(pair.second));
    }
    return packed_->Consume(words, length);
  }

  arrow::Result<std::vector<std::shared_ptr<arrow::Array>>> Uniques() override {
    if (general_) return general_->Uniques();
    ARROW_ASSIGN_OR_RAISE(auto words, packed_->Uniques());
    std::vector<std::shared_ptr<arrow::Array>> out;
    size_t w = 0;
    for (const auto& type : types_) {
      if (!IsString(*type)) {
        out.push_back(words[w++]);
        continue;
      }
      const bool large =
          type->id() == arrow::Type::LARGE_STRING || type->id() == arrow::Type::LARGE_BINARY;
      auto* pool = exec_->memory_pool();
      ARROW_ASSIGN_OR_RAISE(auto strings,
                            large ? UnpackStrings<int64_t>(type, *words[w], *words[w + 1], pool)
                                  : UnpackStrings<int32_t>(type, *words[w], *words[w + 1], pool));
      out.push_back(std::move(strings));
      w += 2;
    }
    return out;
  }

  uint32_t num_groups() const override {
    return general_ ? general_->num_groups() : packed_->num_groups();
  }

  void Reserve(int64_t groups) override {
    if (general_) {
      general_->Reserve(groups);
    } else {
      packed_->Reserve(groups);
    }
  }

 private:
  // Hands the groups so far to a general grouper: consumed in id order, each key is new
  // there and gets the id it had here.
  arrow::Status SwitchToGeneral() {
    ARROW_ASSIGN_OR_RAISE(auto keys, Uniques());
    ARROW_ASSIGN_OR_RAISE(auto general, general_factory_(types_, exec_));
    const uint32_t n = packed_->num_groups();
    if (n > 0) {
      general->Reserve(n);
      ARROW_RETURN_NOT_OK(general->Consume(keys, n).status());
    }
    general_ = std::move(general);
    packed_.reset();
    return arrow::Status::OK();
  }

  std::vector<std::shared_ptr<arrow::DataType>> types_;
  arrow::compute::ExecContext* exec_;
  std::unique_ptr<KeyGrouper> packed_;   // over the words, until a string does not fit
  GrouperFactory general_factory_;
  std::unique_ptr<KeyGrouper> general_;  // after that
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
    GrouperFactory packed, GrouperFactory general) {
  std::vector<std::shared_ptr<arrow::DataType>> word_types;
  for (const auto& type : key_types) {
    if (IsString(*type)) {
      word_types.push_back(arrow::int64());
      word_types.push_back(arrow::int64());
    } else {
      word_types.push_back(type);
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto inner, packed(word_types, exec));
  return std::make_unique<PackedStringGrouper>(std::move(key_types), exec, std::move(inner),
                                               general);
}

}  // namespace skipjack
