// Substrings and SQL patterns: substr(start, length), left(n), right(n), like, ilike.
//
// Positions count Unicode code points, from 0 as in Daft. A negative start counts
// from the end; a null length (or none) runs to the end. Any argument may be a column.

#include <optional>

#include <arrow/array/builder_binary.h>
#include <arrow/compute/api.h>
#include <arrow/scalar.h>

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/functions/string/scalar_broadcast.h"
#include "skipjack/types/supertype.h"

namespace skipjack::internal {
namespace {

using TypePtr = std::shared_ptr<arrow::DataType>;

// Byte offset of code point `n` in `text` (its size if there are fewer).
size_t CodePointOffset(std::string_view text, int64_t n) {
  size_t i = 0;
  for (; i < text.size() && n > 0; --n) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

int64_t CodePointCount(std::string_view text) {
  int64_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

enum class Mode { kSubstr, kLeft, kRight };

// A position argument: a column, or one value for every row (a literal, not broadcast).
struct PositionArg {
  std::shared_ptr<arrow::Int64Array> array;  // null: `value` for every row
  std::optional<int64_t> value;              // empty: null for every row

  bool IsNull(int64_t i) const { return array ? array->IsNull(i) : !value.has_value(); }
  int64_t Value(int64_t i) const { return array ? array->Value(i) : *value; }
};

template <typename ArrayType, typename BuilderType>
arrow::Result<std::shared_ptr<arrow::Array>> SliceRows(const arrow::Array& text_array,
                                                       const PositionArg& first,
                                                       const PositionArg* second,
                                                       Mode mode, arrow::MemoryPool* pool) {
  const auto& text = static_cast<const ArrayType&>(text_array);
  BuilderType builder(pool);
  ARROW_RETURN_NOT_OK(builder.Reserve(text.length()));
  // A slice is never longer than its text.
  ARROW_RETURN_NOT_OK(builder.ReserveData(text.total_values_length()));
  for (int64_t i = 0; i < text.length(); ++i) {
    if (text.IsNull(i) || first.IsNull(i)) {
      builder.UnsafeAppendNull();
      continue;
    }
    const std::string_view value = text.GetView(i);
    int64_t start = 0, count = -1;  // count < 0: to the end
    switch (mode) {
      case Mode::kSubstr:
        start = first.Value(i);
        if (second && !second->IsNull(i)) count = std::max<int64_t>(0, second->Value(i));
        break;
      case Mode::kLeft:
        count = std::max<int64_t>(0, first.Value(i));
        break;
      case Mode::kRight:
        start = -std::max<int64_t>(0, first.Value(i));
        if (start == 0) count = 0;
        break;
    }
    if (start < 0) start = std::max<int64_t>(0, CodePointCount(value) + start);
    const size_t begin = CodePointOffset(value, start);
    const std::string_view rest = value.substr(begin);
    const size_t end = count < 0 ? rest.size() : CodePointOffset(rest, count);
    builder.UnsafeAppend(rest.substr(0, end));
  }
  return builder.Finish();
}

class Slice final : public ScalarFunction {
 public:
  Slice(std::string name, Mode mode, std::string summary)
      : ScalarFunction(std::move(name), std::move(summary)), mode_(mode) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    const size_t wanted = mode_ == Mode::kSubstr ? 3 : 2;
    const bool text_ok = !args.empty() && (IsStringType(*args[0].type) ||
                                           args[0].type->id() == arrow::Type::NA);
    bool ints_ok = args.size() == wanted;
    for (size_t i = 1; ints_ok && i < args.size(); ++i) {
      ints_ok = IsIntegerType(*args[i].type) || args[i].type->id() == arrow::Type::NA;
    }
    if (!text_ok || !ints_ok) {
      return ArgumentTypeError(name(), mode_ == Mode::kSubstr
                                           ? "a String, an integer start and an integer length"
                                           : "a String and an integer count",
                               args);
    }
    const TypePtr text = args[0].type->id() == arrow::Type::NA ? arrow::large_utf8() : args[0].type;
    return std::make_shared<Bound>(text, mode_);
  }

 private:
  class Bound final : public BoundFunction {
   public:
    Bound(TypePtr type, Mode mode) : BoundFunction(std::move(type)), mode_(mode) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      const int64_t length = CallLength(args);
      auto* pool = ctx->memory_pool();
      ARROW_ASSIGN_OR_RAISE(auto text_datum, CastDatum(args[0], output_type(), ctx));
      ARROW_ASSIGN_OR_RAISE(auto text, BroadcastToArray(text_datum, length, pool));
      std::vector<PositionArg> ints;
      for (size_t i = 1; i < args.size(); ++i) {
        ARROW_ASSIGN_OR_RAISE(auto cast, CastDatum(args[i], arrow::int64(), ctx));
        PositionArg position;
        if (cast.is_scalar()) {
          const auto& scalar = static_cast<const arrow::Int64Scalar&>(*cast.scalar());
          if (scalar.is_valid) position.value = scalar.value;
        } else {
          position.array = std::static_pointer_cast<arrow::Int64Array>(cast.make_array());
        }
        ints.push_back(std::move(position));
      }
      const PositionArg* second = ints.size() > 1 ? &ints[1] : nullptr;
      std::shared_ptr<arrow::Array> out;
      if (output_type()->id() == arrow::Type::LARGE_STRING) {
        ARROW_ASSIGN_OR_RAISE(out, (SliceRows<arrow::LargeStringArray, arrow::LargeStringBuilder>(
                                       *text, ints[0], second, mode_, pool)));
      } else {
        ARROW_ASSIGN_OR_RAISE(out, (SliceRows<arrow::StringArray, arrow::StringBuilder>(
                                       *text, ints[0], second, mode_, pool)));
      }
      return ShapeLikeArgs(args, std::move(out));
    }

   private:
    Mode mode_;
  };

  Mode mode_;
};

// like / ilike: SQL patterns with % and _, a literal pattern (Arrow's match_like).
class Like final : public ScalarFunction {
 public:
  Like(std::string name, bool ignore_case)
      : ScalarFunction(std::move(name), ignore_case ? "Case-insensitive SQL LIKE pattern match"
                                                    : "SQL LIKE pattern match (% and _)"),
        ignore_case_(ignore_case) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    const bool ok = args.size() == 2 &&
                    (IsStringType(*args[0].type) || args[0].type->id() == arrow::Type::NA) &&
                    args[1].literal && args[1].literal->is_valid && IsStringType(*args[1].type);
    if (!ok) return ArgumentTypeError(name(), "a String and a literal pattern", args);
    const std::string pattern =
        static_cast<const arrow::BaseBinaryScalar&>(*args[1].literal).value->ToString();
    auto options = std::make_shared<arrow::compute::MatchSubstringOptions>(pattern, ignore_case_);
    const TypePtr text = args[0].type->id() == arrow::Type::NA ? arrow::large_utf8() : args[0].type;
    return std::make_shared<ArrowCall>("match_like", arrow::boolean(),
                                       std::vector<TypePtr>{text}, options, 1);
  }

 private:
  bool ignore_case_;
};

}  // namespace

void RegisterSubstringFunctions(FunctionRegistry* registry) {
  ARROW_CHECK_OK(registry->Add(std::make_shared<Slice>(
      "substr", Mode::kSubstr, "The code points [start, start + length) of each string")));
  ARROW_CHECK_OK(registry->Add(
      std::make_shared<Slice>("left", Mode::kLeft, "The first n code points of each string")));
  ARROW_CHECK_OK(registry->Add(
      std::make_shared<Slice>("right", Mode::kRight, "The last n code points of each string")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<Like>("like", false)));
  ARROW_CHECK_OK(registry->Add(std::make_shared<Like>("ilike", true)));
}

}  // namespace skipjack::internal
