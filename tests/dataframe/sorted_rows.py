"""Rows of a table in an order that does not depend on the engine: results compared
with an oracle's (DuckDB) as sorted lists of tuples, nulls first in every column."""

from __future__ import annotations

import pyarrow as pa


def sorted_rows(table: pa.Table) -> list[tuple]:
    rows = list(zip(*[table.column(c).to_pylist() for c in table.column_names]))
    return sorted(rows, key=lambda r: tuple((v is not None, v) for v in r))
