"""One image-hash benchmark cell in this process; prints a JSON line.

    python harness.py hash <engine> <method> <images>     images/s of image_hash
    python harness.py join <engine> <n> <k> <strategy>    near-duplicate pairs of n hashes

Images: the mate-backgrounds JPEGs decoded by Pillow and resized to 512 x 384, repeated
to <images>; every engine hashes the same pixels. Hashes: clusters of near-duplicates
(copies of n/5 random 64-bit hashes with 0-11 bits flipped), seeded.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

PHOTOS = Path("/usr/share/backgrounds/mate")


def images(count: int) -> list[np.ndarray]:
    from PIL import Image

    files = sorted(p for p in PHOTOS.glob("*/*.jpg") if "Elephants_" not in p.name)
    base = [np.asarray(Image.open(f).convert("RGB").resize((512, 384), Image.BILINEAR)) for f in files]
    return [base[i % len(base)] for i in range(count)]


def hashes(n: int) -> list[bytes]:
    rng = np.random.default_rng(42)
    bases = rng.integers(0, 2**63, max(1, n // 5), dtype=np.int64)
    out = []
    for i in range(n):
        h = int(bases[i % len(bases)])
        for bit in rng.integers(0, 64, rng.integers(0, 12)):
            h ^= 1 << int(bit)
        out.append(h.to_bytes(8, "big"))
    return out


def run_hash(engine: str, method: str, count: int) -> dict:
    pixels = images(count)
    if engine == "imagehash":
        import imagehash
        from PIL import Image

        fn = {"ahash": imagehash.average_hash, "dhash": imagehash.dhash, "phash": imagehash.phash,
              "phash_simple": imagehash.phash_simple, "dhash_vertical": imagehash.dhash_vertical,
              "whash": imagehash.whash, "colorhash": imagehash.colorhash}[method]
        pil = [Image.fromarray(p) for p in pixels]
        start = time.perf_counter()
        for image in pil:
            fn(image)
        return {"seconds": time.perf_counter() - start}
    d = _engine(engine)
    if engine == "skipjack":
        from PIL import Image

        df = d.from_pydict({"img": [Image.fromarray(p) for p in pixels]}).collect()
    else:  # Daft builds images from tensors
        df = d.from_pydict({"img": pixels})
        df = df.with_column("img", d.col("img").cast(d.DataType.image("RGB"))).collect()
    start = time.perf_counter()
    df.select(d.col("img").image_hash(method=method).alias("h")).collect()
    return {"seconds": time.perf_counter() - start}


def run_join(engine: str, n: int, k: int, strategy: str) -> dict:
    d = _engine(engine)
    df = d.from_pydict({"id": list(range(n)), "hash": hashes(n)})
    df = df.with_column("hash", d.col("hash").cast(d.DataType.fixed_size_binary(8))).collect()
    left = df.select(d.col("id").alias("id_a"), d.col("hash").alias("hash_a"))
    right = df.select(d.col("id").alias("id_b"), d.col("hash").alias("hash_b"))
    start = time.perf_counter()
    if strategy == "hamming_join":
        pairs = left.hamming_join(right, "hash_a", "hash_b", max_distance=k)
        pairs = pairs.where(d.col("id_a") < d.col("id_b"))
    else:
        from_functions = d.functions.hamming_distance
        pairs = (left.join(right, how="cross").where(d.col("id_a") < d.col("id_b"))
                 .with_column("distance", from_functions(d.col("hash_a"), d.col("hash_b")))
                 .where(d.col("distance") <= k))
    found = pairs.count_rows()
    return {"seconds": time.perf_counter() - start, "pairs": found}


def _engine(name: str):
    if name == "skipjack":
        import skipjack as d

        d.set_execution_config(progress_bar=False)
        return d
    import daft as d

    return d


def main() -> None:
    kind = sys.argv[1]
    if kind == "hash":
        result = run_hash(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        result = run_join(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
