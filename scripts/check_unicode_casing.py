#!/usr/bin/env python3
"""Checks unicode_casing.cc against Python's str.upper()/str.lower() through Arrow.

For each input s the invariant is
    pyarrow.compute.utf8_upper(PrepareForUpper(s)) == s.upper()
    pyarrow.compute.utf8_lower(PrepareForLower(s)) == s.lower()
plus: MayNeedFull*(s) is false => Prepare*(s) == s, and MayNeedFull* is exactly
"contains a tabled code point (or, for lower, U+03A3)".

Inputs: every Unicode scalar value alone and in Final_Sigma contexts, a few
hundred thousand random strings (special characters, Greek words with sigma in
every position, punctuation, combining marks, ASCII, random code points), and byte
strings with invalid UTF-8 (which must pass through unchanged).

The driver is compiled with g++ directly (ASan/UBSan on) from unicode_casing.cc
alone; artifacts go to a temporary directory under /tmp. Needs pyarrow, e.g.
    /tmp/dispvenv/bin/python scripts/check_unicode_casing.py [--random N] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import struct
import subprocess
import sys
import tempfile
import time
import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

REPO = pathlib.Path(__file__).resolve().parent.parent
SRC = REPO / "cpp/src"
CC = SRC / "skipjack/functions/string/unicode_casing.cc"

SIGMA = "\u03a3"

DRIVER = r"""
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "skipjack/functions/string/unicode_casing.h"

// Reads [u32 length][bytes] records from argv[1]; writes, per record,
// [u8 may_upper][u8 may_lower][u32 n][PrepareForUpper][u32 n][PrepareForLower].
int main(int argc, char** argv) {
  using namespace skipjack::internal;
  if (argc != 3) return 2;
  FILE* in = std::fopen(argv[1], "rb");
  FILE* out = std::fopen(argv[2], "wb");
  if (!in || !out) return 3;
  std::string buf;
  uint32_t len;
  while (std::fread(&len, 4, 1, in) == 1) {
    buf.resize(len);
    if (len && std::fread(buf.data(), 1, len, in) != len) return 4;
    const std::string_view s(buf);
    const uint8_t flags[2] = {static_cast<uint8_t>(MayNeedFullUpper(s)),
                              static_cast<uint8_t>(MayNeedFullLower(s))};
    std::fwrite(flags, 1, 2, out);
    for (const std::string& r : {PrepareForUpper(s), PrepareForLower(s)}) {
      const uint32_t n = static_cast<uint32_t>(r.size());
      std::fwrite(&n, 4, 1, out);
      std::fwrite(r.data(), 1, n, out);
    }
  }
  std::fclose(out);
  std::fclose(in);
  std::printf("%s\n", UnicodeCasingVersion());
  return 0;
}
"""


def scalar_values():
    return [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]


def build(workdir: pathlib.Path) -> pathlib.Path:
    driver_cc = workdir / "driver.cc"
    driver_cc.write_text(DRIVER)
    exe = workdir / "casing_driver"
    cmd = ["g++", "-std=c++20", "-O1", "-g", "-Wall", "-Wextra", "-Werror",
           "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
           f"-I{SRC}", str(driver_cc), str(CC), "-o", str(exe)]
    subprocess.run(cmd, check=True)
    return exe


def run_driver(exe: pathlib.Path, workdir: pathlib.Path, inputs: list[bytes]):
    """Returns [(may_upper, may_lower, upper_prepared, lower_prepared)]."""
    in_path, out_path = workdir / "in.bin", workdir / "out.bin"
    with open(in_path, "wb") as f:
        for b in inputs:
            f.write(struct.pack("<I", len(b)))
            f.write(b)
    proc = subprocess.run([str(exe), str(in_path), str(out_path)],
                          check=True, capture_output=True, text=True)
    data = out_path.read_bytes()
    results, pos = [], 0
    for _ in inputs:
        mu, ml = data[pos], data[pos + 1]
        pos += 2
        (n,) = struct.unpack_from("<I", data, pos)
        up = data[pos + 4:pos + 4 + n]
        pos += 4 + n
        (n,) = struct.unpack_from("<I", data, pos)
        lo = data[pos + 4:pos + 4 + n]
        pos += 4 + n
        results.append((bool(mu), bool(ml), up, lo))
    assert pos == len(data), "driver output has trailing bytes"
    return results, proc.stdout.strip()


class Checker:
    def __init__(self, exe, workdir, special_upper, special_lower):
        self.exe, self.workdir = exe, workdir
        self.special_upper, self.special_lower = special_upper, special_lower
        self.failures: list[str] = []
        self.version = None

    def fail(self, what: str, s, detail: str):
        if len(self.failures) < 40:
            self.failures.append(f"{what}: {s!r}: {detail}")
        else:
            self.failures.append("")

    def check_valid(self, name: str, strings: list[str]) -> None:
        start = time.time()
        results, self.version = run_driver(
            self.exe, self.workdir, [s.encode("utf-8") for s in strings])
        ups = pa.array([r[2] for r in results], pa.large_binary()).cast(pa.large_utf8())
        los = pa.array([r[3] for r in results], pa.large_binary()).cast(pa.large_utf8())
        arrow_up = pc.utf8_upper(ups).to_pylist()
        arrow_lo = pc.utf8_lower(los).to_pylist()
        bad = 0
        for s, (mu, ml, up, lo), au, al in zip(strings, results, arrow_up, arrow_lo):
            ok = True
            if au != s.upper():
                ok = False
                self.fail(name, s, f"upper: arrow(prepare)={au!r} python={s.upper()!r}")
            if al != s.lower():
                ok = False
                self.fail(name, s, f"lower: arrow(prepare)={al!r} python={s.lower()!r}")
            want_mu = any(ord(c) in self.special_upper for c in s)
            want_ml = any(ord(c) in self.special_lower or c == SIGMA for c in s)
            if mu != want_mu or ml != want_ml:
                ok = False
                self.fail(name, s, f"MayNeed upper={mu} lower={ml}, want {want_mu}/{want_ml}")
            raw = s.encode("utf-8")
            if (not mu and up != raw) or (not ml and lo != raw):
                ok = False
                self.fail(name, s, "Prepare changed text that MayNeed rejected")
            bad += not ok
        print(f"  {name}: {len(strings)} strings, {bad} failures "
              f"({time.time() - start:.1f}s)")

    def check_bytes(self, name: str, blobs: list[bytes]) -> None:
        """Invalid UTF-8: bytes pass through, valid runs behave as standalone text.

        With surrogateescape each undecodable byte becomes a lone surrogate, which
        Python treats as neither cased nor case-ignorable, as the C++ does.
        """
        start = time.time()
        results, _ = run_driver(self.exe, self.workdir, blobs)
        bad = 0
        for blob, (_, _, up, lo) in zip(blobs, results):
            s = blob.decode("utf-8", "surrogateescape")
            ok = True
            for label, prepared, kernel, want in (
                ("upper", up, pc.utf8_upper, s.upper()),
                ("lower", lo, pc.utf8_lower, s.lower()),
            ):
                got = apply_to_valid_runs(prepared.decode("utf-8", "surrogateescape"), kernel)
                if got != want:
                    ok = False
                    self.fail(name, blob, f"{label}: got {got!r} want {want!r}")
            bad += not ok
        print(f"  {name}: {len(blobs)} byte strings, {bad} failures "
              f"({time.time() - start:.1f}s)")


def apply_to_valid_runs(s: str, kernel) -> str:
    """Applies an Arrow kernel to the runs of `s` between escaped (invalid) bytes."""
    runs, cur = [], []
    for ch in s:
        if 0xDC80 <= ord(ch) <= 0xDCFF:
            if cur:
                runs.append(("t", "".join(cur)))
                cur = []
            runs.append(("b", ch))
        else:
            cur.append(ch)
    if cur:
        runs.append(("t", "".join(cur)))
    texts = [r for kind, r in runs if kind == "t"]
    mapped = iter(kernel(pa.array(texts, pa.large_utf8())).to_pylist()) if texts else iter(())
    return "".join(next(mapped) if kind == "t" else r for kind, r in runs)


def version_skew(cps: list[int]) -> set[int]:
    """Code points where Arrow's simple mapping disagrees with a one-code-point
    Python result: Unicode version differences that no pre-rewrite can fix."""
    chars = [chr(c) for c in cps]
    arr = pa.array(chars, pa.large_utf8())
    skew = set()
    for kernel, method in ((pc.utf8_upper, "upper"), (pc.utf8_lower, "lower")):
        for c, ch, got in zip(cps, chars, kernel(arr).to_pylist()):
            want = getattr(ch, method)()
            if got != want and len(want) == 1:
                skew.add(c)
    return skew


def random_strings(rng: random.Random, count: int, pools: dict[str, list[str]]) -> list[str]:
    greek_upper = [chr(c) for c in range(0x391, 0x3AA) if c != 0x3A2]
    greek_lower = [chr(c) for c in range(0x3B1, 0x3CA)]
    greek_marks = ["\u0301", "\u0308", "\u0313", "\u0314", "\u0342", "\u0345"]
    seps = [" ", ".", ",", "'", "\u2019", ":", "-", "!", "\u00b7", "\u0387", "\u00ad",
            "\u200d", "\u02b0", "\u00a8", "\n", "1", "\u3002", "\u05f4"]

    def greek_word() -> str:
        letters = rng.choice([greek_upper, greek_lower, greek_upper + greek_lower])
        n = rng.randint(1, 6)
        w = [rng.choice(letters) for _ in range(n)]
        for _ in range(rng.randint(1, 3)):  # sigma at start / middle / end
            w.insert(rng.randint(0, len(w)), SIGMA)
        if rng.random() < 0.4:
            w.insert(rng.randint(0, len(w)), rng.choice(greek_marks + seps))
        return "".join(w)

    kinds = list(pools)
    out = []
    for _ in range(count):
        mode = rng.random()
        parts = []
        if mode < 0.35:  # Greek words with sigma around separators and marks
            for _ in range(rng.randint(1, 5)):
                parts.append(greek_word())
                parts.append("".join(rng.choice(seps + greek_marks)
                                     for _ in range(rng.randint(0, 2))))
        else:  # a mix of everything, with ASCII runs of varied length/alignment
            for _ in range(rng.randint(1, 24)):
                kind = rng.choice(kinds)
                if kind == "ascii_run":
                    parts.append("".join(rng.choice(pools["ascii"])
                                         for _ in range(rng.randint(1, 40))))
                else:
                    parts.append(rng.choice(pools[kind]))
        out.append("".join(parts))
    return out


def invalid_blobs(rng: random.Random, count: int, pools: dict[str, list[str]],
                  skew: set[int]) -> list[bytes]:
    bad_pieces = [b"\x80", b"\xbf", b"\xc0\x80", b"\xc1\xbf", b"\xc3", b"\xce", b"\xe1\x80",
                  b"\xed\xa0\x80", b"\xef\xbf", b"\xf0\x8f\xbf\xbf", b"\xf4\x90\x80\x80",
                  b"\xf5", b"\xff", b"\xfe", b"\xce\xce\xa3", b"\xc3\xc3\x9f", b"\xe1\xbe"]
    good = [p for k, v in pools.items() if k != "ascii_run" for p in v]
    out = []
    while len(out) < count:
        parts = []
        for _ in range(rng.randint(1, 12)):
            r = rng.random()
            if r < 0.35:
                parts.append(rng.choice(bad_pieces))
            elif r < 0.45:
                parts.append(bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))))
            elif r < 0.55:
                parts.append(b"x" * rng.randint(1, 17))
            else:
                parts.append(rng.choice(good).encode("utf-8"))
        blob = b"".join(parts)
        if rng.random() < 0.2:  # truncate in the middle of a sequence
            blob = blob[:rng.randint(0, len(blob))]
        # Random bytes can form a version-skew code point; those are excluded.
        if not any(ord(ch) in skew for ch in blob.decode("utf-8", "surrogateescape")):
            out.append(blob)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=300_000,
                        help="number of random valid strings (default 300000)")
    parser.add_argument("--invalid", type=int, default=50_000,
                        help="number of random byte strings with invalid UTF-8")
    parser.add_argument("--seed", type=int, default=20240611)
    args = parser.parse_args()

    print(f"Python {sys.version.split()[0]} (Unicode {unicodedata.unidata_version}), "
          f"pyarrow {pa.__version__}")
    cps = scalar_values()
    special_upper = {c for c in cps if len(chr(c).upper()) > 1}
    special_lower = {c for c in cps if len(chr(c).lower()) > 1}
    skew = version_skew(cps)
    print(f"tabled: upper {len(special_upper)}, lower {len(special_lower)}; "
          f"excluded as Arrow/Python Unicode version skew: {len(skew)} code points")
    usable = [c for c in cps if c not in skew]

    with tempfile.TemporaryDirectory(prefix="skipjack_casing_", dir="/tmp") as tmp:
        workdir = pathlib.Path(tmp)
        exe = build(workdir)
        chk = Checker(exe, workdir, special_upper, special_lower)

        print("code points:")
        chars = [chr(c) for c in usable]
        chk.check_valid("single", chars)
        chk.check_valid("c+Σ", [ch + SIGMA for ch in chars])
        chk.check_valid("A+c+Σ", ["A" + ch + SIGMA for ch in chars])
        chk.check_valid("AΣ+c", ["A" + SIGMA + ch for ch in chars])
        chk.check_valid("AΣ+c+a", ["A" + SIGMA + ch + "a" for ch in chars])

        rng = random.Random(args.seed)
        sigma_ctx_cased = [c for c in usable if unicodedata.category(chr(c)) in ("Lu", "Ll", "Lt")]
        ignorable = [c for c in usable if unicodedata.category(chr(c)) in
                     ("Mn", "Me", "Cf", "Lm", "Sk")] + [0x27, 0x2E, 0x3A, 0xB7, 0x2019]
        pools = {
            "special": [chr(c) for c in sorted(special_upper | special_lower)],
            "sigma": [SIGMA, SIGMA + SIGMA, "\u03c3", "\u03c2"],
            "greek": [chr(c) for c in range(0x370, 0x400) if c in set(usable)],
            "cased": [chr(c) for c in rng.sample(sigma_ctx_cased, 2000)],
            "ignorable": [chr(c) for c in rng.sample(ignorable, 1000)],
            "punct": list(" .,;:!?'\"-()[]/\u2019\u2018\u00b7\u0387\u3002\u00bf\t\n"),
            "any": [chr(c) for c in rng.sample(usable, 5000)],
            "ascii": [chr(c) for c in range(0x20, 0x7F)],
            "ascii_run": [""],
        }
        print("random strings:")
        chk.check_valid("random", random_strings(rng, args.random, pools))
        chk.check_valid("long", ["".join(random_strings(rng, 40, pools)) for _ in range(2000)])
        print("invalid UTF-8:")
        chk.check_bytes("invalid", invalid_blobs(rng, args.invalid, pools, skew))

    print(f"driver tables: Unicode {chk.version}")
    if chk.failures:
        shown = [f for f in chk.failures if f]
        print(f"FAILED: {len(chk.failures)} failures; first {len(shown)}:")
        for f in shown:
            print("  " + f)
        return 1
    if chk.version != unicodedata.unidata_version:
        print(f"FAILED: tables are Unicode {chk.version}, this Python has "
              f"{unicodedata.unidata_version}; rerun scripts/gen_unicode_casing.py")
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
