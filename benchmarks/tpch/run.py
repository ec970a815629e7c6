"""TPC-H benchmark: Skipjack against DuckDB, Polars and Daft on the same Parquet files.

    python benchmarks/tpch/run.py                           # SF 1, all 22 queries, all engines
    python benchmarks/tpch/run.py --scale 0.1 --queries 1 3 5 --engines duckdb polars
    python benchmarks/tpch/run.py --scale 10 --repetitions 5

- The data is generated once with tpchgen-cli into benchmarks/.data/tpch-sf<scale>.
- Every (engine, query) pair runs in a fresh process (harness.py), so the peak RSS is the
  query's; imports and setup are not timed. The first run is a warm-up, then the best of
  --repetitions is reported.
- Every result is checked against DuckDB's answer (answers.py) before its time counts;
  a wrong result shows FAIL, an exception ERROR, and the run carries on.
- Ratios are engine time / Skipjack time: above 1 means Skipjack is faster.
- Results also go to benchmarks/.data/tpch-results-sf<scale>.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = HERE.parent
DATA_ROOT = BENCHMARKS / ".data"
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(BENCHMARKS))

from peers import python_for  # noqa: E402

ENGINES = ["skipjack", "duckdb", "polars", "daft"]
TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]
BASE = "skipjack"


def _scale_name(scale: float) -> str:
    return f"{scale:g}"


def _plain_strings(path: Path) -> None:
    """Rewrites a Parquet file whose embedded Arrow schema says string_view to say string.

    tpchgen-cli (arrow-rs) records its string columns as Utf8View in the `ARROW:schema`
    footer metadata, which Daft 0.7 rejects ("Unsupported Arrow DataType: Utf8View").
    The rewrite keeps the generator's physical layout: row groups one for one, Snappy
    compression, and decimals stored as INT64 (as arrow-rs writes them; pyarrow would
    otherwise switch them to FIXED_LEN_BYTE_ARRAY, which is slower to decode for every
    engine), so the data is what tpchgen-cli produced.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path)
    schema = pa.schema([f.with_type(pa.string()) if f.type == pa.string_view() else f
                        for f in source.schema_arrow])
    if schema.equals(source.schema_arrow):
        return
    rewritten = path.with_suffix(".rewrite")
    with pq.ParquetWriter(rewritten, schema, compression="snappy",
                          store_decimal_as_integer=True) as writer:
        for i in range(source.num_row_groups):
            group = source.read_row_group(i).cast(schema)
            writer.write_table(group, row_group_size=max(group.num_rows, 1))
    source.close()
    rewritten.replace(path)


def _string_view_tables(data_dir: Path) -> list[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    return [t for t in TABLES
            if pa.string_view() in pq.read_schema(data_dir / f"{t}.parquet").types]


def ensure_data(scale: float, data_dir: Path | None) -> Path:
    """The Parquet directory for `scale`, generated with tpchgen-cli if missing. The files
    are written to a temporary sibling directory that is renamed when complete."""
    target = data_dir or DATA_ROOT / f"tpch-sf{_scale_name(scale)}"
    if all((target / f"{t}.parquet").exists() for t in TABLES):
        return target
    if target.exists():
        raise SystemExit(f"{target} exists but lacks some of {TABLES}; remove it or pick "
                         "another --data-dir")
    tpchgen = Path(sys.executable).parent / "tpchgen-cli"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    print(f"generating TPC-H SF {_scale_name(scale)} into {target} ...", flush=True)
    start = time.perf_counter()
    try:
        subprocess.run([str(tpchgen), "parquet", "-s", _scale_name(scale), "-o", str(partial)],
                       check=True)
        for table in TABLES:
            _plain_strings(partial / f"{table}.parquet")
        partial.rename(target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    print(f"generated in {time.perf_counter() - start:.1f} s", flush=True)
    return target


def _read_arrow(path: Path):
    import pyarrow as pa

    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def _check(query: int, actual, expected) -> str | None:
    """None if `actual` matches DuckDB's answer, else the reason."""
    import answers

    try:
        verdict = answers.check(query, actual, expected)
    except Exception as error:  # noqa: BLE001 - a mismatch, reported in the cell
        return f"{type(error).__name__}: {error}".strip()
    if verdict is None or verdict is True:
        return None
    return str(verdict) if verdict else "check failed"


def run_cell(engine: str, python: str, query: int, data_dir: Path, repetitions: int,
             expected, timeout: float) -> dict:
    """Runs one query on one engine in a fresh process and checks its result."""
    with tempfile.TemporaryDirectory(prefix="tpch-result-") as tmp:
        result_path = Path(tmp) / "result.arrow"
        command = [python, str(HERE / "harness.py"), engine, str(query), str(data_dir),
                   str(repetitions), str(result_path)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"status": "TIMEOUT", "error": f"no answer within {timeout:g} s"}
        lines = done.stdout.strip().splitlines()
        try:
            report = json.loads(lines[-1])
        except (IndexError, json.JSONDecodeError):
            tail = (done.stderr or done.stdout).strip()[-2000:]
            return {"status": "ERROR",
                    "error": f"process exited with {done.returncode}: {tail}"}
        if "error" in report:
            report["status"] = "ERROR"
            return report
        if expected is None:
            report.update(status="FAIL", error="no DuckDB answer to check against")
            return report
        reason = _check(query, _read_arrow(result_path), expected)
    if reason:
        report.update(status="FAIL", error=reason)
    else:
        report["status"] = "OK"
        report["best"] = min(report["seconds"])
    return report


def geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def _mib(n: int | None) -> str:
    return "" if n is None else f"{n / (1 << 20):.0f}M"


def _cell(result: dict, base: dict | None, engine: str) -> str:
    if result["status"] != "OK":
        return f"{result['status']:<22}"
    ratio = ""
    if engine != BASE and base is not None and base["status"] == "OK":
        ratio = f"{result['best'] / base['best']:.2f}x"
    return f"{result['best']:>7.3f}s {_mib(result.get('peak_rss')):>6} {ratio:>6}"


def summarize(results: dict[int, dict[str, dict]], engines: list[str]) -> dict:
    """Geometric means over the queries every engine answered, and Skipjack's standing
    against each peer over the queries both answered."""
    queries = sorted(results)
    common = [q for q in queries if all(results[q][e]["status"] == "OK" for e in engines)]
    summary: dict = {"common_queries": common, "geomean": {}, "versus": {}}
    if common:
        summary["geomean"] = {e: geomean([results[q][e]["best"] for q in common])
                              for e in engines}
    summary["own_geomean"] = {}
    for e in engines:
        answered = [results[q][e]["best"] for q in queries if results[q][e]["status"] == "OK"]
        if answered:
            summary["own_geomean"][e] = {"queries": len(answered), "seconds": geomean(answered)}
    if BASE not in engines:
        return summary
    for peer in engines:
        if peer == BASE:
            continue
        both = [q for q in queries
                if results[q][BASE]["status"] == "OK" and results[q][peer]["status"] == "OK"]
        missing = [q for q in queries
                   if results[q][peer]["status"] == "OK" and results[q][BASE]["status"] != "OK"]
        ratios = {q: results[q][peer]["best"] / results[q][BASE]["best"] for q in both}
        summary["versus"][peer] = {
            "queries": both,
            "geomean_ratio": geomean(list(ratios.values())) if ratios else None,
            "slower_queries": [q for q in both if ratios[q] < 1],
            "skipjack_failed": missing,
        }
    return summary


def print_report(results: dict[int, dict[str, dict]], engines: list[str], summary: dict,
                 header: str) -> None:
    print()
    print(header)
    width = 24
    print(f"{'query':<7}" + "".join(f"{e:<{width}}" for e in engines))
    print(f"{'':<7}" + "".join(
        f"{'time':>8} {'RSS':>6} {'' if e == BASE or BASE not in engines else '/sj':>6}  "
        for e in engines))
    for q, row in sorted(results.items()):
        base = row.get(BASE)
        print(f"q{q:02d}    " + "".join(f"{_cell(row[e], base, e):<{width}}" for e in engines))
    common, gm = summary["common_queries"], summary["geomean"]
    if gm:
        cells = []
        for e in engines:
            ratio = "" if e == BASE or BASE not in gm else f"{gm[e] / gm[BASE]:.2f}x"
            cells.append(f"{gm[e]:>7.3f}s {'':>6} {ratio:>6}")
        print(f"{'geomean':<7}" + "".join(f"{c:<{width}}" for c in cells))
    if len(common) < len(results):
        print(f"(geomean over the {len(common)} queries every engine answered"
              + (": " + " ".join(f"q{q:02d}" for q in common) if common else "") + ")")
        own = summary["own_geomean"]
        print("geomean over each engine's own correct answers: " + ", ".join(
            f"{e} {own[e]['seconds']:.3f}s ({own[e]['queries']} queries)" if e in own
            else f"{e} -" for e in engines))

    problems = [(q, e, row[e]) for q, row in sorted(results.items()) for e in engines
                if row[e]["status"] != "OK"]
    if problems:
        print("\nfailures:")
        for q, e, r in problems:
            message = " ".join(str(r.get("error", "")).split())
            print(f"  q{q:02d} {e:<9} {r['status']}: {message[:300]}")

    if BASE in engines:
        print()
        for peer, v in summary["versus"].items():
            if v["geomean_ratio"] is None:
                print(f"skipjack vs {peer}: no query answered by both")
                continue
            line = (f"skipjack vs {peer}: geomean {peer}/skipjack = {v['geomean_ratio']:.2f}x "
                    f"over {len(v['queries'])} queries")
            if v["skipjack_failed"]:
                line += ("; skipjack has no correct answer for "
                         + " ".join(f"q{q:02d}" for q in v["skipjack_failed"]))
            print(line)
            if v["slower_queries"]:
                print(f"  skipjack slower than {peer} on: " + ", ".join(
                    f"q{q:02d} ({results[q][peer]['best'] / results[q][BASE]['best']:.2f}x)"
                    for q in v["slower_queries"]))
        targets = [p for p in ("daft", "polars") if p in summary["versus"]]
        if targets:
            reasons = []
            for peer in targets:
                v = summary["versus"][peer]
                if v["geomean_ratio"] is None:
                    reasons.append(f"{peer}: nothing to compare")
                elif v["geomean_ratio"] <= 1:
                    reasons.append(f"{peer}: skipjack slower ({v['geomean_ratio']:.2f}x)")
                elif v["skipjack_failed"]:
                    reasons.append(f"{peer}: faster ({v['geomean_ratio']:.2f}x) but skipjack "
                                   f"misses {len(v['skipjack_failed'])} queries")
            print(f"skipjack beats {' and '.join(targets)} on the geomean: "
                  + ("YES" if not reasons else "NO (" + "; ".join(reasons) + ")"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="TPC-H scale factor")
    parser.add_argument("--queries", type=int, nargs="+", default=list(range(1, 23)))
    parser.add_argument("--engines", nargs="+", default=ENGINES, choices=ENGINES)
    parser.add_argument("--repetitions", type=int, default=3, help="timed runs after a warm-up")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="Parquet directory (default benchmarks/.data/tpch-sf<scale>)")
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="seconds allowed per engine and query, warm-up included")
    parser.add_argument("--polars-engine", default="streaming",
                        choices=["streaming", "in-memory", "auto"],
                        help="the engine of Polars' collect() (default streaming, its fastest)")
    parser.add_argument("--output", type=Path, default=None,
                        help="JSON results (default benchmarks/.data/tpch-results-sf<scale>.json)")
    args = parser.parse_args()
    if bad := [q for q in args.queries if not 1 <= q <= 22]:
        parser.error(f"no such TPC-H query: {bad}")

    data_dir = ensure_data(args.scale, args.data_dir)
    os.environ["TPCH_POLARS_ENGINE"] = args.polars_engine
    if "daft" in args.engines and (views := _string_view_tables(data_dir)):
        print(f"warning: {', '.join(views)} in {data_dir} declare string_view columns, which "
              "Daft 0.7 can't read; let run.py generate the data (it rewrites them)")
    import answers

    pythons: dict[str, str | Exception] = {}
    for engine in args.engines:
        try:
            pythons[engine] = python_for(engine)
        except Exception as error:  # noqa: BLE001 - every cell of this engine shows it
            pythons[engine] = error

    header = (f"TPC-H SF {_scale_name(args.scale)} ({data_dir}), python "
              f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
              f"best of {args.repetitions} after a warm-up"
              + (f", polars {args.polars_engine}" if "polars" in args.engines else "")
              + "; time, peak RSS, engine/skipjack")
    print(header, flush=True)
    results: dict[int, dict[str, dict]] = {}
    for q in args.queries:
        try:
            expected = answers.duckdb_answer(q, data_dir)
        except Exception as error:  # noqa: BLE001
            print(f"q{q:02d}: no DuckDB answer: {error}", flush=True)
            expected = None
        row = results[q] = {}
        for engine in args.engines:
            python = pythons[engine]
            if isinstance(python, Exception):
                row[engine] = {"status": "ERROR", "error": f"no interpreter: {python}"}
            else:
                row[engine] = run_cell(engine, python, q, data_dir, args.repetitions,
                                       expected, args.timeout)
            r = row[engine]
            status = f"{r['best']:.3f} s" if r["status"] == "OK" else r["status"]
            print(f"  q{q:02d} {engine:<9} {status:>10}  {_mib(r.get('peak_rss')):>6}",
                  flush=True)

    summary = summarize(results, args.engines)
    print_report(results, args.engines, summary, header)

    output = args.output or DATA_ROOT / f"tpch-results-sf{_scale_name(args.scale)}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({
        "scale": args.scale,
        "data_dir": str(data_dir),
        "repetitions": args.repetitions,
        "engines": args.engines,
        "polars_engine": args.polars_engine,
        "machine": {"python": platform.python_version(), "arch": platform.machine(),
                    "cores": os.cpu_count(), "platform": platform.platform()},
        "results": {f"q{q:02d}": {e: {k: v for k, v in r.items() if k != "traceback"}
                                  for e, r in row.items()}
                    for q, row in results.items()},
        "summary": {**summary,
                    "common_queries": [f"q{q:02d}" for q in summary["common_queries"]]},
    }, indent=2, default=str))
    print(f"\nresults written to {output}")


if __name__ == "__main__":
    main()
