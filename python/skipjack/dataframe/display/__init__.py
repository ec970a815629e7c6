"""Render tables exactly like Daft 0.7.26's ``show()``, ``repr(df)`` and ``_repr_html_()``.

Daft formats every cell in Rust (``repr.rs``) and lays the text table out with the
comfy-table crate (preset UTF8_FULL, round corners, ``ContentArrangement::Dynamic``).
This package re-implements both in pure Python on top of pyarrow, so the output is
byte-identical.  Its modules import only the stdlib, pyarrow and each other (relatively):
the tests load the package by path, before skipjack's native core is built.

Modules, from the outside in:
  text_table / html_table   the two renderers
  cell_format               value -> text (rust_numbers, rust_temporal)
  table_layout, line_wrap   comfy-table's column widths and line wrapping
  text_width, graphemes     terminal columns and grapheme clusters (unicode_properties)
"""

from .cell_format import EXTENSION_RENDERERS, format_cell, register_extension_renderer
from .html_table import render_html
from .text_table import render_key_value_table, render_text

__all__ = [
    "EXTENSION_RENDERERS",
    "format_cell",
    "register_extension_renderer",
    "render_html",
    "render_key_value_table",
    "render_text",
]
