"""show(), repr() and _repr_html_() of real DataFrames, with the footers Daft prints.
(The renderer itself is checked byte for byte against Daft in test_display_vs_daft.py.)"""

from __future__ import annotations

import skipjack as sj
from skipjack import col

EXPECTED_SHOW = """\
╭───────┬────────╮
│ a     ┆ s      │
│ ---   ┆ ---    │
│ Int64 ┆ String │
╞═══════╪════════╡
│ 2     ┆ y      │
├╌╌╌╌╌╌╌┼╌╌╌╌╌╌╌╌┤
│ 3     ┆ z      │
╰───────┴────────╯

(Showing first 2 rows)
"""


def test_show_on_a_lazy_frame_fetches_only_n_rows(capsys):
    df = sj.from_pydict({"a": [1, 2, 3, 4], "s": ["x", "y", "z", "w"]}).where(col("a") > 1)
    df.show(2)
    assert capsys.readouterr().out == EXPECTED_SHOW
    df.show(5)
    assert capsys.readouterr().out.endswith("(Showing first 3 of 3 rows)\n")


def test_repr_of_lazy_and_materialized_frames():
    df = sj.from_pydict({"a": list(range(20))})
    assert repr(df).endswith("(Showing first 8 of 20 rows)")
    lazy = df.where(col("a") > 5)
    assert repr(lazy) == (
        "╭───────╮\n│ a     │\n│ ---   │\n│ Int64 │\n╰───────╯\n\n"
        "(No data to display: Dataframe not materialized, use .collect() to materialize)")
    assert repr(lazy.collect()).endswith("(Showing first 8 of 14 rows)")
    empty = df.where(col("a") > 100).collect()
    assert repr(empty).endswith("(No data to display: Materialized dataframe has no rows)")


def test_html_repr():
    html = sj.from_pydict({"a": [1, 2]})._repr_html_()
    assert '<table class="dataframe"' in html and "a<br />Int64" in html
    assert "<small>(Showing first 2 of 2 rows)</small>" in html


def test_schema_repr_matches_daft():
    schema = sj.from_pydict({"a": [1], "s": ["x"]}).schema()
    assert repr(schema) == (
        "╭─────────────┬────────╮\n"
        "│ Column Name ┆ DType  │\n"
        "╞═════════════╪════════╡\n"
        "│ a           ┆ Int64  │\n"
        "├╌╌╌╌╌╌╌╌╌╌╌╌╌┼╌╌╌╌╌╌╌╌┤\n"
        "│ s           ┆ String │\n"
        "╰─────────────┴────────╯\n")
