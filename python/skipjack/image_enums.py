"""Daft's image enums: ``ImageMode`` (with its numeric codes) and ``ImageFormat``. Image
functions take either these or their names ("RGB", "PNG")."""

from __future__ import annotations

import enum


class ImageMode(enum.Enum):
    L = 1
    LA = 2
    RGB = 3
    RGBA = 4
    L16 = 5
    LA16 = 6
    RGB16 = 7
    RGBA16 = 8
    RGB32F = 9
    RGBA32F = 10

    @classmethod
    def from_mode_string(cls, mode: str) -> ImageMode:
        try:
            return cls[mode]
        except KeyError:
            raise ValueError(f"unknown image mode {mode!r}; expected one of "
                             f"{', '.join(m.name for m in cls)}") from None

    def __str__(self) -> str:
        return self.name


class ImageFormat(enum.Enum):
    PNG = 1
    JPEG = 2
    TIFF = 3
    GIF = 4
    BMP = 5
    WEBP = 6

    @classmethod
    def from_format_string(cls, name: str) -> ImageFormat:
        try:
            return cls[name.upper()]
        except KeyError:
            raise ValueError(f"unknown image format {name!r}; expected one of "
                             f"{', '.join(f.name for f in cls)}") from None

    def __str__(self) -> str:
        return self.name


__all__ = ["ImageFormat", "ImageMode"]
