"""Project + filter + arithmetic + string operations over in-memory Arrow.

    SELECT id, a * 2 + b AS x, a % 7 AS m, upper(s) AS u, s || '_' || c AS cat
    FROM t WHERE a > 100 AND b < 0.8 AND NOT starts_with(s, 'h')

About 63% of the rows pass the filter, so both the filter and the projection matter.
`a` is non-negative so every engine's modulo agrees.
"""

from __future__ import annotations

DESCRIPTION = "project + filter + arithmetic + string ops"
DEFAULT_ROWS = 20_000_000


def make_data(rows: int):
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng(42)
    letters = np.array(list("abcdefgh"))
    words = ["".join(w) for w in letters[rng.integers(0, 8, size=(4096, 8))]]
    tags = ["red", "green", "blue", "amber", "violet"]
    return pa.table({
        "id": pa.array(np.arange(rows, dtype=np.int64)),
        "a": pa.array(rng.integers(0, 1000, rows, dtype=np.int64)),
        "b": pa.array(rng.random(rows)),
        "s": pa.array(np.array(words)[rng.integers(0, len(words), rows)], pa.string()),
        "c": pa.array(np.array(tags)[rng.integers(0, len(tags), rows)], pa.string()),
    })


def run_skipjack(table):
    import skipjack as sj
    from skipjack import col

    sj.set_execution_config(progress_bar=False)
    return (sj.from_arrow(table)
            .where((col("a") > 100) & (col("b") < 0.8) & ~col("s").startswith("h"))
            .select("id", (col("a") * 2 + col("b")).alias("x"), (col("a") % 7).alias("m"),
                    col("s").upper().alias("u"), (col("s") + "_" + col("c")).alias("cat"))
            .to_arrow())


def run_daft(table):
    import daft
    from daft import col

    return (daft.from_arrow(table)
            .where((col("a") > 100) & (col("b") < 0.8) & ~col("s").startswith("h"))
            .select("id", (col("a") * 2 + col("b")).alias("x"), (col("a") % 7).alias("m"),
                    col("s").upper().alias("u"), (col("s") + "_" + col("c")).alias("cat"))
            .collect())


def run_polars(table):
    import polars as pl

    return (pl.from_arrow(table).lazy()
            .filter((pl.col("a") > 100) & (pl.col("b") < 0.8) & ~pl.col("s").str.starts_with("h"))
            .select("id", (pl.col("a") * 2 + pl.col("b")).alias("x"), (pl.col("a") % 7).alias("m"),
                    pl.col("s").str.to_uppercase().alias("u"),
                    (pl.col("s") + "_" + pl.col("c")).alias("cat"))
            .collect())


def run_duckdb(table):
    import duckdb

    con = duckdb.connect()
    con.register("t", table)
    return con.execute(
        "SELECT id, a * 2 + b AS x, a % 7 AS m, upper(s) AS u, s || '_' || c AS cat "
        "FROM t WHERE a > 100 AND b < 0.8 AND NOT starts_with(s, 'h')").to_arrow_table()


def checksum(engine: str, result) -> dict:
    """Engine-independent summary of the result, to check every engine agrees."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if engine == "daft":
        result = result.to_arrow()
    elif engine == "polars":
        result = result.to_arrow()
    elif engine == "duckdb" and not isinstance(result, pa.Table):
        result = result.read_all()
    return {
        "rows": result.num_rows,
        "sum_x": round(pc.sum(result["x"]).as_py(), 3),
        "sum_m": pc.sum(result["m"]).as_py(),
        "u_chars": pc.sum(pc.utf8_length(result["u"])).as_py(),
        "cat_chars": pc.sum(pc.utf8_length(result["cat"])).as_py(),
    }
