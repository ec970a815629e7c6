"""What a File column holds (Daft's MediaType): File[Unknown], File[Image], ..."""

from __future__ import annotations

_KINDS = ("Unknown", "Video", "Audio", "Image", "Hdf5")


class MediaType:
    def __init__(self, name: str = "Unknown"):
        if name not in _KINDS:
            raise ValueError(f"unknown media type {name!r}; expected one of {', '.join(_KINDS)}")
        self.name = name

    @classmethod
    def unknown(cls) -> MediaType:
        return cls("Unknown")

    @classmethod
    def video(cls) -> MediaType:
        return cls("Video")

    @classmethod
    def audio(cls) -> MediaType:
        return cls("Audio")

    @classmethod
    def image(cls) -> MediaType:
        return cls("Image")

    @classmethod
    def hdf5(cls) -> MediaType:
        return cls("Hdf5")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MediaType) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"MediaType.{self.name.lower()}()"
