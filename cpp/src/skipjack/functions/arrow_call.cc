#include "skipjack/functions/arrow_call.h"

#include <limits>

#include <arrow/array/util.h>
#include <arrow/compute/api.h>
#include <arrow/scalar.h>
#include <arrow/type_traits.h>

#include "skipjack/functions/file/file_reference.h"
#include "skipjack/functions/image/image_casts.h"
#include "skipjack/types/display_name.h"

namespace skipjack {
namespace {

arrow::compute::CastOptions DaftCastOptions(const std::shared_ptr<arrow::DataType>& type) {
  // Daft (arrow-rs "safe" casts) truncates fractions and time units silently; values
  // that cannot be represented become null, handled by the fallback below.
  auto options = arrow::compute::CastOptions::Safe(type);
  options.allow_float_truncate = true;
  options.allow_time_truncate = true;
  options.allow_decimal_truncate = true;
  return options;
}

// Casts element by element, turning each failed element into null. Only runs when the
// vectorized cast failed, so its cost is paid on bad data alone.
arrow::Result<arrow::Datum> CastNullOnFailure(const arrow::Array& values,
                                              const std::shared_ptr<arrow::DataType>& type,
                                              arrow::compute::ExecContext* ctx) {
  std::unique_ptr<arrow::ArrayBuilder> builder;
  ARROW_RETURN_NOT_OK(arrow::MakeBuilder(ctx->memory_pool(), type, &builder));
  ARROW_RETURN_NOT_OK(builder->Reserve(values.length()));
  const auto options = DaftCastOptions(type);
  for (int64_t i = 0; i < values.length(); ++i) {
    if (values.IsNull(i)) {
      ARROW_RETURN_NOT_OK(builder->AppendNull());
      continue;
    }
    ARROW_ASSIGN_OR_RAISE(auto scalar, values.GetScalar(i));
    auto cast = arrow::compute::Cast(arrow::Datum(scalar), options, ctx);
    if (cast.ok()) {
      ARROW_RETURN_NOT_OK(builder->AppendScalar(*cast->scalar()));
    } else {
      ARROW_RETURN_NOT_OK(builder->AppendNull());
    }
  }
  ARROW_ASSIGN_OR_RAISE(auto out, builder->Finish());
  return arrow::Datum(out);
}

// Float to integer, as Daft: drop the fraction, and make NaN and values outside the
// target's range null. Arrow's truncating cast would wrap those around instead.
arrow::Result<arrow::Datum> CastFloatToInteger(const arrow::Datum& value,
                                               const std::shared_ptr<arrow::DataType>& type,
                                               arrow::compute::ExecContext* ctx) {
  namespace cp = arrow::compute;
  ARROW_ASSIGN_OR_RAISE(auto truncated, cp::CallFunction("trunc", {value}, ctx));
  ARROW_ASSIGN_OR_RAISE(auto as_double, cp::Cast(truncated, arrow::float64(), cp::CastOptions::Safe(), ctx));
  double low = 0, high = 0;
  switch (type->id()) {
#define SKIPJACK_RANGE(ID, CTYPE)                                 \
  case arrow::Type::ID:                                           \
    low = static_cast<double>(std::numeric_limits<CTYPE>::min()); \
    high = static_cast<double>(std::numeric_limits<CTYPE>::max()); \
    break;
    SKIPJACK_RANGE(INT8, int8_t)
    SKIPJACK_RANGE(INT16, int16_t)
    SKIPJACK_RANGE(INT32, int32_t)
    SKIPJACK_RANGE(INT64, int64_t)
    SKIPJACK_RANGE(UINT8, uint8_t)
    SKIPJACK_RANGE(UINT16, uint16_t)
    SKIPJACK_RANGE(UINT32, uint32_t)
    SKIPJACK_RANGE(UINT64, uint64_t)
#undef SKIPJACK_RANGE
    default:
      return arrow::Status::Invalid("not an integer type: ", type->ToString());
  }
  // The 64-bit maxima round up as doubles; exclude them (strict comparison).
  const bool wide = type->id() == arrow::Type::INT64 || type->id() == arrow::Type::UINT64;
  ARROW_ASSIGN_OR_RAISE(auto above, cp::CallFunction("greater_equal", {as_double, arrow::Datum(low)}, ctx));
  ARROW_ASSIGN_OR_RAISE(auto below, cp::CallFunction(wide ? "less" : "less_equal",
                                                     {as_double, arrow::Datum(high)}, ctx));
  ARROW_ASSIGN_OR_RAISE(auto in_range, cp::CallFunction("and", {above, below}, ctx));
  auto null = arrow::MakeNullScalar(arrow::float64());
  ARROW_ASSIGN_OR_RAISE(auto kept, cp::CallFunction("if_else", {in_range, as_double, arrow::Datum(null)}, ctx));
  return cp::Cast(kept, cp::CastOptions::Safe(type), ctx);
}

}  // namespace

ArrowCall::ArrowCall(std::string arrow_function, std::shared_ptr<arrow::DataType> output_type,
                     std::vector<std::shared_ptr<arrow::DataType>> casts,
                     std::shared_ptr<arrow::compute::FunctionOptions> options,
                     int num_args)
    : BoundFunction(std::move(output_type)),
      arrow_function_(std::move(arrow_function)),
      casts_(std::move(casts)),
      options_(std::move(options)),
      num_args_(num_args) {}

arrow::Result<arrow::Datum> ArrowCall::Execute(const std::vector<arrow::Datum>& args,
                                               arrow::compute::ExecContext* ctx) const {
  const size_t count = num_args_ < 0 ? args.size() : static_cast<size_t>(num_args_);
  if (casts_.empty() && count == args.size()) {
    return arrow::compute::CallFunction(arrow_function_, args, options_.get(), ctx);
  }
  std::vector<arrow::Datum> cast_args;
  cast_args.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    if (i < casts_.size() && casts_[i] && !args[i].type()->Equals(*casts_[i])) {
      ARROW_ASSIGN_OR_RAISE(auto cast, CastDatum(args[i], casts_[i], ctx));
      cast_args.push_back(std::move(cast));
    } else {
      cast_args.push_back(args[i]);
    }
  }
  return arrow::compute::CallFunction(arrow_function_, cast_args, options_.get(), ctx);
}

arrow::Result<std::shared_ptr<arrow::DataType>> ArrowOutputType(
    const std::string& arrow_function,
    const std::vector<std::shared_ptr<arrow::DataType>>& types,
    const arrow::compute::FunctionOptions* options) {
  // Running the kernel on empty arrays yields exactly the type it produces on data,
  // including Arrow's own implicit casts, for the cost of one dispatch.
  std::vector<arrow::Datum> empty;
  for (const auto& type : types) {
    ARROW_ASSIGN_OR_RAISE(auto array, arrow::MakeEmptyArray(type));
    empty.emplace_back(std::move(array));
  }
  auto result = arrow::compute::CallFunction(arrow_function, empty, options);
  if (!result.ok()) {
    return arrow::Status::TypeError(result.status().message());
  }
  return result->type();
}

arrow::Result<BoundFunctionPtr> BindArrowCall(
    const std::string& arrow_function, const std::vector<ArgInfo>& args,
    std::vector<std::shared_ptr<arrow::DataType>> arg_types,
    std::shared_ptr<arrow::compute::FunctionOptions> options, int num_args) {
  const size_t count = num_args < 0 ? args.size() : static_cast<size_t>(num_args);
  std::vector<std::shared_ptr<arrow::DataType>> types;
  for (size_t i = 0; i < count; ++i) {
    const bool cast = i < arg_types.size() && arg_types[i];
    types.push_back(cast ? arg_types[i] : args[i].type);
  }
  ARROW_ASSIGN_OR_RAISE(auto output, ArrowOutputType(arrow_function, types, options.get()));
  return std::make_shared<ArrowCall>(arrow_function, std::move(output), std::move(arg_types),
                                     std::move(options), num_args);
}

arrow::Result<arrow::Datum> CastDatum(const arrow::Datum& value,
                                      const std::shared_ptr<arrow::DataType>& type,
                                      arrow::compute::ExecContext* ctx) {
  if (value.type()->Equals(*type)) return value;
  if (IsImageCast(*value.type(), *type)) return CastToImage(value, type, ctx);
  if (IsFileCast(*value.type(), *type)) return CastToFile(value, type, ctx);
  if (arrow::is_floating(value.type()->id()) && arrow::is_integer(type->id())) {
    return CastFloatToInteger(value, type, ctx);
  }
  if (arrow::is_string(value.type()->id()) &&
      (arrow::is_integer(type->id()) || arrow::is_floating(type->id()))) {
    // Daft parses " 2 " as 2.
    ARROW_ASSIGN_OR_RAISE(auto trimmed,
                          arrow::compute::CallFunction("utf8_trim_whitespace", {value}, ctx));
    auto cast = arrow::compute::Cast(trimmed, DaftCastOptions(type), ctx);
    if (cast.ok() || !cast.status().IsInvalid()) return cast;
    if (trimmed.is_scalar()) return arrow::Datum(arrow::MakeNullScalar(type));
    return CastNullOnFailure(*trimmed.make_array(), type, ctx);
  }
  auto cast = arrow::compute::Cast(value, DaftCastOptions(type), ctx);
  if (cast.ok()) return cast;
  if (!cast.status().IsInvalid()) return cast.status();
  if (value.is_scalar()) return arrow::Datum(arrow::MakeNullScalar(type));
  if (value.is_array()) return CastNullOnFailure(*value.make_array(), type, ctx);
  return cast.status();
}

arrow::Status ArgumentTypeError(const std::string& function, const std::string& expected,
                                const std::vector<ArgInfo>& args) {
  std::string found;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) found += ", ";
    found += DisplayName(*args[i].type);
  }
  return arrow::Status::TypeError(function, " expects ", expected, ", got (", found, ")");
}

}  // namespace skipjack
