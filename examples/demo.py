"""A small but real job: triage a day of web-server request logs.

Two million synthetic requests are built in memory as Arrow data; Skipjack finds the
slow or failing API calls, normalizes their paths, flags retries, and prints the first
rows (as Daft's show() does), how many there are, and the plans it ran. Then it stores
the requests as Parquet partitioned by status, reads them back, and reports the worst
endpoints per owning team (a group-by, a join and a sort over the files).

Last, the screenshots attached to the failing requests: PNG bytes are decoded, resized
and hashed in C++, a Python UDF labels them, and a Hamming-distance join finds the
near-duplicate screenshots.
"""

from __future__ import annotations

import tempfile
import time

import numpy as np
import pyarrow as pa

import skipjack as sj
from skipjack import col
from skipjack.functions import when

ROWS = 2_000_000


def make_logs(rows: int) -> pa.Table:
    rng = np.random.default_rng(2024)
    paths = np.array(["/API/v1/Orders", "/api/v1/orders/42", "/static/app.js", "/api/v2/Users",
                      "/health", "/api/v1/Payments", "/index.html", "/API/v2/search"])
    agents = np.array(["curl/8.1", "Mozilla/5.0 (X11; Linux)", "python-requests/2.31",
                       "Mozilla/5.0 (Macintosh)", "retry-bot/1.0"])
    status = rng.choice([200, 200, 200, 200, 201, 304, 404, 500, 503], rows)
    return pa.table({
        "request_id": np.arange(rows, dtype=np.int64),
        "path": pa.array(paths[rng.integers(0, len(paths), rows)]),
        "status": pa.array(status.astype(np.int32)),
        "latency_ms": pa.array(np.round(rng.lognormal(3.5, 1.0, rows), 1)),
        "bytes_out": pa.array(rng.integers(200, 2_000_000, rows)),
        "user_agent": pa.array(agents[rng.integers(0, len(agents), rows)]),
    })


def main() -> None:
    logs = sj.from_arrow(make_logs(ROWS))
    triage = (
        logs.with_column("api_path", col("path").lower())
        .where(col("api_path").startswith("/api/") & ((col("status") >= 500) | (col("latency_ms") > 400)))
        .with_columns({
            "latency_s": col("latency_ms") / 1000,
            "kb_out": col("bytes_out") // 1024,
            "severity": when(col("status") >= 500, "error").when(col("latency_ms") > 1000, "very slow")
                        .otherwise("slow"),
            "is_retry": col("user_agent").contains("retry"),
        })
        .select("request_id", "api_path", "status", "latency_s", "kb_out", "severity", "is_retry")
    )

    print(f"Web request triage over {ROWS:,} requests\n")
    triage.show()

    start = time.perf_counter()
    count = triage.count_rows()
    seconds = time.perf_counter() - start
    print(f"\n{count:,} of {ROWS:,} requests need attention ({seconds:.3f} s to count them all)\n")

    triage.explain(show_all=True)

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        written = logs.write_parquet(folder, partition_cols=["status"])
        print(f"\nWrote {written.count_rows()} Parquet files in {time.perf_counter() - start:.2f} s")
        stored = sj.read_parquet(f"{folder}/**/*.parquet", hive_partitioning=True)
        owners = sj.from_pydict({
            "api_path": ["/api/v1/orders", "/api/v1/orders/42", "/api/v2/users",
                         "/api/v1/payments", "/api/v2/search"],
            "team": ["checkout", "checkout", "identity", "payments", "discovery"],
        })
        report = (
            stored.where(col("status") >= 500)
            .with_column("api_path", col("path").lower())
            .groupby("api_path")
            .agg(col("request_id").count().alias("errors"),
                 col("latency_ms").mean().alias("mean_latency_ms"))
            .join(owners, on="api_path")
            .sort("errors", desc=True)
        )
        print("Server errors per endpoint and owning team, read back from the files:\n")
        report.show()

    screenshots()


def make_screenshots(count: int) -> list[bytes]:
    """PNG screenshots: a few distinct pages, each captured several times with noise."""
    import io

    from PIL import Image

    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:120, 0:160]
    pages = [np.stack([(x * (i + 1)) % 256, (y * (i + 2)) % 256, ((x + y) * (i + 3)) % 256],
                      axis=2).astype(np.uint8) for i in range(4)]
    shots = []
    for i in range(count):
        noise = rng.integers(-6, 7, pages[0].shape)
        pixels = np.clip(pages[i % len(pages)].astype(int) + noise, 0, 255).astype(np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="PNG")
        shots.append(buffer.getvalue())
    return shots


@sj.func
def brightness_label(image: np.ndarray) -> str:
    """A Python UDF: it receives each decoded image as a numpy array."""
    return "dark" if image.mean() < 110 else "light"


def screenshots() -> None:
    start = time.perf_counter()
    shots = sj.from_pydict({"shot_id": list(range(12)), "png": make_screenshots(12)})
    images = (
        shots.with_column("image", col("png").decode_image().resize(64, 48))
        .with_column("label", brightness_label(col("image")))
        .with_column("hash", col("image").image_hash(method="phash"))
        .collect()
    )
    print("\nScreenshots decoded, resized, labelled by a Python UDF and hashed:\n")
    images.select("shot_id", "image", "label", "hash").show(5)
    left = images.select(col("shot_id").alias("a"), col("hash").alias("hash_a"))
    right = images.select(col("shot_id").alias("b"), col("hash").alias("hash_b"))
    pairs = (left.hamming_join(right, "hash_a", "hash_b", max_distance=6)
             .where(col("a") < col("b")).select("a", "b", "distance").sort(["a", "b"]))
    print(f"Near-duplicate screenshot pairs ({time.perf_counter() - start:.2f} s in all):\n")
    pairs.show(8)


if __name__ == "__main__":
    main()
