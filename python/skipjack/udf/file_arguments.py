"""Parameters annotated ``File``: a UDF called on a column of paths receives File
objects, as ``transcribe(self, audio_file: daft.File)`` does over
``from_glob_path(...)["path"]``."""

from __future__ import annotations

import inspect
import types
import typing
from typing import Any, Callable

from skipjack.file import File


def _is_file_hint(hint: Any) -> bool:
    if isinstance(hint, type):
        return issubclass(hint, File)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        present = [a for a in typing.get_args(hint) if a is not type(None)]
        return len(present) == 1 and _is_file_hint(present[0])
    return False


def file_argument_columns(fn: Callable, hints: dict, layout: list, kw_layout: dict,
                          bound_method: bool) -> frozenset[int]:
    """The argument columns whose parameter is annotated File (a method's self skipped)."""
    file_params = {name for name, hint in hints.items() if name != "return" and _is_file_hint(hint)}
    if not file_params:
        return frozenset()
    try:
        parameters = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return frozenset()
    if bound_method and parameters:
        parameters = parameters[1:]
    columns = set()
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    for parameter, (source, index) in zip(positional, layout):
        if source == "col" and parameter.name in file_params:
            columns.add(index)
    for name, (source, index) in kw_layout.items():
        if source == "col" and name in file_params:
            columns.add(index)
    return frozenset(columns)


def as_files(values: list) -> list:
    """Path strings as File objects; File objects and None as they are."""
    return [File(v) if isinstance(v, str) else v for v in values]
