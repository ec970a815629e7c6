// String functions: lower, upper, capitalize, reverse, strip family, length,
// contains, startswith, endswith, replace, split.
//
// Literal patterns run Arrow's kernels; patterns given as columns run the row loops of
// pattern_loops.h.

#include <arrow/compute/api.h>
#include <arrow/array/util.h>
#include <arrow/scalar.h>

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/functions/string/pattern_loops.h"
#include "skipjack/functions/string/string_kernels.h"
#include "skipjack/types/supertype.h"

namespace skipjack::internal {
namespace {

using TypePtr = std::shared_ptr<arrow::DataType>;

bool IsText(const ArgInfo& arg) {
  return IsStringType(*arg.type) || arg.type->id() == arrow::Type::NA;
}

bool IsTextLiteral(const ArgInfo& arg) {
  return arg.literal && arg.literal->is_valid && IsStringType(*arg.type);
}

std::string LiteralText(const ArgInfo& arg) {
  return static_cast<const arrow::BaseBinaryScalar&>(*arg.literal).value->ToString();
}

// Null-typed text (an all-null column or lit(None)) runs as LargeString.
TypePtr TextType(const ArgInfo& arg) {
  return arg.type->id() == arrow::Type::NA ? arrow::large_utf8() : arg.type;
}

class UnaryString final : public ScalarFunction {
 public:
  UnaryString(std::string name, std::string arrow_name, std::string summary)
      : ScalarFunction(std::move(name), std::move(summary)),
        arrow_name_(std::move(arrow_name)) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 1 || !IsText(args[0])) return ArgumentTypeError(name(), "a String", args);
    return BindArrowCall(arrow_name_, args, {TextType(args[0])});
  }

 private:
  std::string arrow_name_;
};

// upper / lower with Unicode full case mapping ('ß' -> "SS"), as Daft and Python.
class ChangeCaseFunction final : public ScalarFunction {
 public:
  ChangeCaseFunction(std::string name, bool upper, std::string summary)
      : ScalarFunction(std::move(name), std::move(summary)), upper_(upper) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 1 || !IsText(args[0])) return ArgumentTypeError(name(), "a String", args);
    return std::make_shared<Bound>(TextType(args[0]), upper_);
  }

 private:
  class Bound final : public BoundFunction {
   public:
    Bound(TypePtr type, bool upper) : BoundFunction(std::move(type)), upper_(upper) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      ARROW_ASSIGN_OR_RAISE(auto text, CastDatum(args[0], output_type(), ctx));
      return ChangeCase(text, upper_, ctx);
    }

   private:
    bool upper_;
  };

  bool upper_;
};

// length: number of characters, as UInt64 (Daft).
class Length final : public ScalarFunction {
 public:
  Length() : ScalarFunction("length", "Number of characters") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 1 || !IsText(args[0])) return ArgumentTypeError(name(), "a String", args);
    return std::make_shared<Bound>(TextType(args[0]));
  }

 private:
  class Bound final : public BoundFunction {
   public:
    explicit Bound(TypePtr input) : BoundFunction(arrow::uint64()), input_(input) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      ARROW_ASSIGN_OR_RAISE(auto text, CastDatum(args[0], input_, ctx));
      ARROW_ASSIGN_OR_RAISE(auto lengths,
                            arrow::compute::CallFunction("utf8_length", {text}, ctx));
      return CastDatum(lengths, arrow::uint64(), ctx);
    }

   private:
    TypePtr input_;
  };
};

// contains / startswith / endswith.
class PatternPredicate final : public ScalarFunction {
 public:
  using Predicate = bool (*)(std::string_view, std::string_view);

  /// `arrow_name` is the Arrow kernel for a literal pattern; empty for "contains",
  /// whose literal search is our own (string_kernels.h).
  PatternPredicate(std::string name, std::string arrow_name, Predicate predicate,
                   std::string summary)
      : ScalarFunction(std::move(name), std::move(summary)),
        arrow_name_(std::move(arrow_name)),
        predicate_(predicate) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 2 || !IsText(args[0]) || !IsText(args[1])) {
      return ArgumentTypeError(name(), "(String, String pattern)", args);
    }
    if (IsTextLiteral(args[1]) && arrow_name_.empty()) {
      return std::make_shared<ContainsLoop>(TextType(args[0]), LiteralText(args[1]));
    }
    if (IsTextLiteral(args[1])) {
      auto options =
          std::make_shared<arrow::compute::MatchSubstringOptions>(LiteralText(args[1]));
      return BindArrowCall(arrow_name_, args, {TextType(args[0])}, std::move(options), 1);
    }
    return std::make_shared<Loop>(predicate_);
  }

 private:
  class ContainsLoop final : public BoundFunction {
   public:
    ContainsLoop(TypePtr text_type, std::string pattern)
        : BoundFunction(arrow::boolean()),
          text_type_(std::move(text_type)),
          pattern_(std::move(pattern)) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      ARROW_ASSIGN_OR_RAISE(auto text, CastDatum(args[0], text_type_, ctx));
      return ContainsLiteral(text, pattern_, ctx);
    }

   private:
    TypePtr text_type_;
    std::string pattern_;
  };

  class Loop final : public BoundFunction {
   public:
    explicit Loop(Predicate predicate) : BoundFunction(arrow::boolean()), predicate_(predicate) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      return StringPredicateLoop(args[0], args[1], predicate_, ctx);
    }

   private:
    Predicate predicate_;
  };

  std::string arrow_name_;
  Predicate predicate_;
};

// replace(text, pattern, replacement): every occurrence, literally (no regex).
class Replace final : public ScalarFunction {
 public:
  Replace() : ScalarFunction("replace", "Replaces every occurrence of a substring") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 3 || !IsText(args[0]) || !IsText(args[1]) || !IsText(args[2])) {
      return ArgumentTypeError(name(), "(String, String pattern, String replacement)", args);
    }
    if (IsTextLiteral(args[1]) && IsTextLiteral(args[2])) {
      auto options = std::make_shared<arrow::compute::ReplaceSubstringOptions>(
          LiteralText(args[1]), LiteralText(args[2]));
      return BindArrowCall("replace_substring", args, {TextType(args[0])}, std::move(options),
                           1);
    }
    return std::make_shared<Loop>();
  }

 private:
  class Loop final : public BoundFunction {
   public:
    Loop() : BoundFunction(arrow::large_utf8()) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      return ReplaceLoop(args[0], args[1], args[2], ctx);
    }
  };
};

// split(text, separator) -> List[String].
class Split final : public ScalarFunction {
 public:
  Split() : ScalarFunction("split", "Splits on a separator into a list of strings") {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 2 || !IsText(args[0]) || !IsText(args[1])) {
      return ArgumentTypeError(name(), "(String, String separator)", args);
    }
    if (IsTextLiteral(args[1]) && !LiteralText(args[1]).empty()) {
      auto options = std::make_shared<arrow::compute::SplitPatternOptions>(LiteralText(args[1]));
      return BindArrowCall("split_pattern", args, {TextType(args[0])}, std::move(options), 1);
    }
    return std::make_shared<Loop>();
  }

 private:
  class Loop final : public BoundFunction {
   public:
    Loop() : BoundFunction(arrow::list(arrow::utf8())) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      return SplitLoop(args[0], args[1], ctx);
    }
  };
};

// Compiles `pattern` by running Arrow's regex kernel on one empty string.
arrow::Status CheckPattern(const std::string& pattern) {
  ARROW_ASSIGN_OR_RAISE(auto probe, arrow::MakeArrayFromScalar(arrow::StringScalar(""), 1));
  arrow::compute::MatchSubstringOptions options(pattern);
  auto result = arrow::compute::CallFunction("match_substring_regex", {probe}, &options);
  if (!result.ok()) {
    return arrow::Status::Invalid("Invalid regular expression '", pattern,
                                  "': ", result.status().message());
  }
  return arrow::Status::OK();
}

// Regular-expression functions (RE2 syntax): the pattern must be a literal, compiled
// once at bind time by Arrow's kernel options.
class RegexFunction final : public ScalarFunction {
 public:
  enum class Kind { kMatch, kReplace, kSplit };

  RegexFunction(std::string name, Kind kind, std::string summary)
      : ScalarFunction(std::move(name), std::move(summary)), kind_(kind) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    const size_t arity = kind_ == Kind::kReplace ? 3 : 2;
    bool ok = args.size() == arity && IsText(args[0]);
    for (size_t i = 1; ok && i < args.size(); ++i) ok = IsTextLiteral(args[i]);
    if (!ok) {
      return ArgumentTypeError(name(), kind_ == Kind::kReplace
                                           ? "(String, literal pattern, literal replacement)"
                                           : "(String, literal pattern)",
                               args);
    }
    const std::string pattern = LiteralText(args[1]);
    ARROW_RETURN_NOT_OK(CheckPattern(pattern));
    switch (kind_) {
      case Kind::kMatch:
        // "a.*b": an ordered substring search, several times faster than RE2.
        if (auto pieces = LiteralChainOf(pattern)) {
          return std::make_shared<LiteralChainMatch>(TextType(args[0]), std::move(*pieces));
        }
        return BindArrowCall("match_substring_regex", args, {TextType(args[0])},
                             std::make_shared<arrow::compute::MatchSubstringOptions>(pattern), 1);
      case Kind::kReplace:
        return BindArrowCall("replace_substring_regex", args, {TextType(args[0])},
                             std::make_shared<arrow::compute::ReplaceSubstringOptions>(
                                 pattern, LiteralText(args[2])),
                             1);
      case Kind::kSplit:
        return BindArrowCall("split_pattern_regex", args, {TextType(args[0])},
                             std::make_shared<arrow::compute::SplitPatternOptions>(pattern), 1);
    }
    return arrow::Status::Invalid("unknown regex function");
  }

 private:
  class LiteralChainMatch final : public BoundFunction {
   public:
    LiteralChainMatch(TypePtr text_type, std::vector<std::string> pieces)
        : BoundFunction(arrow::boolean()),
          text_type_(std::move(text_type)),
          pieces_(std::move(pieces)) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      ARROW_ASSIGN_OR_RAISE(auto text, CastDatum(args[0], text_type_, ctx));
      return MatchLiteralChain(text, pieces_, ctx);
    }

   private:
    TypePtr text_type_;
    std::vector<std::string> pieces_;
  };

  Kind kind_;
};

bool Contains(std::string_view text, std::string_view pattern) {
  return text.find(pattern) != std::string_view::npos;
}
bool StartsWith(std::string_view text, std::string_view pattern) {
  return text.substr(0, pattern.size()) == pattern;
}
bool EndsWith(std::string_view text, std::string_view pattern) {
  return text.size() >= pattern.size() && text.substr(text.size() - pattern.size()) == pattern;
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry* registry) {
  const std::tuple<const char*, const char*, const char*> kUnary[] = {
      {"capitalize", "utf8_capitalize", "Upper-cases the first character"},
      {"reverse", "utf8_reverse", "Reverses the characters"},
      {"strip", "utf8_trim_whitespace", "Removes leading and trailing whitespace"},
      {"lstrip", "utf8_ltrim_whitespace", "Removes leading whitespace"},
      {"rstrip", "utf8_rtrim_whitespace", "Removes trailing whitespace"}};
  for (const auto& [name, arrow_name, summary] : kUnary) {
    ARROW_CHECK_OK(registry->Add(std::make_shared<UnaryString>(name, arrow_name, summary)));
  }
  ARROW_CHECK_OK(registry->Add(
      std::make_shared<ChangeCaseFunction>("lower", false, "Lower-cases the text")));
  ARROW_CHECK_OK(registry->Add(
      std::make_shared<ChangeCaseFunction>("upper", true, "Upper-cases the text")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<Length>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<PatternPredicate>(
      "contains", "", Contains, "True where the text contains the pattern")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<PatternPredicate>(
      "startswith", "starts_with", StartsWith, "True where the text starts with the pattern")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<PatternPredicate>(
      "endswith", "ends_with", EndsWith, "True where the text ends with the pattern")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<Replace>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<Split>()));
  ARROW_CHECK_OK(registry->Add(std::make_shared<RegexFunction>(
      "regexp", RegexFunction::Kind::kMatch, "True where the text matches the regular expression")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<RegexFunction>(
      "regexp_replace", RegexFunction::Kind::kReplace, "Replaces every regular-expression match")));
  ARROW_CHECK_OK(registry->Add(std::make_shared<RegexFunction>(
      "regexp_split", RegexFunction::Kind::kSplit, "Splits on a regular expression")));
}

}  // namespace skipjack::internal
