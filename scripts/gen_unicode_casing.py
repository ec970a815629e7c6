#!/usr/bin/env python3
"""Generates cpp/src/skipjack/functions/string/unicode_casing_tables.inc.

Arrow's utf8_upper/utf8_lower apply Unicode *simple* case mapping per code point;
Python's str.upper()/str.lower() (and Daft, through Rust) apply *full* case mapping:
SpecialCasing.txt's unconditional mappings plus, for lower, the Final_Sigma rule.
The engine rewrites the affected code points before calling Arrow (see
unicode_casing.h); this script writes the tables it needs, taken from the running
Python's own Unicode database so that the result matches that Python exactly.

Tables:
  kFullUpperMappings / kFullLowerMappings
      code points whose full mapping differs from the simple one, with the full
      mapping as UTF-8. In every Unicode version so far these are exactly the code
      points whose full mapping has more than one code point (a single-code-point
      result *is* the simple mapping); when pyarrow is importable the script also
      checks this against Arrow's kernels code point by code point.
  kCasedRanges / kCaseIgnorableRanges
      the Cased and Case_Ignorable properties (Unicode 3.13, D135/D136) used by the
      Final_Sigma condition, as sorted inclusive [first, last] ranges. They are
      derived from unicodedata and checked against str.lower()'s own behaviour,
      which is CPython's handle_capital_sigma() over the same properties.

Usage: python3 scripts/gen_unicode_casing.py [--output PATH] [--no-arrow-check]
"""

from __future__ import annotations

import argparse
import pathlib
import platform
import sys
import unicodedata

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "cpp/src/skipjack/functions/string/unicode_casing_tables.inc"

CAPITAL_SIGMA = "\u03a3"
SMALL_FINAL_SIGMA = "\u03c2"

# Word_Break values MidLetter, MidNumLet and Single_Quote (WordBreakProperty.txt),
# which unicodedata does not expose. Stable since Unicode 11 (U+055F joined
# MidLetter then); the probe below catches any drift in the running Python.
WORD_BREAK_MID = {
    # Single_Quote
    0x0027,
    # MidNumLet
    0x002E, 0x2018, 0x2019, 0x2024, 0xFE52, 0xFF07, 0xFF0E,
    # MidLetter
    0x003A, 0x00B7, 0x0387, 0x055F, 0x05F4, 0x2027, 0xFE13, 0xFE55, 0xFF1A,
}  # fmt: skip

CASE_IGNORABLE_CATEGORIES = {"Mn", "Me", "Cf", "Lm", "Sk"}


def all_scalar_values():
    """Every code point that UTF-8 can carry (no surrogates)."""
    return [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]


def full_mappings(method: str) -> dict[int, str]:
    out = {}
    for c in all_scalar_values():
        mapped = getattr(chr(c), method)()
        if len(mapped) > 1:
            out[c] = mapped
    return out


def is_cased(c: int) -> bool:
    # D135: Lowercase or Uppercase or General_Category=Lt. For one character
    # str.islower()/isupper() are CPython's Lowercase/Uppercase derived properties.
    ch = chr(c)
    return ch.islower() or ch.isupper() or unicodedata.category(ch) == "Lt"


def is_case_ignorable(c: int) -> bool:
    # D136: Word_Break in {MidLetter, MidNumLet, Single_Quote}, or General_Category
    # in {Mn, Me, Cf, Lm, Sk}.
    return c in WORD_BREAK_MID or unicodedata.category(chr(c)) in CASE_IGNORABLE_CATEGORIES


def probe_final_sigma_properties() -> tuple[set[int], set[int]]:
    """What str.lower() itself treats as (case-ignorable, cased-and-not-ignorable).

    CPython checks case-ignorable first and only then cased, so a code point that is
    both acts as ignorable; only these two sets are observable.
      'A' + c + 'Σ' ends in 'ς'  <=>  c ignorable or cased
      c + 'Σ'       ends in 'ς'  <=>  c cased and not ignorable
    """
    ignorable, cased_only = set(), set()
    for c in all_scalar_values():
        ch = chr(c)
        either = ("A" + ch + CAPITAL_SIGMA).lower().endswith(SMALL_FINAL_SIGMA)
        cased = (ch + CAPITAL_SIGMA).lower().endswith(SMALL_FINAL_SIGMA)
        if cased:
            cased_only.add(c)
        elif either:
            ignorable.add(c)
    return ignorable, cased_only


def to_ranges(code_points) -> list[tuple[int, int]]:
    ranges: list[list[int]] = []
    for c in sorted(code_points):
        if ranges and ranges[-1][1] + 1 == c:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return [tuple(r) for r in ranges]


def arrow_check(upper: dict[int, str], lower: dict[int, str]) -> list[str]:
    """Compares Arrow's kernels with Python code point by code point.

    Returns report lines; raises if a difference is neither in the tables nor a
    Unicode version skew (a code point, or Arrow's result, unassigned in this
    Python's database, which no rewriting before Arrow can fix).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    cps = all_scalar_values()
    chars = [chr(c) for c in cps]
    array = pa.array(chars, pa.large_utf8())
    lines = [f"pyarrow {pa.__version__}:"]
    for name, kernel, method, table in (
        ("upper", pc.utf8_upper, "upper", upper),
        ("lower", pc.utf8_lower, "lower", lower),
    ):
        arrow = kernel(array).to_pylist()
        full, skew = 0, []
        for c, ch, got in zip(cps, chars, arrow):
            want = getattr(ch, method)()
            if got == want:
                if c in table:
                    raise SystemExit(f"U+{c:04X} in {name} table but Arrow already matches")
                continue
            if c in table:
                full += 1
                continue
            unassigned = [x for x in ch + got if unicodedata.category(x) == "Cn"]
            if len(want) == 1 and unassigned:
                skew.append(c)
                continue
            raise SystemExit(
                f"U+{c:04X}: Arrow {name} gives {got!r}, Python {want!r}; not handled")
        lines.append(
            f"  {name}: {full + len(skew)} code points differ: {full} full mappings "
            f"(tabled), {len(skew)} Unicode version skew (Arrow knows newer "
            f"characters/case pairs): "
            + ", ".join(f"{a:04X}-{b:04X}" if a != b else f"{a:04X}"
                        for a, b in to_ranges(skew)))
    return lines


def c_bytes(s: str) -> str:
    return '"' + "".join(f"\\x{b:02X}" for b in s.encode("utf-8")) + '"'


def describe(s: str) -> str:
    return " ".join(f"U+{ord(x):04X}" for x in s)


def emit_mappings(name: str, mapping: dict[int, str], what: str) -> list[str]:
    out = [
        f"// {what}: {len(mapping)} code points whose full mapping differs from the",
        "// simple one, sorted by code point; replacement is UTF-8.",
        f"constexpr FullCaseMapping {name}[] = {{",
    ]
    for c, s in sorted(mapping.items()):
        label = unicodedata.name(chr(c), "?")
        out.append(f"    {{0x{c:04X}, {c_bytes(s)}}},  // {label} -> {describe(s)}")
    out.append("};")
    out.append("")
    return out


def emit_ranges(name: str, ranges: list[tuple[int, int]], what: str) -> list[str]:
    out = [
        f"// {what}: {len(ranges)} sorted inclusive ranges.",
        f"constexpr CodePointRange {name}[] = {{",
    ]
    per_line = 4
    for i in range(0, len(ranges), per_line):
        chunk = ranges[i:i + per_line]
        out.append("    " + " ".join(f"{{0x{a:04X}, 0x{b:04X}}}," for a, b in chunk))
    out.append("};")
    out.append("")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=pathlib.Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--no-arrow-check", action="store_true",
                        help="skip the comparison with pyarrow even if importable")
    args = parser.parse_args()

    upper = full_mappings("upper")
    lower = full_mappings("lower")

    cased = {c for c in all_scalar_values() if is_cased(c)}
    ignorable = {c for c in all_scalar_values() if is_case_ignorable(c)}
    probe_ignorable, probe_cased_only = probe_final_sigma_properties()
    if probe_ignorable != ignorable or probe_cased_only != cased - ignorable:
        def diff(a, b):
            return sorted(f"U+{c:04X}" for c in a ^ b)[:20]
        raise SystemExit(
            "Cased/Case_Ignorable derived from unicodedata disagree with str.lower():\n"
            f"  ignorable: {diff(ignorable, probe_ignorable)}\n"
            f"  cased-not-ignorable: {diff(cased - ignorable, probe_cased_only)}")

    report = [
        f"Python {platform.python_version()}, Unicode {unicodedata.unidata_version}",
        f"  upper table: {len(upper)}, lower table: {len(lower)}",
    ]
    if not args.no_arrow_check:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            report.append("  (pyarrow not importable: Arrow comparison skipped)")
        else:
            report += arrow_check(upper, lower)

    cased_ranges = to_ranges(cased)
    ignorable_ranges = to_ranges(ignorable)
    report.append(f"  cased: {len(cased)} code points in {len(cased_ranges)} ranges; "
                  f"case-ignorable: {len(ignorable)} in {len(ignorable_ranges)} ranges")

    lines = [
        "// Generated by scripts/gen_unicode_casing.py; do not edit.",
        f"// Source: Python {platform.python_version()}, unicodedata "
        f"{unicodedata.unidata_version} (str.upper/str.lower, str.islower/isupper,",
        "// unicodedata.category), checked against str.lower()'s Final_Sigma handling.",
        "// Included by unicode_casing.cc inside skipjack::internal::{anonymous}.",
        "",
        f"constexpr const char* kUnicodeCasingVersion = "
        f'"{unicodedata.unidata_version}";',
        "",
    ]
    lines += emit_mappings("kFullUpperMappings", upper, "Full uppercase (SpecialCasing)")
    lines += emit_mappings("kFullLowerMappings", lower, "Full lowercase (SpecialCasing)")
    lines += emit_ranges("kCasedRanges", cased_ranges,
                         "Cased (D135): Lowercase | Uppercase | Lt")
    lines += emit_ranges("kCaseIgnorableRanges", ignorable_ranges,
                         "Case_Ignorable (D136): Mn | Me | Cf | Lm | Sk | Word_Break "
                         "MidLetter/MidNumLet/Single_Quote")
    args.output.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")

    print("\n".join(report))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
