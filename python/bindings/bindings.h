// Declarations shared by the binding files: one Bind<Area> function per file,
// called from module.cc.

#pragma once

#include <nanobind/nanobind.h>

namespace skipjack::python {

void BindExpressions(nanobind::module_& m);
void BindIO(nanobind::module_& m);
void BindPlans(nanobind::module_& m);
void BindQueries(nanobind::module_& m);
void BindTypes(nanobind::module_& m);
void BindUdfs(nanobind::module_& m);
void BindBenchmarks(nanobind::module_& m);

}  // namespace skipjack::python
