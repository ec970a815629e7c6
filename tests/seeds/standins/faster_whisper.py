"""faster_whisper stand-in: each non-empty line of the "audio" file is a segment of
1.5 s starting every 2 s."""

import collections
import os

Segment = collections.namedtuple("Segment", "start end text")


class WhisperModel:
    def __init__(self, model: str, compute_type: str = "default", device: str = "auto"):
        self.model, self.compute_type, self.device = model, compute_type, device


class BatchedInferencePipeline:
    def __init__(self, model: WhisperModel):
        self.model = model

    def transcribe(self, path: str, vad_filter: bool = False, batch_size: int = 16):
        if not os.path.isfile(path):
            raise FileNotFoundError(path)
        with open(path, encoding="utf-8") as f:
            lines = [line.strip() for line in f if line.strip()]
        segments = (Segment(2.0 * i, 2.0 * i + 1.5, line) for i, line in enumerate(lines))
        return segments, {"language": "en", "path": path}
