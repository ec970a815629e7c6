#include "skipjack/functions/string/pattern_loops.h"

#include <arrow/array.h>
#include <arrow/array/builder_binary.h>
#include <arrow/array/builder_nested.h>
#include <arrow/array/builder_primitive.h>
#include <arrow/array/util.h>
#include <arrow/compute/api.h>

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/string/scalar_broadcast.h"

namespace skipjack::internal {
namespace {

// Brings every argument to a LargeString array of the common length.
arrow::Result<std::vector<std::shared_ptr<arrow::LargeStringArray>>> AsLargeStringArrays(
    const std::vector<arrow::Datum>& args, arrow::compute::ExecContext* ctx) {
  const int64_t length = CallLength(args);
  std::vector<std::shared_ptr<arrow::LargeStringArray>> out;
  for (const auto& arg : args) {
    ARROW_ASSIGN_OR_RAISE(auto cast, CastDatum(arg, arrow::large_utf8(), ctx));
    ARROW_ASSIGN_OR_RAISE(auto array, BroadcastToArray(cast, length, ctx->memory_pool()));
    out.push_back(std::static_pointer_cast<arrow::LargeStringArray>(array));
  }
  return out;
}

}  // namespace

arrow::Result<arrow::Datum> StringPredicateLoop(
    const arrow::Datum& text, const arrow::Datum& pattern,
    const std::function<bool(std::string_view, std::string_view)>& predicate,
    arrow::compute::ExecContext* ctx) {
  ARROW_ASSIGN_OR_RAISE(auto arrays, AsLargeStringArrays({text, pattern}, ctx));
  const auto& texts = *arrays[0];
  const auto& patterns = *arrays[1];
  arrow::BooleanBuilder builder(ctx->memory_pool());
  ARROW_RETURN_NOT_OK(builder.Reserve(texts.length()));
  for (int64_t i = 0; i < texts.length(); ++i) {
    if (texts.IsNull(i) || patterns.IsNull(i)) {
      builder.UnsafeAppendNull();
    } else {
      builder.UnsafeAppend(predicate(texts.GetView(i), patterns.GetView(i)));
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto result, builder.Finish());
  return ShapeLikeArgs({text, pattern}, result);
}

arrow::Result<arrow::Datum> ReplaceLoop(const arrow::Datum& text, const arrow::Datum& pattern,
                                        const arrow::Datum& replacement,
                                        arrow::compute::ExecContext* ctx) {
  ARROW_ASSIGN_OR_RAISE(auto arrays, AsLargeStringArrays({text, pattern, replacement}, ctx));
  arrow::LargeStringBuilder builder(ctx->memory_pool());
  ARROW_RETURN_NOT_OK(builder.Reserve(arrays[0]->length()));
  std::string out;
  for (int64_t i = 0; i < arrays[0]->length(); ++i) {
    if (arrays[0]->IsNull(i) || arrays[1]->IsNull(i) || arrays[2]->IsNull(i)) {
      ARROW_RETURN_NOT_OK(builder.AppendNull());
      continue;
    }
    const std::string_view source = arrays[0]->GetView(i);
    const std::string_view from = arrays[1]->GetView(i);
    const std::string_view to = arrays[2]->GetView(i);
    if (from.empty()) {
      ARROW_RETURN_NOT_OK(builder.Append(source));
      continue;
    }
    out.clear();
    size_t start = 0;
    for (size_t hit; (hit = source.find(from, start)) != std::string_view::npos;
         start = hit + from.size()) {
      out.append(source.substr(start, hit - start)).append(to);
    }
    out.append(source.substr(start));
    ARROW_RETURN_NOT_OK(builder.Append(out));
  }
  ARROW_ASSIGN_OR_RAISE(auto result, builder.Finish());
  return ShapeLikeArgs({text, pattern, replacement}, result);
}

arrow::Result<arrow::Datum> SplitLoop(const arrow::Datum& text, const arrow::Datum& pattern,
                                      arrow::compute::ExecContext* ctx) {
  ARROW_ASSIGN_OR_RAISE(auto arrays, AsLargeStringArrays({text, pattern}, ctx));
  auto values = std::make_shared<arrow::StringBuilder>(ctx->memory_pool());
  arrow::ListBuilder builder(ctx->memory_pool(), values, arrow::list(arrow::utf8()));
  for (int64_t i = 0; i < arrays[0]->length(); ++i) {
    if (arrays[0]->IsNull(i) || arrays[1]->IsNull(i)) {
      ARROW_RETURN_NOT_OK(builder.AppendNull());
      continue;
    }
    ARROW_RETURN_NOT_OK(builder.Append());
    const std::string_view source = arrays[0]->GetView(i);
    const std::string_view separator = arrays[1]->GetView(i);
    if (separator.empty()) {
      ARROW_RETURN_NOT_OK(values->Append(source));
      continue;
    }
    size_t start = 0;
    for (size_t hit; (hit = source.find(separator, start)) != std::string_view::npos;
         start = hit + separator.size()) {
      ARROW_RETURN_NOT_OK(values->Append(source.substr(start, hit - start)));
    }
    ARROW_RETURN_NOT_OK(values->Append(source.substr(start)));
  }
  ARROW_ASSIGN_OR_RAISE(auto result, builder.Finish());
  return ShapeLikeArgs({text, pattern}, result);
}

}  // namespace skipjack::internal
