"""Writes golden/daft_resize.npz: Daft 0.7.26's resize of deterministic test images.

Run with Daft's interpreter (it needs daft and Pillow), from the repository root:
    .venv-bench-daft/bin/python tests/image/gen_daft_resize_golden.py
The inputs are rebuilt by the test from the same seeds (resize_cases below)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

# (name, height, width, channels, new width, new height)
CASES = [
    ("rgb_down", 37, 23, 3, 16, 9),
    ("rgb_up", 5, 7, 3, 20, 11),
    ("gray_mixed", 30, 30, 1, 7, 13),
    ("rgba_down", 64, 48, 4, 24, 32),
    ("rgb_same_width", 40, 10, 3, 10, 17),
]


def case_pixels(seed: int, height: int, width: int, channels: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    smooth = np.linspace(0, 255, height * width * channels).reshape(height, width, channels)
    noise = rng.integers(-40, 40, (height, width, channels))
    return np.clip(smooth + noise, 0, 255).astype(np.uint8)


def main() -> None:
    import daft
    from PIL import Image

    mode_of = {1: "L", 3: "RGB", 4: "RGBA"}
    results = {}
    for seed, (name, height, width, channels, new_w, new_h) in enumerate(CASES):
        pixels = case_pixels(seed, height, width, channels)
        buffer = io.BytesIO()
        Image.fromarray(pixels[:, :, 0] if channels == 1 else pixels).save(buffer, format="PNG")
        df = daft.from_pydict({"b": [buffer.getvalue()]})
        out = df.select(daft.col("b").decode_image(mode=mode_of[channels]).resize(new_w, new_h).alias("r"))
        results[name] = np.asarray(out.to_pydict()["r"][0])
    np.savez_compressed(Path(__file__).parent / "golden" / "daft_resize.npz", **results)


if __name__ == "__main__":
    main()
