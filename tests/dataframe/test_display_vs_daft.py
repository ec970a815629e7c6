"""skipjack.dataframe.display must render tables byte for byte like Daft 0.7.26.

The expected outputs were captured from real Daft by gen_daft_display_golden.py.
This test needs only pyarrow: the display package is loaded by path, without running
skipjack/__init__.py, so it runs even before the native core is built.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pyarrow as pa
import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden" / "display"
CASES = json.loads((GOLDEN / "cases.json").read_text(encoding="utf-8"))


def _load_display():
    path = ROOT / "python" / "skipjack" / "dataframe" / "display"
    spec = importlib.util.spec_from_file_location(
        "skipjack_display_under_test", path / "__init__.py", submodule_search_locations=[str(path)]
    )
    package = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = package  # the package's relative imports resolve through this entry
    spec.loader.exec_module(package)
    return package


display = _load_display()


def _read_table(name: str) -> pa.Table:
    with pa.memory_map(str(GOLDEN / f"{name}.arrow")) as source:
        return pa.ipc.open_file(source).read_all()


def _expected(name: str, suffix: str) -> str:
    # newline="" keeps a "\r" inside a cell from being read as a line break.
    with open(GOLDEN / f"{name}{suffix}", encoding="utf-8", newline="") as file:
        return file.read()


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_text_matches_daft(case):
    tty_width = case.get("tty_width")
    rendered = display.render_text(
        _read_table(case["name"]),
        case["dtypes"],
        total_rows=case["total_rows"],
        materialized=case["materialized"],
        table_width=tty_width or 120,
        bold_headers=tty_width is not None,
    )
    assert rendered == _expected(case["name"], ".txt")


@pytest.mark.parametrize("case", [c for c in CASES if c["html"]], ids=[c["name"] for c in CASES if c["html"]])
def test_html_matches_daft(case):
    rendered = display.render_html(
        _read_table(case["name"]),
        case["dtypes"],
        total_rows=case["total_rows"],
        materialized=case["materialized"],
    )
    assert rendered == _expected(case["name"], ".html")


def test_defaults_off_a_terminal_use_width_120_without_bold(monkeypatch):
    # pytest captures stdout, so it is not a TTY: like Daft, use 120 columns and no ANSI codes.
    monkeypatch.delenv("DAFT_BOLD_TABLE_HEADERS", raising=False)
    case = next(c for c in CASES if c["name"] == "twelve_columns")
    rendered = display.render_text(_read_table(case["name"]), case["dtypes"], total_rows=case["total_rows"])
    assert rendered == _expected(case["name"], ".txt")


@pytest.mark.parametrize(("env", "bold"), [(None, True), ("1", True), ("0", False), ("true", False)])
def test_bold_headers_follow_daft_env_var_on_a_terminal(monkeypatch, env, bold):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    if env is None:
        monkeypatch.delenv("DAFT_BOLD_TABLE_HEADERS", raising=False)
    else:
        monkeypatch.setenv("DAFT_BOLD_TABLE_HEADERS", env)
    table = pa.table({"a": [1]})
    rendered = display.render_text(table, ["Int64"], total_rows=1, table_width=120)
    assert ("\x1b[1m" in rendered) is bold


@pytest.mark.parametrize(
    ("value", "arrow_type", "expected"),
    [
        (1.0, pa.float64(), "1"),
        (1e20, pa.float64(), "100000000000000000000"),
        (1e-7, pa.float64(), "0.0000001"),
        (-0.0, pa.float64(), "-0"),
        (float("nan"), pa.float64(), "NaN"),
        (float("-inf"), pa.float64(), "-inf"),
        (0.1, pa.float32(), "0.1"),
        (None, pa.int64(), "None"),
        (True, pa.bool_(), "true"),
        ([1, 2], pa.list_(pa.int64()), "[1, 2]"),
        ({"x": 1, "y": "a"}, pa.struct([("x", pa.int64()), ("y", pa.string())]), "{x: 1,\ny: a,\n}"),
        ("x" * 40, pa.string(), "x" * 29 + "…"),
        (b"\xff\xd8", pa.binary(), 'b"\\xff\\xd8"'),
    ],
)
def test_format_cell(value, arrow_type, expected):
    assert display.format_cell(value, arrow_type) == expected


def test_float16_is_shown_as_its_float32_value():
    # Daft prints half floats through f32's Display (values checked against Daft 0.7.26).
    halves = pa.array([0.1, 65504, -0.0], pa.float32()).cast(pa.float16())
    assert [display.format_cell(halves[i], halves.type) for i in range(3)] == ["0.099975586", "65504", "-0"]


def test_format_cell_without_truncation():
    assert display.format_cell("y" * 50, pa.string(), max_width=None) == "y" * 50


def test_extension_renderer_registry():
    class ImageType(pa.ExtensionType):
        def __init__(self):
            super().__init__(pa.binary(), "skipjack.test_image")

        def __arrow_ext_serialize__(self):
            return b""

        @classmethod
        def __arrow_ext_deserialize__(cls, storage_type, serialized):
            return cls()

    image_type = ImageType()
    storage = pa.array([b"\x89PNG", None], pa.binary())
    images = pa.ExtensionArray.from_storage(image_type, storage)
    # Unregistered extension types fall back to their storage type.
    assert display.format_cell(images[0], image_type) == 'b"\\x89PNG"'
    display.register_extension_renderer("skipjack.test_image", lambda scalar: "<Image>")
    try:
        assert display.format_cell(images[0], image_type) == "<Image>"
        assert display.format_cell(images[1], image_type) == "None"
    finally:
        del display.EXTENSION_RENDERERS["skipjack.test_image"]
