// skipjack._core.LogicalPlan as held by Python: an immutable plan node. Binding files
// that make plans (plan_bindings.cc, io_bindings.cc) share it.

#pragma once

#include "skipjack/plan/logical_plan.h"

namespace skipjack::python {

struct PyLogicalPlan {
  LogicalPlanPtr plan;
};

}  // namespace skipjack::python
