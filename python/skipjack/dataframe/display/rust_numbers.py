"""Numbers as Rust prints them: ``Display`` for floats and decimals, integer division toward zero."""

from __future__ import annotations

import decimal
import math
import struct


def rust_float(value: float, bits: int) -> str:
    """Rust's ``Display`` for f32/f64: shortest round-trip digits, never an exponent."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = format(_shortest_digits(value, bits).normalize(decimal.Context(prec=40)), "f")
    return "-" + text if math.copysign(1.0, value) < 0 and not text.startswith("-") else text


def _to_f32(value: float) -> float | None:
    try:
        return struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        return None


def _shortest_digits(value: float, bits: int) -> decimal.Decimal:
    """Fewest significant digits that read back as the same float (closest one, ties away from zero).

    Python's repr breaks exact ties to even; Rust rounds them up, hence the search.
    """
    if value == 0:
        return decimal.Decimal(repr(value))
    read_back = float if bits == 64 else _to_f32
    exact = decimal.Decimal(value)
    for precision in range(1, 18):
        nearest = decimal.Decimal(f"{value:.{precision - 1}e}")
        step = decimal.Decimal(1).scaleb(nearest.adjusted() - precision + 1)
        candidates = [c for c in (nearest, nearest - step, nearest + step) if read_back(float(c)) == value]
        if candidates:
            return min(candidates, key=lambda c: (abs(c - exact), -abs(c)))
    return decimal.Decimal(repr(value))


def rust_decimal(unscaled: int, scale: int) -> str:
    if scale == 0:
        return str(unscaled)
    sign = "-" if unscaled < 0 else ""
    integral, fraction = divmod(abs(unscaled), 10**scale)
    return f"{sign}{integral}.{fraction:0{scale}d}"


def trunc_div(a: int, b: int) -> int:
    """Rust integer division (rounds toward zero)."""
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b >= 0) else -quotient


def trunc_rem(a: int, b: int) -> int:
    """Rust ``%`` (sign follows the dividend)."""
    return a - b * trunc_div(a, b)
