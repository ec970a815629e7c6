"""The line Daft prints under a table, and the messages it prints when there is nothing to show."""

from __future__ import annotations

NO_COLUMNS = "(No data to display: Dataframe has no columns)"
_NOT_MATERIALIZED = "(No data to display: Dataframe not materialized, use .collect() to materialize)"
_NO_ROWS = "(No data to display: Materialized dataframe has no rows)"


def footer(shown_rows: int, total_rows: int | None, materialized: bool) -> str:
    if not materialized:
        return _NOT_MATERIALIZED
    if total_rows == 0:
        return _NO_ROWS
    if total_rows is None:
        return f"(Showing first {shown_rows} rows)"
    return f"(Showing first {min(total_rows, shown_rows)} of {total_rows} rows)"
