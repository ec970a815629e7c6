"""hamming_join (multi-index hashing) returns exactly the pairs of the seed's cross join
with a hamming_distance filter."""

from __future__ import annotations

import numpy as np
import pytest

import skipjack as sj
from skipjack import col
from skipjack.exceptions import SkipjackError


def _hashes(n: int, width: int, seed: int) -> list[bytes | None]:
    """Clusters of near-duplicate hashes: copies of n/5 bases with 0-11 bits flipped."""
    rng = np.random.default_rng(seed)
    bases = [rng.integers(0, 256, width, dtype=np.uint8) for _ in range(max(1, n // 5))]
    out = []
    for i in range(n):
        h = bases[i % len(bases)].copy()
        for bit in rng.integers(0, width * 8, rng.integers(0, 12)):
            h[bit // 8] ^= 0x80 >> (bit % 8)
        out.append(None if i % 97 == 13 else h.tobytes())
    return out


def _frame(n: int, width: int, seed: int = 0):
    hashes = _hashes(n, width, seed)
    df = sj.from_pydict({"id": list(range(n)), "hash": hashes})
    return df.with_column("hash", col("hash").cast(sj.DataType.fixed_size_binary(width))).collect()


def _both_ways(df, k: int, key: str = "hash"):
    left = df.select(col("id").alias("id_a"), col(key).alias("hash_a"))
    right = df.select(col("id").alias("id_b"), col(key).alias("hash_b"))
    fast = (left.hamming_join(right, "hash_a", "hash_b", max_distance=k)
            .where(col("id_a") < col("id_b")).sort(["id_a", "id_b"]).to_pydict())
    slow = (left.join(right, how="cross").where(col("id_a") < col("id_b"))
            .with_column("distance", sj.functions.hamming_distance(col("hash_a"), col("hash_b")))
            .where(col("distance") <= k).sort(["id_a", "id_b"]).to_pydict())
    return fast, slow


@pytest.mark.parametrize("k", [0, 4, 8, 10])
def test_same_pairs_as_the_cross_join_on_5000_hashes(k):
    fast, slow = _both_ways(_frame(5000, 8), k)
    assert len(fast["id_a"]) > 0
    assert fast == slow


@pytest.mark.parametrize("width,k", [(2, 3), (9, 12), (72, 20)])
def test_other_hash_sizes(width, k):
    """Short hashes, sizes that are not a multiple of 8 bytes, crop_resistant's 72 bytes."""
    fast, slow = _both_ways(_frame(800, width, seed=width), k)
    assert fast == slow


def test_integer_hashes_and_parallel_engine(engine_config):
    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**62, 200)
    values = [int(base[i % 200]) ^ (1 << int(rng.integers(0, 62))) for i in range(1000)]
    df = sj.from_pydict({"id": list(range(1000)), "hash": values})
    fast, slow = _both_ways(df, 6)
    assert fast == slow and len(fast["id_a"]) > 0


def test_errors_name_the_problem():
    df = _frame(10, 8)
    with pytest.raises(SkipjackError, match="column 'id' is on both sides"):
        df.hamming_join(df, "hash", "hash", max_distance=2).collect()
    other = sj.from_pydict({"k": ["x"]})
    with pytest.raises(SkipjackError, match="fixed-size binaries .* or integers"):
        df.hamming_join(other, "hash", "k", max_distance=2).collect()
    with pytest.raises(ValueError, match="max_distance"):
        df.hamming_join(other, "hash", "k", max_distance=-1)


def test_explain_shows_the_strategy():
    import contextlib
    import io

    df = _frame(10, 8)
    right = df.select(col("id").alias("id_b"), col("hash").alias("hash_b"))
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        df.hamming_join(right, "hash", "hash_b", max_distance=3).explain(show_all=True)
    text = buffer.getvalue()
    assert "HammingJoin: hamming_distance(col(hash), col(hash_b)) <= 3" in text
    assert "multi-index hashing" in text
