// Comparisons: == != < <= > >=, between and is_in. Both sides are converted to their
// common type first, so Int32 compares with Float64 and String with LargeString; types
// that have no common type (String and Int64) are a TypeError at plan time.

#include <arrow/compute/api.h>
#include <arrow/scalar.h>

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/comparison/decimal_literal_comparison.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/types/display_name.h"
#include "skipjack/types/supertype.h"

namespace skipjack::internal {
namespace {

using TypePtr = std::shared_ptr<arrow::DataType>;

// Numbers compare with numbers, text with text, and so on; never text with numbers.
arrow::Result<TypePtr> ComparableType(const std::string& what, const std::vector<ArgInfo>& args) {
  TypePtr common = args[0].type;
  for (size_t i = 1; i < args.size(); ++i) {
    const auto& a = *common;
    const auto& b = *args[i].type;
    const bool mixed_text = (IsStringType(a) && !IsStringType(b) && b.id() != arrow::Type::NA) ||
                            (IsStringType(b) && !IsStringType(a) && a.id() != arrow::Type::NA);
    auto next = CommonSupertype(common, args[i].type);
    if (mixed_text || !next.ok()) {
      return arrow::Status::TypeError("Cannot ", what, " ", DisplayName(a), " and ",
                                      DisplayName(b));
    }
    common = *next;
  }
  return common;
}

class Comparison final : public ScalarFunction {
 public:
  Comparison(std::string name, std::string symbol)
      : ScalarFunction(name, "Element-wise " + symbol + " comparison"),
        symbol_(std::move(symbol)) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 2) return ArgumentTypeError(name(), "two arguments", args);
    ARROW_ASSIGN_OR_RAISE(auto common, ComparableType("compare", args));
    if (common->id() == arrow::Type::NA) common = arrow::boolean();
    BoundFunctionPtr generic = std::make_shared<ArrowCall>(name(), arrow::boolean(),
                                                           std::vector<TypePtr>{common, common});
    if (auto fast = BindDecimalLiteralComparison(name(), args[0], args[1], false, generic)) {
      return fast;
    }
    if (auto fast = BindDecimalLiteralComparison(name(), args[1], args[0], true, generic)) {
      return fast;
    }
    return generic;
  }

 private:
  std::string symbol_;
};

// between(x, low, high) == (x >= low) & (x <= high), with Kleene logic on nulls.
class Between final : public ScalarFunction {
 public:
  Between() : ScalarFunction("between", "True where low <= value <= high") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 3) return ArgumentTypeError(name(), "(value, low, high)", args);
    ARROW_ASSIGN_OR_RAISE(auto common, ComparableType("compare", args));
    if (common->id() == arrow::Type::NA) common = arrow::boolean();
    BoundFunctionPtr generic = std::make_shared<Bound>(common);
    if (auto fast = BindDecimalLiteralBetween(args[0], args[1], args[2], generic)) return fast;
    return generic;
  }

 private:
  class Bound final : public BoundFunction {
   public:
    explicit Bound(TypePtr common) : BoundFunction(arrow::boolean()), common_(common) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      ARROW_ASSIGN_OR_RAISE(auto value, CastDatum(args[0], common_, ctx));
      ARROW_ASSIGN_OR_RAISE(auto low, CastDatum(args[1], common_, ctx));
      ARROW_ASSIGN_OR_RAISE(auto high, CastDatum(args[2], common_, ctx));
      ARROW_ASSIGN_OR_RAISE(auto above,
                            arrow::compute::CallFunction("greater_equal", {value, low}, ctx));
      ARROW_ASSIGN_OR_RAISE(auto below,
                            arrow::compute::CallFunction("less_equal", {value, high}, ctx));
      return arrow::compute::CallFunction("and_kleene", {above, below}, ctx);
    }

   private:
    TypePtr common_;
  };
};

// is_in(x, [values]): SQL semantics, so a null among the values makes a non-match null.
class IsIn final : public ScalarFunction {
 public:
  IsIn() : ScalarFunction("is_in", "True where the value is one of the given values") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    const bool list_literal =
        args.size() == 2 && args[1].literal &&
        (args[1].type->id() == arrow::Type::LIST || args[1].type->id() == arrow::Type::LARGE_LIST);
    if (!list_literal) {
      return ArgumentTypeError(name(), "a value and a literal list of values", args);
    }
    const auto& list = static_cast<const arrow::BaseListScalar&>(*args[1].literal);
    std::shared_ptr<arrow::Array> values = list.value;
    if (!list.is_valid) {
      ARROW_ASSIGN_OR_RAISE(values, arrow::MakeArrayOfNull(args[0].type, 0));
    }
    ArgInfo element{values->type(), nullptr};
    ARROW_ASSIGN_OR_RAISE(auto common, ComparableType("check membership of", {args[0], element}));
    if (!values->type()->Equals(*common)) {
      arrow::compute::ExecContext ctx;
      ARROW_ASSIGN_OR_RAISE(auto cast, CastDatum(values, common, &ctx));
      values = cast.make_array();
    }
    auto options = std::make_shared<arrow::compute::SetLookupOptions>(
        values, arrow::compute::SetLookupOptions::INCONCLUSIVE);
    return std::make_shared<Bound>(common, std::move(options));
  }

 private:
  class Bound final : public BoundFunction {
   public:
    Bound(TypePtr common, std::shared_ptr<arrow::compute::SetLookupOptions> options)
        : BoundFunction(arrow::boolean()), common_(common), options_(std::move(options)) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      ARROW_ASSIGN_OR_RAISE(auto value, CastDatum(args[0], common_, ctx));
      return arrow::compute::CallFunction("is_in", {value}, options_.get(), ctx);
    }

   private:
    TypePtr common_;
    std::shared_ptr<arrow::compute::SetLookupOptions> options_;
  };
};

}  // namespace

void RegisterComparisonFunctions(FunctionRegistry* registry) {
  const std::pair<const char*, const char*> kComparisons[] = {
      {"equal", "=="},  {"not_equal", "!="}, {"less", "<"},
      {"less_equal", "<="}, {"greater", ">"}, {"greater_equal", ">="}};
  for (const auto& [name, symbol] : kComparisons) {
    ARROW_CHECK_OK(registry->Add(std::make_shared<Comparison>(name, symbol)));
  }
  ARROW_CHECK_OK(registry->Add(std::make_shared<Between>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<IsIn>()));
}

}  // namespace skipjack::internal
