"""Generate golden files of Daft's table display for test_display_vs_daft.py.

Run with an interpreter that has real Daft 0.7.26 installed, with stdout NOT a
terminal (Daft then lays tables out for a width of 120), e.g.:

    python tests/dataframe/gen_daft_display_golden.py > /dev/null

For every case it writes into golden/display/:
  <case>.arrow  the rows Daft displays, as an Arrow IPC file
  <case>.txt    what repr(df) returns (show() prints the same plus a newline)
  <case>.html   what df._repr_html_() returns (only for cases that check HTML)
and cases.json with each case's dtype display names, total row count, mode.
One case runs Daft under a pseudo-terminal to capture bold headers and a
terminal width of 70 columns.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import fcntl
import io
import json
import os
import pty
import struct
import sys
import termios
from pathlib import Path

import daft
import pyarrow as pa

GOLDEN = Path(__file__).resolve().parent / "golden" / "display"
TTY_WIDTH = 70


def _table(**columns: pa.Array) -> pa.Table:
    return pa.table(columns)


def _frame(**columns: pa.Array) -> daft.DataFrame:
    return daft.from_arrow(_table(**columns))


def _unmaterialized(df: daft.DataFrame) -> daft.DataFrame:
    # A filter makes the frame lazy again: repr shows only the schema box.
    return df.where(daft.col(df.column_names[0]).not_null())


# --- case builders -------------------------------------------------------------


def basic() -> daft.DataFrame:
    return daft.from_pydict({"a": [1, 2, 3], "b": ["foo", "bar", "baz"]})


def integers() -> daft.DataFrame:
    return _frame(
        i8=pa.array([-128, 127, None], pa.int8()),
        i16=pa.array([-32768, 0, 32767], pa.int16()),
        i32=pa.array([-(2**31), None, 2**31 - 1], pa.int32()),
        i64=pa.array([-(2**63), 0, 2**63 - 1], pa.int64()),
        u8=pa.array([0, 255, None], pa.uint8()),
        u64=pa.array([0, None, 2**64 - 1], pa.uint64()),
    )


def floats64() -> daft.DataFrame:
    values = [1.0, 1e20, 1e-7, -0.0, float("nan"), float("inf"), float("-inf")]
    values += [0.1, 1 / 3, 1e300, 5e-324, 123456789.125]
    return _frame(f=pa.array(values, pa.float64()), label=pa.array([repr(v) for v in values]))


def floats32() -> daft.DataFrame:
    values = [0.1, 1.0, 3.4028235e38, 1e-45, -0.0, float("nan"), 16777217.0, 1.1754944e-38, 2.5, 1e10, 7e-10, None]
    return _frame(f32=pa.array(values, pa.float32()))


def bools_and_nulls() -> daft.DataFrame:
    return _frame(
        b=pa.array([True, False, None, True]),
        n=pa.array([None] * 4, pa.null()),
        s=pa.array([None, "x", None, ""]),
    )


def unicode_text() -> daft.DataFrame:
    values = [
        "日本語テキスト",
        "中文字符测试中文字符测试中文字符测试",
        "emoji 😀🎉👍🏽",
        "family 👨\u200d👩\u200d👧 flag 🇯🇵",
        "Grüße, café, naïve",
        "e\u0301 combining",
        "한국어 텍스트",
        "Ｆｕｌｌｗｉｄｔｈ",
    ]
    return _frame(text=pa.array(values), n=pa.array(range(len(values)), pa.int64()))


def long_strings() -> daft.DataFrame:
    values = [
        "x" * 29,
        "x" * 30,
        "Григорианският календар (понякога наричан)",
        "日" * 30,
        "😀" * 31,
        "first line\nsecond line\nthird",
        "e\u0301" * 20,
        "a" * 100,
    ]
    return _frame(s=pa.array(values))


def special_chars() -> daft.DataFrame:
    values = ["tab\there", "cr\rhere", "<b>bold</b> & co", 'quote " and \\', "   spaces   ", "", "a  b", "trailing "]
    return _frame(s=pa.array(values), i=pa.array(range(8), pa.int32()))


def lists() -> daft.DataFrame:
    return _frame(
        ints=pa.array([[1, 2], [], None, [None, 3]], pa.list_(pa.int64())),
        strs=pa.array([["a", "b c"], [""], None, [None]], pa.list_(pa.string())),
        nested=pa.array([[[1], [2, 3]], [], None, [[]]], pa.list_(pa.list_(pa.int32()))),
        floats=pa.array([[1.0, 0.5], [float("nan")], [], None], pa.list_(pa.float64())),
    )


def fixed_size_lists() -> daft.DataFrame:
    return _frame(
        fsl=pa.array([[1, 2], [3, 4], None, [None, 5]], pa.list_(pa.int64(), 2)),
        big=pa.array([list(range(20)), list(range(20, 40)), None, list(range(20))], pa.list_(pa.int16(), 20)),
    )


def structs() -> daft.DataFrame:
    return _frame(
        st=pa.array(
            [{"x": 1, "y": "a"}, None, {"x": None, "y": "b"}], pa.struct([("x", pa.int64()), ("y", pa.string())])
        ),
        nested=pa.array(
            [{"a": {"b": 1}}, {"a": None}, {"a": {"b": None}}], pa.struct([("a", pa.struct([("b", pa.int64())]))])
        ),
        lst=pa.array(
            [[{"a": 1, "b": "x"}], None, [None]], pa.list_(pa.struct([("a", pa.int64()), ("b", pa.string())]))
        ),
    )


def maps() -> daft.DataFrame:
    return _frame(
        str_int=pa.array([[("a", 1), ("b", 2)], [], None, [("c", None)]], pa.map_(pa.string(), pa.int64())),
        int_str=pa.array([[(1, "x y")], [(2, None)], [], [(3, 'q"z')]], pa.map_(pa.int64(), pa.string())),
        str_list=pa.array([[("k", [1, 2])], [("", [])], None, []], pa.map_(pa.string(), pa.list_(pa.int64()))),
        bool_float=pa.array([[(True, 1.5)], [], [(False, -0.0)], None], pa.map_(pa.bool_(), pa.float64())),
    )


def binary() -> daft.DataFrame:
    return _frame(
        b=pa.array([b"\xff\xd8\xff\xe0JFIF", b'quote"slash\\\n\t\r', b"x" * 50, None, b"", bytes(range(32))]),
        fixed=pa.array([b"ab", b"\x00\x01", None, b"zz", b"\x7f\x80", b"  "], pa.binary(2)),
    )


def dates() -> daft.DataFrame:
    values = [
        datetime.date(2024, 1, 2),
        datetime.date(1, 1, 1),
        datetime.date(9999, 12, 31),
        None,
        datetime.date(1969, 12, 31),
        datetime.date(2000, 2, 29),
    ]
    return _frame(d=pa.array(values, pa.date32()))


def timestamps() -> daft.DataFrame:
    return _frame(
        s=pa.array([0, 1, -1, 1704164645, None, 86399], pa.timestamp("s")),
        ms=pa.array([0, 1, -1, 1704164645123, None, 1500], pa.timestamp("ms")),
        us=pa.array([0, 1_500_000, -1, 1704164645123456, None, 253402300799999999], pa.timestamp("us")),
        ns=pa.array([0, 1_500_000, -1, 1704164645123456789, None, 5], pa.timestamp("ns")),
    )


def timestamps_tz() -> daft.DataFrame:
    values = [0, 1704164645123456, 1688000000000000, None, -1, 1711846800000000]
    return _frame(
        la=pa.array(values, pa.timestamp("us", tz="America/Los_Angeles")),
        offset=pa.array(values, pa.timestamp("us", tz="+05:30")),
        utc=pa.array(values, pa.timestamp("us", tz="UTC")),
        berlin=pa.array(values, pa.timestamp("us", tz="Europe/Berlin")),
        neg=pa.array(values, pa.timestamp("us", tz="-07:00")),
    )


def time_and_duration() -> daft.DataFrame:
    return _frame(
        t_us=pa.array([0, 1, 3661_000_001, 86399_999_999, None, 12_345_000], pa.time64("us")),
        t_ns=pa.array([0, 1, 3661_000_000_001, None, 5_000_000, 999], pa.time64("ns")),
        d_us=pa.array([0, 1, 86_400_000_001, -90_000_000, None, 61_000_500], pa.duration("us")),
        d_s=pa.array([0, 59, 86401, -90, 3600, None], pa.duration("s")),
        d_ms=pa.array([1, 1000, 90_061_001, None, -1, 0], pa.duration("ms")),
    )


def decimals() -> daft.DataFrame:
    d = decimal.Decimal
    return _frame(
        d2=pa.array([d("1.50"), d("-0.05"), d("123456.78"), None, d("0"), d("-12.34")], pa.decimal128(10, 2)),
        d0=pa.array([1, -3, None, 0, 12345, 7], pa.decimal128(5, 0)),
        d38=pa.array(
            [d("1." + "0" * 10), d("-" + "9" * 28 + "." + "9" * 10), None, d(0), d("0.0000000001"), d(1)],
            pa.decimal128(38, 10),
        ),
    )


def intervals() -> daft.DataFrame:
    values = [
        pa.MonthDayNano([1, 2, 3]),
        pa.MonthDayNano([0, 0, 0]),
        pa.MonthDayNano([-1, -2, -3_000_000_000]),
        None,
        pa.MonthDayNano([32, 28, 7_384_567_890_123]),
        pa.MonthDayNano([74, 22, 1_000_000]),
    ]
    return _frame(iv=pa.array(values, pa.month_day_nano_interval()))


def one_column() -> daft.DataFrame:
    return daft.from_pydict({"only": [1, 2]})


def _numbered_columns(count: int, rows: int = 3) -> daft.DataFrame:
    return daft.from_pydict({f"col_{i}": [i * 10 + r for r in range(rows)] for i in range(count)})


def six_columns() -> daft.DataFrame:
    return _numbered_columns(6)


def seven_columns() -> daft.DataFrame:
    return _numbered_columns(7)


def twelve_columns() -> daft.DataFrame:
    return _numbered_columns(12)


def wide_wrap() -> daft.DataFrame:
    return _frame(
        st=pa.array([{"x": 1, "y": "a"}, None], pa.struct([("x", pa.int64()), ("y", pa.string())])),
        ts=pa.array([1704164645123456, None], pa.timestamp("us")),
        text=pa.array(["The quick brown fox jumps over", "lazy dog " * 5]),
        tz=pa.array([1704164645123456, 0], pa.timestamp("us", tz="America/Los_Angeles")),
        words=pa.array(["alpha beta gamma delta epsilon", "zeta"]),
        nums=pa.array([[1.5, 2.25, 3.125, 4.0625, 5.03125], []], pa.list_(pa.float64())),
    )


def wide_wrap_long_words() -> daft.DataFrame:
    return _frame(
        a=pa.array(["supercalifragilisticexpialidocious", "x"]),
        b=pa.array(["pneumonoultramicroscopicsilicovolcanoconiosis", "y"]),
        c=pa.array(["antidisestablishmentarianism-and-more", "z"]),
        d=pa.array(["floccinaucinihilipilification plus", "w"]),
        e=pa.array(["hippopotomonstrosesquippedaliophobia", "v"]),
        f=pa.array(["a b c d e f g h i j k l m n o p q r s t", "u"]),
    )


def wide_wrap_cjk() -> daft.DataFrame:
    return _frame(
        jp=pa.array(["日本語のテキストはとても長いです本当に長い", "短い"]),
        zh=pa.array(["中文字符测试 中文字符测试 中文字符测试", "好"]),
        ko=pa.array(["한국어 텍스트 정말 길다 아주 길다 아주", "네"]),
        emoji=pa.array(["😀😃😄😁😆😅🤣😂🙂🙃😉😊😇🥰😍🤩😘😗", "👍"]),
        mixed=pa.array(["mixed 日本 text with 한국 and 😀 emoji", "m"]),
        ascii=pa.array(["plain ascii words that are long", "p"]),
    )


def wide_wrap_graphemes() -> daft.DataFrame:
    # Words longer than a column are cut between grapheme clusters, never inside one.
    return _frame(
        zwj=pa.array(["ab👨\u200d👩\u200d👧cd👍🏽ef🇯🇵🇺🇸gh1\ufe0f\u20e3ij☺\ufe0fkl", "x"]),
        indic=pa.array(["क्षत्रियक्षत्रियक्षत्रियक्ष", "स्"]),
        thai=pa.array(["กำกำกำกำกำกำกำกำกำกำกำกำกำกำ", "ก"]),
        marks=pa.array(["e\u0301" * 14 + "a\u0308", "é"]),
        hangul=pa.array(["\u1100\u1161\u11a8" * 9 + "한", "ᄀ"]),
        mixed=pa.array(["Ｆｕｌｌ日本ｶﾞｶﾞ⚡\ufe0e😀\u200d🇺🇸🇫\u0644\u0627x", "m"]),
    )


def wide_headers() -> daft.DataFrame:
    fields = [("a_rather_long_field_name", pa.int64()), ("b", pa.string()), ("c", pa.list_(pa.string()))]
    return _frame(
        struct_col=pa.array([{"a_rather_long_field_name": 1, "b": "x", "c": ["y"]}], pa.struct(fields)),
        map_col=pa.array([[("k", [1.5])]], pa.map_(pa.string(), pa.list_(pa.float64()))),
        tz_col=pa.array([0], pa.timestamp("ns", tz="America/Argentina/Buenos_Aires")),
        a_very_long_column_name_that_goes_on_and_on=pa.array([1]),
        dec=pa.array([decimal.Decimal("1.5")], pa.decimal128(38, 18)),
    )


def many_rows() -> daft.DataFrame:
    return daft.from_pydict({"id": list(range(100)), "word": [f"w{i}" for i in range(100)]})


def empty_rows() -> daft.DataFrame:
    df = daft.from_pydict({"a": [1, 2], "b": ["x", "y"]})
    return df.where(daft.col("a") > 5).collect()


def empty_wide() -> daft.DataFrame:
    return _numbered_columns(9).where(daft.col("col_0") > 1000).collect()


def zero_columns() -> daft.DataFrame:
    return daft.from_pydict({})


def unmaterialized() -> daft.DataFrame:
    return _unmaterialized(basic())


def unmaterialized_wide() -> daft.DataFrame:
    return _unmaterialized(twelve_columns())


def unmaterialized_nested() -> daft.DataFrame:
    return _unmaterialized(wide_headers())


def mixed_wide_rows() -> daft.DataFrame:
    return daft.from_pydict(
        {
            "id": list(range(12)),
            "name": [f"name number {i} " * (i % 4 + 1) for i in range(12)],
            "score": [i / 7 for i in range(12)],
            "tags": [[f"t{j}" for j in range(i % 5)] for i in range(12)],
            "flag": [i % 3 == 0 for i in range(12)],
            "note": ["x" * (i * 3) for i in range(12)],
        }
    )


# (case name, builder, mode, n, check html). Modes: "repr" = repr(df); "show" = df.show(n).
CASES = [
    ("basic", basic, "repr", None, True),
    ("integers", integers, "repr", None, False),
    ("floats64", floats64, "show", 12, False),
    ("floats32", floats32, "show", 12, False),
    ("bools_and_nulls", bools_and_nulls, "repr", None, False),
    ("unicode_text", unicode_text, "repr", None, True),
    ("long_strings", long_strings, "repr", None, True),
    ("special_chars", special_chars, "repr", None, True),
    ("lists", lists, "repr", None, True),
    ("fixed_size_lists", fixed_size_lists, "repr", None, False),
    ("structs", structs, "repr", None, True),
    ("maps", maps, "repr", None, True),
    ("binary", binary, "repr", None, True),
    ("dates", dates, "repr", None, False),
    ("timestamps", timestamps, "repr", None, False),
    ("timestamps_tz", timestamps_tz, "repr", None, True),
    ("time_and_duration", time_and_duration, "repr", None, False),
    ("decimals", decimals, "repr", None, False),
    ("intervals", intervals, "repr", None, False),
    ("one_column", one_column, "repr", None, False),
    ("six_columns", six_columns, "repr", None, False),
    ("seven_columns", seven_columns, "repr", None, False),
    ("twelve_columns", twelve_columns, "repr", None, True),
    ("wide_wrap", wide_wrap, "repr", None, False),
    ("wide_wrap_long_words", wide_wrap_long_words, "repr", None, False),
    ("wide_wrap_cjk", wide_wrap_cjk, "repr", None, False),
    ("wide_wrap_graphemes", wide_wrap_graphemes, "repr", None, False),
    ("wide_headers", wide_headers, "repr", None, False),
    ("many_rows", many_rows, "repr", None, True),
    ("show_3", many_rows, "show", 3, False),
    ("show_12", many_rows, "show", 12, False),
    ("mixed_wide_rows", mixed_wide_rows, "show", 12, False),
    ("empty_rows", empty_rows, "repr", None, True),
    ("empty_wide", empty_wide, "repr", None, False),
    ("zero_columns", zero_columns, "repr", None, True),
    ("unmaterialized", unmaterialized, "repr", None, True),
    ("unmaterialized_wide", unmaterialized_wide, "repr", None, True),
    ("unmaterialized_nested", unmaterialized_nested, "repr", None, False),
    ("unmaterialized_show", lambda: _unmaterialized(many_rows()), "show", 5, False),
]


# --- capture ---------------------------------------------------------------------


def _preview(df: daft.DataFrame, mode: str, n: int | None):
    if mode == "show":
        return df._construct_show_preview(n)
    df._populate_preview()
    return df._preview


def _capture(df: daft.DataFrame, mode: str, n: int | None) -> str:
    """What render_text must return: repr(df), or show()'s output without its final newline."""
    if mode == "repr":
        return repr(df)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        df.show(n)
    text = out.getvalue()
    assert text.endswith("\n"), "show() prints repr plus a newline"
    return text[:-1]


def _shown_rows(df: daft.DataFrame, preview) -> pa.Table:
    if preview.partition is None:
        return df.schema().to_pyarrow_schema().empty_table()
    return preview.partition.to_arrow()


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(text)


def _write_arrow(path: Path, table: pa.Table) -> None:
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _record(name: str, df: daft.DataFrame, mode: str, n: int | None, check_html: bool) -> dict:
    text = _capture(df, mode, n)
    preview = _preview(df, mode, n)
    table = _shown_rows(df, preview)
    _write_arrow(GOLDEN / f"{name}.arrow", table)
    _write_text(GOLDEN / f"{name}.txt", text)
    if check_html:
        _write_text(GOLDEN / f"{name}.html", df._repr_html_())
    return {
        "name": name,
        "dtypes": [str(field.dtype) for field in df.schema()],
        "total_rows": preview.total_rows,
        "materialized": preview.partition is not None,
        "html": check_html,
    }


def _tty_case() -> dict:
    """Render under a pseudo-terminal: bold headers and the terminal's width."""
    name = "tty_bold"
    df = mixed_wide_rows()
    df._populate_preview()
    _write_arrow(GOLDEN / f"{name}.arrow", df._preview.partition.to_arrow())
    child = (
        "import sys\nsys.path.insert(0, sys.argv[1])\n"
        "import gen_daft_display_golden as g\nsys.stdout.write(repr(g.mixed_wide_rows()))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "DAFT_BOLD_TABLE_HEADERS")}
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(sys.executable, [sys.executable, "-c", child, str(Path(__file__).parent)], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, TTY_WIDTH, 0, 0))
    output = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.waitpid(pid, 0)
    # The terminal turns "\n" into "\r\n"; Daft may print an exit-time warning after the table.
    text = output.decode("utf-8").replace("\r\n", "\n")
    text = text[: text.index("rows)") + len("rows)")]
    _write_text(GOLDEN / f"{name}.txt", text)
    return {
        "name": name,
        "dtypes": [str(field.dtype) for field in df.schema()],
        "total_rows": df._preview.total_rows,
        "materialized": True,
        "html": False,
        "tty_width": TTY_WIDTH,
    }


def main() -> None:
    assert daft.__version__ == "0.7.26", daft.__version__
    assert not os.isatty(1), "run with stdout redirected so Daft uses its 120-column non-TTY width"
    os.environ.pop("DAFT_BOLD_TABLE_HEADERS", None)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for stale in GOLDEN.iterdir():
        stale.unlink()
    cases = [_record(name, builder(), mode, n, html) for name, builder, mode, n, html in CASES]
    cases.append(_tty_case())
    (GOLDEN / "cases.json").write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {GOLDEN}", file=sys.stderr)


if __name__ == "__main__":
    main()
