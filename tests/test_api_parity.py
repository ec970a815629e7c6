"""Every function the engine registers is reachable from Python, as the recipe in
docs/dev/adding_a_function.md requires."""

import skipjack as sj
from skipjack import functions
from skipjack._native import core

# Registered names that Python reaches through operators rather than by name.
OPERATORS = {
    "add": "__add__", "subtract": "__sub__", "multiply": "__mul__", "divide": "__truediv__",
    "floor_divide": "__floordiv__", "modulo": "__mod__", "negate": "__neg__",
    "equal": "__eq__", "not_equal": "__ne__", "less": "__lt__", "less_equal": "__le__",
    "greater": "__gt__", "greater_equal": "__ge__", "and": "__and__", "or": "__or__",
    "xor": "__xor__", "not": "__invert__", "if_else": "if_else",
}
# Registered for the physical planner's rewrites only (decode_image(...).resize(...)).
INTERNAL = {"decode_and_resize"}


def test_every_registered_function_has_a_python_wrapper():
    missing = []
    for name in core.function_names():
        if name in INTERNAL:
            continue
        if name in OPERATORS:
            assert hasattr(sj.Expression, OPERATORS[name]), name
            continue
        if not hasattr(sj.Expression, name) or not hasattr(functions, name):
            missing.append(name)
    assert not missing, f"registered functions without a Python wrapper: {missing}"
