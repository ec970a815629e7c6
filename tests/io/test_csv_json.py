"""read_csv and read_json against pandas/pyarrow reading the same files, their options,
and the errors bad files give."""

from __future__ import annotations

import gzip
import io
import json

import pandas as pd
import pyarrow as pa
import pytest

import skipjack as sj
from skipjack import col


def _explain(df) -> str:
    buffer = io.StringIO()
    df.explain(show_all=True, file=buffer)
    return buffer.getvalue()


CSV = "a,b,c\n1,x,1.5\n2,,2.5\n3,z,\n4,\"w, with comma\",4.0\n"


def test_csv_matches_pandas(engine_config, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(CSV)
    df = sj.read_csv(str(path))
    assert df.column_names == ["a", "b", "c"]
    assert [str(df.schema()[n].dtype) for n in "abc"] == ["Int64", "String", "Float64"]
    expected = pd.read_csv(path)
    data = df.to_pydict()
    assert data["a"] == expected["a"].tolist()
    assert data["b"] == [None if pd.isna(v) else v for v in expected["b"]]
    assert data["c"] == [None if pd.isna(v) else v for v in expected["c"]]


def test_csv_many_files_glob_filter_and_projection(engine_config, tmp_path):
    rows = []
    for part in range(5):
        lines = ["id,group,value"]
        for i in range(part * 100, part * 100 + 100):
            lines.append(f"{i},g{i % 3},{i * 0.5}")
            rows.append((i, f"g{i % 3}", i * 0.5))
        (tmp_path / f"p{part}.csv").write_text("\n".join(lines) + "\n")
    df = sj.read_csv(str(tmp_path / "*.csv")).where(col("group") == "g1").select("id")
    assert "Projection pushdown" in _explain(df)
    assert df.to_pydict()["id"] == [r[0] for r in rows if r[1] == "g1"]


def test_csv_options(tmp_path):
    headerless = tmp_path / "h.csv"
    headerless.write_text("1|a\n2|b\n")
    df = sj.read_csv(str(headerless), has_headers=False, delimiter="|")
    assert df.to_pydict() == {"column_1": [1, 2], "column_2": ["a", "b"]}
    quoted = tmp_path / "q.csv"
    quoted.write_text("a,b\n'x,y',1\n")
    assert sj.read_csv(str(quoted), quote="'").to_pydict() == {"a": ["x,y"], "b": [1]}
    escaped = tmp_path / "e.csv"
    escaped.write_text('a,b\n"x\\"y",1\n')
    assert sj.read_csv(str(escaped), escape_char="\\", double_quote=False).to_pydict() == \
        {"a": ['x"y'], "b": [1]}
    hinted = sj.read_csv(str(escaped), escape_char="\\", double_quote=False,
                         schema={"b": sj.DataType.float64()})
    assert hinted.schema()["b"].dtype == sj.DataType.float64()
    zipped = tmp_path / "z.csv.gz"
    zipped.write_bytes(gzip.compress(b"n,m\n1,2\n3,4\n"))
    assert sj.read_csv(str(zipped)).to_pydict() == {"n": [1, 3], "m": [2, 4]}


def test_csv_wrong_field_count_names_the_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n3,4,5\n")
    with pytest.raises(Exception, match=r"bad\.csv.*(columns|fields)"):
        sj.read_csv(str(path)).to_pydict()
    variable = sj.read_csv(str(tmp_path / "bad.csv"), allow_variable_columns=True)
    assert variable.to_pydict() == {"a": [1, 3], "b": [2, 4]}
    short = tmp_path / "short.csv"
    short.write_text("a,b\n1,2\n3\n")
    assert sj.read_csv(str(short), allow_variable_columns=True).to_pydict() == \
        {"a": [1, 3], "b": [2, None]}


def test_csv_bad_value_for_the_inferred_type(tmp_path):
    path = tmp_path / "types.csv"
    # The schema comes from the first megabyte; the bad value comes after it.
    path.write_text("a\n" + "1\n" * 700_000 + "oops\n")
    with pytest.raises(Exception, match="types.csv"):
        sj.read_csv(str(path)).to_pydict()


def test_json_lines_match_pandas(engine_config, tmp_path):
    records = [{"a": i, "s": f"v{i}", "f": i / 2, "nested": {"x": i}, "l": [i, i + 1]}
               for i in range(50)]
    records[3]["s"] = None
    del records[7]["f"]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    df = sj.read_json(str(path))
    data = df.to_pydict()
    expected = pd.read_json(path, lines=True)
    assert data["a"] == expected["a"].tolist()
    assert data["s"] == [r.get("s") for r in records]
    assert data["f"] == [r.get("f") for r in records]
    assert data["nested"] == [r["nested"] for r in records]
    assert data["l"] == [r["l"] for r in records]
    assert sj.read_json(str(path)).where(col("a") > 47).select("a").to_pydict() == {"a": [48, 49]}


def test_json_errors_name_the_file(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"a": 1}\n{"a": \n')
    with pytest.raises(Exception, match="broken.jsonl"):
        sj.read_json(str(path)).to_pydict()
