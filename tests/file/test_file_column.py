"""File columns: functions.file / file_path, DataType.file, File values in and out of
DataFrames and UDFs (parameters annotated File receive File objects, even from a
column of path strings), display, and Parquet round trips."""

from __future__ import annotations

import contextlib
import io

import pytest

import skipjack as sj
from skipjack import col
from skipjack.functions import file, file_path


@pytest.fixture
def folder(tmp_path):
    for name, text in (("a.txt", "alpha\n"), ("b.txt", "bravo bravo\n"), ("c.md", "# c\n")):
        (tmp_path / name).write_text(text)
    return tmp_path


def test_file_column_type_and_values(folder, engine_config):
    paths = [str(folder / "a.txt"), None, str(folder / "b.txt")]
    df = sj.from_pydict({"p": paths}).select(file(col("p")))
    assert df.schema()["p"].dtype == sj.DataType.file()
    assert repr(sj.DataType.file()) == "File[Unknown]"
    assert sj.DataType.file().is_file()
    values = df.to_pydict()["p"]
    assert values[1] is None
    assert [v.path for v in values if v] == [paths[0], paths[2]]
    assert [v.read() for v in values if v] == [b"alpha\n", b"bravo bravo\n"]
    assert df.select(file_path(col("p"))).to_pydict() == {"p": paths}


def test_show_names_each_file(folder):
    df = sj.from_pydict({"p": [str(folder / "a.txt")]}).select(file(col("p")))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        df.show()
    assert "File[Unknown]" in out.getvalue() and "Unknown(path: " in out.getvalue()


def test_udf_parameter_annotated_file_gets_files_from_paths(folder, engine_config):
    seen = []

    @sj.func
    def words(f: sj.File) -> int:
        seen.append(type(f))
        with f.open() as handle:
            return len(handle.read().split())

    df = sj.from_glob_path(str(folder / "*.txt")).sort("path")
    assert df.with_column("n", words(df["path"])).select("n").to_pydict() == {"n": [1, 2]}
    assert set(seen) == {sj.File}
    # A File column works the same way.
    files = df.select(file(col("path")))
    assert files.select(words(col("path"))).to_pydict() == {"path": [1, 2]}


def test_method_parameter_annotated_file(folder, engine_config):
    @sj.cls()
    class Reader:
        def __init__(self, prefix: str):
            self.prefix = prefix

        def head(self, source: sj.File, count: int) -> str:
            with source.to_tempfile() as tmp:
                return self.prefix + open(tmp.name).read()[:count]

    reader = Reader(">")
    df = sj.from_pydict({"p": [str(folder / "a.txt"), str(folder / "c.md")]})
    assert df.select(reader.head(col("p"), 3)).to_pydict() == {"p": [">alp", "># c"]}


def test_udf_returning_files_and_process_mode(folder):
    @sj.func
    def locate(name: str) -> sj.File:
        return sj.File(str(folder / name))

    @sj.func(use_process=True)
    def size_of(f: sj.File) -> int:
        return f.size()

    df = sj.from_pydict({"name": ["a.txt", "b.txt"]}).with_column("f", locate(col("name")))
    assert df.schema()["f"].dtype == sj.DataType.file()
    assert df.select(size_of(col("f"))).to_pydict() == {"f": [6, 12]}


def test_files_from_pydict_and_parquet_round_trip(folder, tmp_path):
    files = [sj.File(str(folder / "a.txt")), sj.File(str(folder / "b.txt"), position=6, size=5)]
    df = sj.from_pydict({"f": files})
    assert df.schema()["f"].dtype == sj.DataType.file()
    df.write_parquet(str(tmp_path / "out"))
    back = sj.read_parquet(str(tmp_path / "out")).to_pydict()["f"]
    assert back == files and back[1].read() == b"bravo"


def test_file_of_non_strings_is_a_type_error():
    df = sj.from_pydict({"n": [1, 2]})
    with pytest.raises(Exception, match="file\\(\\) expects a String column"):
        df.select(file(col("n"))).collect()


def test_cast_paths_to_file(folder):
    df = sj.from_pydict({"p": [str(folder / "a.txt"), None]})
    for expression in (col("p").cast(sj.DataType.file()), col("p").as_file(), col("p").file()):
        out = df.select(expression).to_pydict()["p"]
        assert out[0] == sj.File(str(folder / "a.txt")) and out[1] is None
    assert df.select(col("p").as_file().file_path()).to_pydict() == {"p": [str(folder / "a.txt"), None]}
