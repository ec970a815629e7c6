#include "skipjack/functions/string/string_kernels.h"

#include <optional>

#include <algorithm>
#include <cstring>
#include <limits>

#include <arrow/array.h>
#include <arrow/array/util.h>
#include <arrow/array/builder_binary.h>
#include <arrow/buffer.h>
#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/util/bit_util.h>
#include <arrow/util/bitmap_ops.h>

#include "skipjack/functions/string/literal_search.h"
#include "skipjack/functions/string/scalar_broadcast.h"
#include "skipjack/functions/string/unicode_casing.h"

namespace skipjack::internal {
namespace {

// One input of a row-wise string kernel: a string array, or a scalar repeated.
template <typename Offset>
struct StringSide {
  const Offset* offsets = nullptr;
  const uint8_t* data = nullptr;
  const uint8_t* validity = nullptr;
  int64_t offset = 0;
  std::string_view scalar;
  bool is_scalar = false;
  bool scalar_valid = true;

  static StringSide Of(const arrow::Datum& datum) {
    StringSide side;
    if (datum.is_scalar()) {
      const auto& scalar = static_cast<const arrow::BaseBinaryScalar&>(*datum.scalar());
      side.is_scalar = true;
      side.scalar_valid = scalar.is_valid;
      if (scalar.is_valid) side.scalar = scalar.view();
      return side;
    }
    const auto& array = *datum.array();
    side.offsets = array.GetValues<Offset>(1);
    side.data = array.buffers[2] ? array.buffers[2]->data() : nullptr;
    side.validity = array.buffers[0] ? array.buffers[0]->data() : nullptr;
    side.offset = array.offset;
    return side;
  }
  bool IsValid(int64_t i) const {
    if (is_scalar) return scalar_valid;
    return !validity || arrow::bit_util::GetBit(validity, offset + i);
  }
  std::string_view View(int64_t i) const {
    if (is_scalar) return scalar;
    return {reinterpret_cast<const char*>(data) + offsets[i],
            static_cast<size_t>(offsets[i + 1] - offsets[i])};
  }
};

// memcpy for the short pieces strings usually are: overlapping fixed-size moves
// instead of a call into libc per piece.
inline void CopyBytes(uint8_t* dst, const uint8_t* src, size_t n) {
  if (n >= 8 && n <= 16) {
    uint64_t head, tail;
    std::memcpy(&head, src, 8);
    std::memcpy(&tail, src + n - 8, 8);
    std::memcpy(dst, &head, 8);
    std::memcpy(dst + n - 8, &tail, 8);
  } else if (n >= 4 && n < 8) {
    uint32_t head, tail;
    std::memcpy(&head, src, 4);
    std::memcpy(&tail, src + n - 4, 4);
    std::memcpy(dst, &head, 4);
    std::memcpy(dst + n - 4, &tail, 4);
  } else if (n < 4) {
    for (size_t i = 0; i < n; ++i) dst[i] = src[i];
  } else {
    std::memcpy(dst, src, n);
  }
}

template <typename Offset>
arrow::Result<std::shared_ptr<arrow::Array>> ConcatImpl(
    const std::vector<arrow::Datum>& parts, const std::shared_ptr<arrow::DataType>& type,
    arrow::MemoryPool* pool) {
  const int64_t length = CallLength(parts);
  std::vector<StringSide<Offset>> sides;
  for (const auto& part : parts) sides.push_back(StringSide<Offset>::Of(part));

  // Validity: the AND of every side's.
  std::shared_ptr<arrow::Buffer> validity;
  int64_t null_count = 0;
  for (const auto& side : sides) {
    if (side.is_scalar && !side.scalar_valid) {
      return arrow::MakeArrayOfNull(type, length, pool);
    }
    if (side.is_scalar || !side.validity) continue;
    if (!validity) {
      ARROW_ASSIGN_OR_RAISE(validity, arrow::internal::CopyBitmap(pool, side.validity,
                                                                  side.offset, length));
    } else {
      arrow::internal::BitmapAnd(validity->data(), 0, side.validity, side.offset, length, 0,
                                 validity->mutable_data());
    }
  }
  if (validity) null_count = length - arrow::internal::CountSetBits(validity->data(), 0, length);

  // Pass 1: row lengths, side by side (vectorizable), then offsets.
  std::vector<int64_t> lengths(length, 0);
  for (const auto& side : sides) {
    if (side.is_scalar) {
      const int64_t size = static_cast<int64_t>(side.scalar.size());
      for (int64_t i = 0; i < length; ++i) lengths[i] += size;
    } else {
      for (int64_t i = 0; i < length; ++i) lengths[i] += side.offsets[i + 1] - side.offsets[i];
    }
  }
  if (null_count > 0) {
    for (int64_t i = 0; i < length; ++i) {
      if (!arrow::bit_util::GetBit(validity->data(), i)) lengths[i] = 0;
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto offsets_buffer,
                        arrow::AllocateBuffer((length + 1) * sizeof(Offset), pool));
  auto* offsets = reinterpret_cast<Offset*>(offsets_buffer->mutable_data());
  int64_t total = 0;
  offsets[0] = 0;
  for (int64_t i = 0; i < length; ++i) {
    total += lengths[i];
    offsets[i + 1] = static_cast<Offset>(total);
  }
  if (total > std::numeric_limits<Offset>::max()) {
    return arrow::Status::CapacityError("concatenated strings exceed ", sizeof(Offset) * 8,
                                        "-bit offsets; use large strings");
  }

  // Pass 2: copy the bytes.
  ARROW_ASSIGN_OR_RAISE(auto data_buffer, arrow::AllocateBuffer(total, pool));
  uint8_t* out = data_buffer->mutable_data();
  for (int64_t i = 0; i < length; ++i) {
    if (lengths[i] == 0) continue;
    uint8_t* cursor = out + offsets[i];
    for (const auto& side : sides) {
      const std::string_view piece = side.View(i);
      CopyBytes(cursor, reinterpret_cast<const uint8_t*>(piece.data()), piece.size());
      cursor += piece.size();
    }
  }
  return arrow::MakeArray(arrow::ArrayData::Make(
      type, length,
      {null_count ? std::move(validity) : nullptr, std::move(offsets_buffer),
       std::move(data_buffer)},
      null_count));
}

// True when no byte of the string data of `array` has its high bit set.
bool IsAsciiData(const arrow::ArrayData& array) {
  const bool large = array.type->id() == arrow::Type::LARGE_STRING;
  if (array.length == 0 || !array.buffers[2]) return true;
  int64_t begin, end;
  if (large) {
    begin = array.GetValues<int64_t>(1)[0];
    end = array.GetValues<int64_t>(1)[array.length];
  } else {
    begin = array.GetValues<int32_t>(1)[0];
    end = array.GetValues<int32_t>(1)[array.length];
  }
  const uint8_t* data = array.buffers[2]->data() + begin;
  const int64_t size = end - begin;
  uint64_t seen = 0;
  int64_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    seen |= word;
  }
  for (; i < size; ++i) seen |= data[i];
  return (seen & 0x8080808080808080ULL) == 0;
}

// Rewrites the rows whose full case mapping differs from the simple one.
template <typename ArrayType, typename BuilderType>
arrow::Result<std::shared_ptr<arrow::Array>> PrepareRows(const ArrayType& array, bool upper,
                                                         arrow::MemoryPool* pool) {
  BuilderType builder(array.type(), pool);
  ARROW_RETURN_NOT_OK(builder.Reserve(array.length()));
  for (int64_t i = 0; i < array.length(); ++i) {
    if (array.IsNull(i)) {
      ARROW_RETURN_NOT_OK(builder.AppendNull());
      continue;
    }
    const std::string_view view = array.GetView(i);
    const bool special = upper ? MayNeedFullUpper(view) : MayNeedFullLower(view);
    if (!special) {
      ARROW_RETURN_NOT_OK(builder.Append(view));
    } else {
      ARROW_RETURN_NOT_OK(builder.Append(upper ? PrepareForUpper(view) : PrepareForLower(view)));
    }
  }
  return builder.Finish();
}

template <typename Offset, typename Predicate>
arrow::Result<std::shared_ptr<arrow::Array>> PredicateImpl(const arrow::ArrayData& array,
                                                           Predicate predicate,
                                                           arrow::MemoryPool* pool) {
  const auto side = StringSide<Offset>::Of(arrow::Datum(std::make_shared<arrow::ArrayData>(array)));
  const int64_t length = array.length;
  ARROW_ASSIGN_OR_RAISE(auto values, arrow::AllocateEmptyBitmap(length, pool));
  uint8_t* bits = values->mutable_data();
  // A byte of results at a time: no read-modify-write of the bitmap per row.
  for (int64_t start = 0; start < length; start += 8) {
    const int64_t end = std::min<int64_t>(start + 8, length);
    uint8_t byte = 0;
    for (int64_t i = start; i < end; ++i) {
      byte |= static_cast<uint8_t>(predicate(side.View(i))) << (i - start);
    }
    bits[start / 8] = byte;
  }
  std::shared_ptr<arrow::Buffer> validity;
  if (array.buffers[0] && array.GetNullCount() > 0) {
    ARROW_ASSIGN_OR_RAISE(validity, arrow::internal::CopyBitmap(pool, array.buffers[0]->data(),
                                                                array.offset, length));
  }
  return arrow::MakeArray(arrow::ArrayData::Make(arrow::boolean(), length,
                                                 {std::move(validity), std::move(values)},
                                                 validity ? array.GetNullCount() : 0));
}

}  // namespace

arrow::Result<arrow::Datum> ConcatStrings(const std::vector<arrow::Datum>& parts,
                                          const std::shared_ptr<arrow::DataType>& type,
                                          arrow::compute::ExecContext* ctx) {
  std::shared_ptr<arrow::Array> result;
  if (type->id() == arrow::Type::LARGE_STRING) {
    ARROW_ASSIGN_OR_RAISE(result, ConcatImpl<int64_t>(parts, type, ctx->memory_pool()));
  } else {
    ARROW_ASSIGN_OR_RAISE(result, ConcatImpl<int32_t>(parts, type, ctx->memory_pool()));
  }
  return ShapeLikeArgs(parts, std::move(result));
}

arrow::Result<arrow::Datum> ChangeCase(const arrow::Datum& text, bool upper,
                                       arrow::compute::ExecContext* ctx) {
  ARROW_ASSIGN_OR_RAISE(auto array, BroadcastToArray(text, 1, ctx->memory_pool()));
  const char* kernel;
  if (IsAsciiData(*array->data())) {
    kernel = upper ? "ascii_upper" : "ascii_lower";
  } else {
    kernel = upper ? "utf8_upper" : "utf8_lower";
    if (array->type_id() == arrow::Type::LARGE_STRING) {
      ARROW_ASSIGN_OR_RAISE(array, (PrepareRows<arrow::LargeStringArray, arrow::LargeStringBuilder>(
                                       static_cast<const arrow::LargeStringArray&>(*array), upper,
                                       ctx->memory_pool())));
    } else {
      ARROW_ASSIGN_OR_RAISE(array, (PrepareRows<arrow::StringArray, arrow::StringBuilder>(
                                       static_cast<const arrow::StringArray&>(*array), upper,
                                       ctx->memory_pool())));
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto result, arrow::compute::CallFunction(kernel, {array}, ctx));
  return ShapeLikeArgs({text}, result.make_array());
}

std::optional<std::vector<std::string>> LiteralChainOf(const std::string& pattern) {
  static constexpr std::string_view kMeta = "\\.+*?()[]{}|^$\n";
  std::vector<std::string> pieces;
  size_t start = 0;
  while (true) {
    const size_t gap = pattern.find(".*", start);
    std::string piece = pattern.substr(start, gap == std::string::npos ? gap : gap - start);
    if (piece.find_first_of(kMeta) != std::string::npos) return std::nullopt;
    pieces.push_back(std::move(piece));
    if (gap == std::string::npos) return pieces;
    start = gap + 2;
  }
}

namespace {

// `predicate` of each string of `text` (either string width), shaped like `text`.
template <typename Predicate>
arrow::Result<arrow::Datum> TestEach(const arrow::Datum& text, Predicate predicate,
                                     arrow::compute::ExecContext* ctx) {
  ARROW_ASSIGN_OR_RAISE(auto array, BroadcastToArray(text, 1, ctx->memory_pool()));
  std::shared_ptr<arrow::Array> result;
  if (array->type_id() == arrow::Type::LARGE_STRING) {
    ARROW_ASSIGN_OR_RAISE(result, PredicateImpl<int64_t>(*array->data(), predicate, ctx->memory_pool()));
  } else {
    ARROW_ASSIGN_OR_RAISE(result, PredicateImpl<int32_t>(*array->data(), predicate, ctx->memory_pool()));
  }
  return ShapeLikeArgs({text}, std::move(result));
}

// Whether `line` holds the pieces in order, each after the previous one's end: the
// earliest occurrence of each piece leaves the most room for the rest.
bool LineMatches(std::string_view line, const std::vector<std::string>& pieces) {
  size_t at = 0;
  for (const auto& piece : pieces) {
    if (piece.empty()) continue;
    const size_t found = FindLiteral(line, piece, at);
    if (found == std::string_view::npos) return false;
    at = found + piece.size();
  }
  return true;
}

}  // namespace

arrow::Result<arrow::Datum> MatchLiteralChain(const arrow::Datum& text,
                                              const std::vector<std::string>& pieces,
                                              arrow::compute::ExecContext* ctx) {
  // One piece is a substring test.
  if (pieces.size() == 1) return ContainsLiteral(text, pieces[0], ctx);
  auto matches = [&](std::string_view s) {
    // '.' never matches a newline, so a match must lie within one line; a text without
    // a match has no line with one either (the common case, decided in one pass).
    if (!LineMatches(s, pieces)) return false;
    if (s.find('\n') == std::string_view::npos) return true;
    size_t start = 0;
    while (true) {
      const size_t newline = s.find('\n', start);
      const auto line = s.substr(start, newline == std::string_view::npos ? newline : newline - start);
      if (LineMatches(line, pieces)) return true;
      if (newline == std::string_view::npos) return false;
      start = newline + 1;
    }
  };
  return TestEach(text, matches, ctx);
}

arrow::Result<arrow::Datum> ContainsLiteral(const arrow::Datum& text, const std::string& pattern,
                                            arrow::compute::ExecContext* ctx) {
  const std::string_view needle = pattern;
  auto contains = [needle](std::string_view s) {
    return FindLiteral(s, needle) != std::string_view::npos;
  };
  return TestEach(text, contains, ctx);
}

}  // namespace skipjack::internal
