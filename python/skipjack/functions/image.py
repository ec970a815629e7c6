"""URL and image functions as ``daft.functions`` spells them; each forwards to the Expression
method of the same name."""

from __future__ import annotations

from typing import Any

from skipjack.expressions.expressions import Expression


def download(expr: Expression, max_connections: int = 32, on_error: str = "raise",
             io_config=None) -> Expression:
    return expr.download(max_connections=max_connections, on_error=on_error, io_config=io_config)


url_download = download


def upload(expr: Expression, location: Any, max_connections: int = 32, on_error: str = "raise",
           io_config=None) -> Expression:
    return expr.upload(location, max_connections=max_connections, on_error=on_error,
                       io_config=io_config)


url_upload = upload


def decode_image(bytes: Expression, on_error: str = "raise", mode: Any = "RGB") -> Expression:
    return bytes.decode_image(on_error=on_error, mode=mode)


def encode_image(image: Expression, image_format: Any) -> Expression:
    return image.encode_image(image_format)


def resize(image: Expression, w: int, h: int) -> Expression:
    return image.resize(w, h)


def crop(image: Expression, bbox: Any) -> Expression:
    return image.crop(bbox)


def convert_image(image: Expression, mode: Any) -> Expression:
    return image.convert_image(mode)


def image_to_tensor(image: Expression) -> Expression:
    return image.image_to_tensor()


def image_width(image: Expression) -> Expression:
    return image.image_width()


def image_height(image: Expression) -> Expression:
    return image.image_height()


def image_channel(image: Expression) -> Expression:
    return image.image_channel()


def image_mode(image: Expression) -> Expression:
    return image.image_mode()


def image_attribute(image: Expression, name: Any) -> Expression:
    return image.image_attribute(name)


def image_hash(image: Expression, *, method: str = "phash", hash_size: int = 8, binbits: int = 3,
               segments: int = 3) -> Expression:
    return image.image_hash(method=method, hash_size=hash_size, binbits=binbits, segments=segments)


def hamming_distance(left: Expression, right: Any) -> Expression:
    return left.hamming_distance(right)


def crop_resistant_distance(left: Expression, right: Any, segments: int = 3) -> Expression:
    return left.crop_resistant_distance(right, segments=segments)
