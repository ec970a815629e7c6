// skipjack._core.Expr: the engine's expression tree, built by skipjack.Expression.

#include <nanobind/stl/map.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <arrow/scalar.h>

#include "arrow_interop.h"
#include "bindings.h"
#include "errors.h"
#include "skipjack/expr/binder.h"
#include "skipjack/expr/expr.h"
#include "skipjack/expr/expr_rewrite.h"
#include "skipjack/functions/aggregate/aggregate_function.h"
#include "skipjack/functions/registry.h"

namespace nb = nanobind;

namespace skipjack::python {
namespace {

struct PyExpr {
  ExprPtr expr;
};

std::vector<ExprPtr> Unwrap(const std::vector<PyExpr>& exprs) {
  std::vector<ExprPtr> out;
  out.reserve(exprs.size());
  for (const auto& e : exprs) out.push_back(e.expr);
  return out;
}

}  // namespace

ExprPtr UnwrapExpr(nb::handle obj) { return nb::cast<const PyExpr&>(obj).expr; }

nb::object WrapExpr(ExprPtr expr) { return nb::cast(PyExpr{std::move(expr)}); }

std::vector<ExprPtr> UnwrapExprs(const nb::list& exprs) {
  std::vector<ExprPtr> out;
  for (nb::handle e : exprs) out.push_back(UnwrapExpr(e));
  return out;
}

void BindExpressions(nb::module_& m) {
  nb::class_<PyExpr>(m, "Expr")
      .def("__repr__", [](const PyExpr& self) { return self.expr->ToString(); })
      .def("output_name", [](const PyExpr& self) { return OutputName(*self.expr); })
      .def("alias", [](const PyExpr& self, std::string name) {
        return PyExpr{Alias(self.expr, std::move(name))};
      })
      .def("cast", [](const PyExpr& self, nb::handle type) {
        return PyExpr{Cast(self.expr, ImportType(type))};
      })
      .def("column_name",
           [](const PyExpr& self) -> nb::object {
             if (self.expr->kind() != ExprKind::kColumn) return nb::none();
             return nb::str(static_cast<const ColumnExpr&>(*self.expr).name().c_str());
           })
      .def("referenced_columns",
           [](const PyExpr& self) { return ReferencedColumns(self.expr); })
      .def("replace_column",
           [](const PyExpr& self, const std::string& name, const PyExpr& replacement) {
             return PyExpr{TransformColumns(self.expr, [&](const ColumnExpr& column) {
               return column.name() == name ? replacement.expr : Col(column.name());
             })};
           })
      .def("equals",
           [](const PyExpr& self, const PyExpr& other) { return self.expr->Equals(*other.expr); });
  m.def("col", [](std::string name) { return PyExpr{Col(std::move(name))}; });
  m.def("lit", [](nb::handle one_element_array) {
    return PyExpr{Lit(ImportScalar(one_element_array))};
  });
  m.def(
      "call",
      [](std::string function, const std::vector<PyExpr>& args, nb::dict options) {
        ValueOrThrow(GetFunctionRegistry()->Find(function));
        CallOptions call_options;
        for (auto [key, value] : options) {
          call_options[nb::cast<std::string>(key)] = ImportScalar(value);
        }
        return PyExpr{Call(std::move(function), Unwrap(args), std::move(call_options))};
      },
      nb::arg("function"), nb::arg("args"), nb::arg("options") = nb::dict());
  m.def("function_names", [] { return GetFunctionRegistry()->Names(); });
  m.def(
      "aggregate",
      [](std::string function, nb::object input, nb::dict options) {
        ValueOrThrow(GetAggregateRegistry()->Find(function));
        CallOptions call_options;
        for (auto [key, value] : options) {
          call_options[nb::cast<std::string>(key)] = ImportScalar(value);
        }
        ExprPtr input_expr = input.is_none() ? nullptr : UnwrapExpr(input);
        return PyExpr{Aggregate(std::move(function), std::move(input_expr), std::move(call_options))};
      },
      nb::arg("function"), nb::arg("input"), nb::arg("options") = nb::dict());
  m.def("aggregate_names", [] { return GetAggregateRegistry()->Names(); });
}

}  // namespace skipjack::python
