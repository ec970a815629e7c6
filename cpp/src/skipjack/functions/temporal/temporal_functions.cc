// Parts of dates and timestamps: year, month, day, hour, minute, second, millisecond,
// microsecond, nanosecond, day_of_week (Monday = 0), day_of_year, week_of_year (ISO),
// quarter; and date (the date of a timestamp). Result types follow Daft: year is
// Int32, the others UInt32.

#include <arrow/compute/api.h>

#include "skipjack/functions/arrow_call.h"
#include "skipjack/functions/registry_internal.h"
#include "skipjack/types/supertype.h"

namespace skipjack::internal {
namespace {

using TypePtr = std::shared_ptr<arrow::DataType>;

bool HasDate(const arrow::DataType& type) {
  return type.id() == arrow::Type::DATE32 || type.id() == arrow::Type::DATE64 ||
         type.id() == arrow::Type::TIMESTAMP;
}

bool HasTime(const arrow::DataType& type) {
  return type.id() == arrow::Type::TIMESTAMP || type.id() == arrow::Type::TIME32 ||
         type.id() == arrow::Type::TIME64;
}

// Runs Arrow's temporal component kernel and casts its Int64 to Daft's type.
class TemporalPart final : public ScalarFunction {
 public:
  TemporalPart(std::string name, std::string arrow_name, TypePtr output, bool time_part)
      : ScalarFunction(name, "The " + name + " of each date or timestamp"),
        arrow_name_(std::move(arrow_name)),
        output_(std::move(output)),
        time_part_(time_part) {}

  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    const bool ok = args.size() == 1 &&
                    (time_part_ ? HasTime(*args[0].type) : HasDate(*args[0].type));
    if (!ok) {
      return ArgumentTypeError(name(), time_part_ ? "a Timestamp or Time" : "a Date or Timestamp",
                               args);
    }
    return std::make_shared<Bound>(arrow_name_, output_);
  }

 private:
  class Bound final : public BoundFunction {
   public:
    Bound(std::string arrow_name, TypePtr output)
        : BoundFunction(std::move(output)), arrow_name_(std::move(arrow_name)) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      ARROW_ASSIGN_OR_RAISE(auto part, arrow::compute::CallFunction(arrow_name_, {args[0]}, ctx));
      return arrow::compute::Cast(part, output_type(), arrow::compute::CastOptions::Unsafe(), ctx);
    }

   private:
    std::string arrow_name_;
  };

  std::string arrow_name_;
  TypePtr output_;
  bool time_part_;
};

// date(ts): the calendar date of a timestamp (in its time zone when it has one).
class DateOf final : public ScalarFunction {
 public:
  DateOf() : ScalarFunction("date", "The date of each timestamp") {}
  arrow::Result<BoundFunctionPtr> Bind(const std::vector<ArgInfo>& args,
                                       const CallOptions&) const override {
    if (args.size() != 1 || !HasDate(*args[0].type)) {
      return ArgumentTypeError(name(), "a Date or Timestamp", args);
    }
    return std::make_shared<Bound>();
  }

 private:
  class Bound final : public BoundFunction {
   public:
    Bound() : BoundFunction(arrow::date32()) {}
    arrow::Result<arrow::Datum> Execute(const std::vector<arrow::Datum>& args,
                                        arrow::compute::ExecContext* ctx) const override {
      return arrow::compute::Cast(args[0], arrow::date32(), arrow::compute::CastOptions::Safe(),
                                  ctx);
    }
  };
};

}  // namespace

void RegisterTemporalFunctions(FunctionRegistry* registry) {
  struct Part {
    const char* name;
    const char* arrow_name;
    TypePtr type;
    bool time_part;
  };
  const Part parts[] = {
      {"year", "year", arrow::int32(), false},
      {"month", "month", arrow::uint32(), false},
      {"day", "day", arrow::uint32(), false},
      {"day_of_week", "day_of_week", arrow::uint32(), false},
      {"day_of_year", "day_of_year", arrow::uint32(), false},
      {"week_of_year", "iso_week", arrow::uint32(), false},
      {"quarter", "quarter", arrow::uint32(), false},
      {"hour", "hour", arrow::uint32(), true},
      {"minute", "minute", arrow::uint32(), true},
      {"second", "second", arrow::uint32(), true},
      {"millisecond", "millisecond", arrow::uint32(), true},
      {"microsecond", "microsecond", arrow::uint32(), true},
      {"nanosecond", "nanosecond", arrow::uint32(), true},
  };
  for (const auto& part : parts) {
    ARROW_CHECK_OK(registry->Add(
        std::make_shared<TemporalPart>(part.name, part.arrow_name, part.type, part.time_part)));
  }
  ARROW_CHECK_OK(registry->Add(std::make_shared<DateOf>()));
}

}  // namespace skipjack::internal
