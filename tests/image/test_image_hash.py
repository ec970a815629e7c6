"""image_hash against the imagehash library (the oracle) on real photographs (Debian's
mate-backgrounds JPEGs, decoded by Pillow so both sides hash the same pixels) and on
generated images with resized, recompressed, cropped and colour-shifted variants;
hamming_distance; the seed's near-duplicate search."""

from __future__ import annotations

import io
from pathlib import Path

import imagehash
import numpy as np
import pytest
from PIL import Image, ImageEnhance

import skipjack as sj
from skipjack import col
from skipjack.exceptions import SkipjackError

PHOTOS = sorted(Path("/usr/share/backgrounds/mate").glob("*/*.jpg"))
METHODS = {
    "ahash": imagehash.average_hash, "dhash": imagehash.dhash,
    "dhash_vertical": imagehash.dhash_vertical, "phash": imagehash.phash,
    "phash_simple": imagehash.phash_simple, "whash": imagehash.whash,
    "colorhash": imagehash.colorhash,
}


def _packed(image_hash: imagehash.ImageHash) -> bytes:
    """imagehash's bits, row-major, packed most significant first (Daft's layout)."""
    flat = np.asarray(image_hash.hash).flatten()
    return np.packbits(np.concatenate([flat, np.zeros((-len(flat)) % 8, bool)])).tobytes()


def _reference(method: str, image: Image.Image, hash_size: int) -> bytes:
    fn = METHODS[method]
    return _packed(fn(image, binbits=hash_size // 2 + 1) if method == "colorhash"
                   else fn(image, hash_size=hash_size))


def _ours(images: list[Image.Image], method: str, hash_size: int) -> list[bytes]:
    df = sj.from_pydict({"img": images})
    options = dict(method=method, hash_size=hash_size)
    if method == "colorhash":
        options["binbits"] = hash_size // 2 + 1
    return df.select(col("img").image_hash(**options).alias("h")).to_pydict()["h"]


@pytest.fixture(scope="module")
def photos() -> list[Image.Image]:
    assert len(PHOTOS) >= 10, "mate-backgrounds is missing: run scripts/bootstrap.sh"
    # Downscaled once by Pillow so the suite stays quick; both sides hash these pixels.
    images = []
    for path in PHOTOS:
        image = Image.open(path).convert("RGB")
        image.thumbnail((640, 640))
        images.append(image)
    return images


@pytest.mark.parametrize("method", list(METHODS))
def test_real_photos_hash_exactly_like_imagehash(photos, method):
    assert _ours(photos, method, 8) == [_reference(method, image, 8) for image in photos]


def _variants(seed: int) -> list[Image.Image]:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:120, 0:160]
    base = np.stack([(x * 1.5 + rng.integers(0, 30, x.shape)) % 256,
                     (y * 2 + 40 * np.sin(x / 9)) % 256,
                     ((x + y) + rng.integers(0, 20, x.shape)) % 256], axis=2).astype(np.uint8)
    image = Image.fromarray(base)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=40)
    recompressed = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    return [image, image.resize((97, 61), Image.BILINEAR), recompressed,
            image.crop((10, 5, 150, 110)), ImageEnhance.Color(image).enhance(1.8),
            image.convert("L"), image.convert("RGBA"), image.transpose(Image.Transpose.ROTATE_90)]


@pytest.mark.parametrize("hash_size", [4, 8, 16])
@pytest.mark.parametrize("method", list(METHODS))
def test_generated_variants_hash_exactly_like_imagehash(method, hash_size):
    images = [v for seed in range(3) for v in _variants(seed)]
    ours = _ours(images, method, hash_size)
    reference = [_reference(method, image, hash_size) for image in images]
    assert ours == reference


def test_output_type_sizes_and_nulls():
    image = _variants(0)[0]
    df = sj.from_pydict({"img": [image, None]})
    out = df.select(col("img").image_hash().alias("p"),
                    col("img").image_hash(method="crop_resistant").alias("cr"),
                    col("img").image_hash(method="colorhash").alias("c"),
                    col("img").image_hash(method="dhash", hash_size=16).alias("d16"))
    assert [repr(out.schema()[n].dtype) for n in ("p", "cr", "c", "d16")] == [
        "Binary[8]", "Binary[72]", "Binary[6]", "Binary[32]"]
    values = out.to_pydict()
    assert values["p"][1] is None and len(values["cr"][0]) == 72
    # crop_resistant is the 3x3 grid of tile phashes: its centre tile alone is the phash
    # of the centre crop.
    w, h = image.size
    centre = image.crop((w // 3, h // 3, 2 * w // 3, 2 * h // 3))
    assert values["cr"][0][32:40] == _reference("phash", centre, 8)


def test_invalid_arguments():
    df = sj.from_pydict({"img": [_variants(0)[0]], "n": [1]})
    with pytest.raises(SkipjackError, match="unknown method 'md5'"):
        df.select(col("img").image_hash(method="md5")).collect()
    with pytest.raises(SkipjackError, match="power of two"):
        df.select(col("img").image_hash(method="whash", hash_size=6)).collect()
    with pytest.raises(ValueError, match="hash_size"):
        col("img").image_hash(hash_size=0)
    with pytest.raises(SkipjackError, match="expects an Image column"):
        df.select(col("n").image_hash()).collect()


def test_hamming_distance_binary_and_integers():
    df = sj.from_pydict({"a": [b"\x00\xff", b"\x0f\x0f", None], "b": [b"\x00\x00", b"\xf0\x0f", b"\x00\x00"],
                         "x": [0b1011, 7, 1], "y": [0b0001, 0, None]})
    out = df.select(sj.functions.hamming_distance(col("a"), col("b")).alias("bytes"),
                    col("x").hamming_distance(col("y")).alias("ints"))
    assert repr(out.schema()["bytes"].dtype) == "UInt32"
    assert out.to_pydict() == {"bytes": [8, 8, None], "ints": [2, 3, None]}
    bad = sj.from_pydict({"a": [b"\x00"], "s": ["x"]})
    with pytest.raises(SkipjackError, match="hamming_distance expects"):
        bad.select(col("a").hamming_distance(col("s"))).collect()


def test_seed_near_duplicates_with_cross_join():
    base = _variants(1)
    images = [base[0], base[2], base[1], _variants(7)[0], _variants(8)[4]]
    df = sj.from_pydict({"id": [1, 2, 3, 4, 5], "image": images})
    df = df.with_column("hash", sj.functions.image_hash(sj.col("image")))
    left = df.select(sj.col("id").alias("id_a"), sj.col("hash").alias("hash_a"))
    right = df.select(sj.col("id").alias("id_b"), sj.col("hash").alias("hash_b"))
    pairs = (
        left.join(right, how="cross")
        .where(sj.col("id_a") < sj.col("id_b"))
        .with_column("dist", sj.functions.hamming_distance(sj.col("hash_a"), sj.col("hash_b")))
        .where(sj.col("dist") <= 10)
    )
    found = pairs.sort(["id_a", "id_b"]).to_pydict()
    hashes = [imagehash.phash(image) for image in images]
    expected = [(a + 1, b + 1) for a in range(5) for b in range(a + 1, 5) if hashes[a] - hashes[b] <= 10]
    assert list(zip(found["id_a"], found["id_b"])) == expected
    assert found["dist"] == [hashes[a - 1] - hashes[b - 1] for a, b in expected]
    assert (1, 2) in expected  # the recompressed copy is a near-duplicate


@pytest.mark.parametrize("binbits", [2, 3, 4])
def test_colorhash_on_random_pixels_with_ties(binbits):
    """Every hue branch of Pillow's HSV, including equal channels (ties decide the branch)."""
    rng = np.random.default_rng(binbits)
    images = []
    for i in range(24):
        pixels = rng.integers(0, 256, (48, 48, 3), dtype=np.uint8)
        if i % 2:
            pixels[:, :, 1] = pixels[:, :, 0]
        if i % 3 == 0:
            pixels[:, :, 2] = pixels[:, :, 1 if i % 4 else 0]
        images.append(Image.fromarray(pixels))
    df = sj.from_pydict({"img": images})
    ours = df.select(col("img").image_hash(method="colorhash", binbits=binbits)).to_pydict()["img"]
    assert ours == [_packed(imagehash.colorhash(image, binbits=binbits)) for image in images]


def test_crop_resistant_distance_matches_shared_segments(photos):
    """An edited copy shares grid segments with the original: its segment distance is 0
    though the whole hashes differ; an unrelated photo shares none."""
    base = photos[0].resize((300, 300))
    edited = base.copy()
    edited.paste(photos[1].resize((200, 200)), (100, 100))  # replaces 4 of the 9 cells
    other = photos[2].resize((300, 300))
    df = sj.from_pydict({"a": [base, base], "b": [edited, other]})
    hashed = df.select(col("a").image_hash(method="crop_resistant").alias("ha"),
                       col("b").image_hash(method="crop_resistant").alias("hb"))
    out = hashed.select(sj.functions.crop_resistant_distance(col("ha"), col("hb")).alias("d"),
                        col("ha").hamming_distance(col("hb")).alias("whole")).to_pydict()
    assert out["d"][0] == 0 and out["whole"][0] > 40
    pairs = hashed.to_pydict()
    for row, d in enumerate(out["d"]):
        a, b = pairs["ha"][row], pairs["hb"][row]
        expected = min(bin(int.from_bytes(a[8 * i:8 * i + 8], "big") ^
                           int.from_bytes(b[8 * j:8 * j + 8], "big")).count("1")
                       for i in range(9) for j in range(9))
        assert d == expected
    with pytest.raises(SkipjackError, match="crop_resistant_distance expects"):
        hashed.select(col("ha").crop_resistant_distance(col("hb"), segments=5)).collect()


def _degenerate_images() -> list:
    """Images whose DCT has many coefficients that are zero in exact arithmetic, so the
    bits depend on how the DCT rounds: flat fills, checkerboards, stripes, steps,
    quadrants and solid rectangles on white."""
    y, x = np.mgrid[0:64, 0:64]
    planes = [np.full((64, 64), v) for v in (0, 1, 127, 128, 255)]
    planes += [((x // cell + y // cell) % 2) * 255 for cell in (1, 2, 4, 8, 16, 32)]
    planes += [(x // width % 2) * 255 for width in (1, 3, 8)] + [(y // 5 % 2) * 200]
    planes += [(x >= 32) * 255, (y >= 20) * 100 + 50, x * 4, (x + y) * 2]
    planes += [((x >= 32) ^ (y >= 32)) * 255]
    for top, left, size in ((8, 8, 16), (10, 30, 24), (0, 0, 32), (40, 12, 9)):
        plane = np.full((64, 64), 255)
        plane[top:top + size, left:left + size] = 0
        planes.append(plane)
    images = [Image.fromarray(p.astype(np.uint8)).convert("RGB") for p in planes]
    images.append(Image.new("RGB", (50, 30), (200, 100, 50)))  # flat, not square
    return images


@pytest.mark.parametrize("method", ["phash", "phash_simple", "ahash", "dhash", "dhash_vertical", "whash", "colorhash"])
@pytest.mark.parametrize("size", [4, 8, 16])
def test_degenerate_images_match_imagehash(method, size):
    images = _degenerate_images()
    assert _ours(images, method, size) == [_reference(method, image, size) for image in images]
