"""Dates, times, timestamps, durations and intervals as Daft prints them (chrono and Daft's Rust code)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .rust_numbers import trunc_div, trunc_rem

_UNIT_NANOS = {"s": 1_000_000_000, "ms": 1_000_000, "us": 1_000, "ns": 1}
_UNIT_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def _civil_from_days(days: int) -> tuple[int, int, int]:
    """Proleptic Gregorian (year, month, day) for days since 1970-01-01, any year."""
    days += 719_468
    era = days // 146_097
    day_of_era = days - era * 146_097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146_096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    month_index = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * month_index + 2) // 5 + 1
    month = month_index + 3 if month_index < 10 else month_index - 9
    return year_of_era + era * 400 + (month <= 2), month, day


def format_ymd(days: int) -> str:
    # chrono pads years to four digits and signs those outside 0..=9999.
    year, month, day = _civil_from_days(days)
    year_text = f"{year:04d}" if 0 <= year <= 9999 else f"{year:+05d}"
    return f"{year_text}-{month:02d}-{day:02d}"


def _fraction(nanos: int) -> str:
    # chrono's "%.f": nothing, or 3, 6 or 9 digits, whichever is exact.
    if nanos == 0:
        return ""
    if nanos % 1_000_000 == 0:
        return f".{nanos // 1_000_000:03d}"
    if nanos % 1_000 == 0:
        return f".{nanos // 1_000:06d}"
    return f".{nanos:09d}"


def _format_datetime(seconds: int, nanos: int) -> str:
    days, second_of_day = divmod(seconds, 86_400)
    hours, rest = divmod(second_of_day, 3600)
    return f"{format_ymd(days)} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}{_fraction(nanos)}"


def rust_timestamp(value: int, unit: str, tz: str | None) -> str:
    seconds, sub = divmod(value, _UNIT_PER_SECOND[unit])
    nanos = sub * _UNIT_NANOS[unit]
    if tz is None:
        return _format_datetime(seconds, nanos)
    offset = _parse_fixed_offset(tz)
    if offset is not None:
        return f"{_format_datetime(seconds + offset, nanos)} {_format_offset(offset)}"
    try:
        offset, abbreviation = _zone_offset(seconds, tz)
    except (ZoneInfoNotFoundError, ValueError):
        # Daft panics on an unknown zone; showing the UTC time beats failing the whole repr.
        return f"{_format_datetime(seconds, nanos)} {tz}"
    return f"{_format_datetime(seconds + offset, nanos)} {abbreviation}"


def _parse_fixed_offset(tz: str) -> int | None:
    """arrow2's ``parse_offset``: "UTC" or "[-]HH:MM" (hours and minutes parsed separately)."""
    if tz == "UTC":
        return 0
    parts = tz.split(":")
    if len(parts) < 2:
        return None
    try:
        hours, minutes = int(parts[0]), int(parts[1])
    except ValueError:
        return None
    return hours * 3600 + minutes * 60


def _format_offset(offset: int) -> str:
    sign = "-" if offset < 0 else "+"
    minutes = abs(offset) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


# chrono-tz only expands zone rules until 2099: later instants keep the last offset.
_CHRONO_TZ_END = 4_102_444_800  # 2100-01-01T00:00:00Z
_PYTHON_MIN = -62_135_510_400  # 0001-01-02T00:00:00Z, early enough for every zone's LMT


def _zone_offset(seconds: int, tz: str) -> tuple[int, str]:
    """UTC offset in seconds and abbreviation ("PST") of a named zone at an instant."""
    seconds = min(max(seconds, _PYTHON_MIN), _CHRONO_TZ_END - 1)
    instant = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(seconds=seconds)
    local = instant.astimezone(ZoneInfo(tz))
    return int(local.utcoffset().total_seconds()), local.tzname()


def rust_time(value: int, unit: str) -> str:
    # Out-of-day values make Daft print this error (or panic); they cannot come from real data.
    per_second = _UNIT_PER_SECOND[unit]
    seconds, sub = trunc_div(value, per_second), trunc_rem(value, per_second)
    if not 0 <= seconds < 86_400 or sub < 0:
        return "Display Error: out of range integral type conversion attempted"
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}{_fraction(sub * _UNIT_NANOS[unit])}"


_DURATION_SIZES = (86_400, 3_600, 60, 1)
_DURATION_UNITS = ("d", "h", "m", "s")
_DURATION_SUFFIX = {"ns": "ns", "us": "µs", "ms": "ms", "s": "s"}


def rust_duration(value: int, unit: str) -> str:
    """Daft's ``display_duration`` (Rust truncating arithmetic kept on purpose)."""
    suffix = _DURATION_SUFFIX[unit]
    if value == 0:
        return f"0{suffix}"
    per_second = _UNIT_PER_SECOND[unit]
    sizes = [size * per_second for size in _DURATION_SIZES]
    out = ""
    for i, size in enumerate(sizes):
        whole = trunc_div(value if i == 0 else trunc_rem(value, sizes[i - 1]), size)
        if whole != 0:
            out += f"{whole}{_DURATION_UNITS[i]}"
            if trunc_rem(value, size) != 0:
                out += " "
    remainder = trunc_rem(value, per_second)
    if remainder != 0 and suffix != "s":
        out += f"{remainder}{suffix}"
    return out


def rust_interval(months: int, days: int, nanos: int) -> str:
    """Daft's ``IntervalValue`` Display, e.g. "1y 2m 3d 4h 5ms 6ns"."""
    hour, minute, second, milli = 3_600_000_000_000, 60_000_000_000, 1_000_000_000, 1_000_000
    years, months_left = trunc_div(months, 12), trunc_rem(months, 12)
    hours = trunc_div(nanos, hour)
    mins = trunc_div(trunc_rem(nanos, hour), minute)
    secs = trunc_div(trunc_rem(nanos, minute), second)
    millis = trunc_div(trunc_rem(nanos, second), milli)
    rest = trunc_rem(nanos, milli)
    out = f"{years}y {months_left}m" if years != 0 else f"{months_left}m"
    out += f" {days}d"
    for amount, label in ((hours, "h"), (mins, "m"), (secs, "s"), (millis, "ms")):
        if amount != 0:
            out += f" {amount}{label}"
    if rest != 0:
        out += f" {rest}ns"
    elif hours == mins == secs == millis == 0:
        out += " 0ns"
    return out
