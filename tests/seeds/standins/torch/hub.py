"""torch.hub.load stand-in. Its "pretrained weights" are a JSON file named by
SEED_MODEL_WEIGHTS: labels, and for each image (by the mean of its pixels, rounded) the
label index and confidence the model gives it."""

import io
import json
import os
import urllib.request

import numpy as np


def _weights() -> dict:
    with open(os.environ["SEED_MODEL_WEIGHTS"]) as f:
        return json.load(f)


def _fingerprint(pixels: np.ndarray) -> str:
    return f"{float(np.asarray(pixels, dtype=np.float64).mean()):.3f}"


class ResNet50:
    """Logits that give each known image its label with the stored confidence."""

    def __init__(self):
        weights = _weights()
        self.labels, self.known = weights["labels"], weights["images"]

    def eval(self):
        return self

    def to(self, _device):
        return self

    def cuda(self):
        return self

    def __call__(self, batch):
        from torch import Tensor

        rows = []
        for pixels in batch._array:
            index, confidence = self.known.get(_fingerprint(pixels), [0, 1.0 / len(self.labels)])
            rest = (1.0 - confidence) / (len(self.labels) - 1)
            logits = np.full(len(self.labels), np.log(rest) if rest > 0 else -1e9)
            logits[index] = np.log(confidence)
            rows.append(logits)
        return Tensor(np.stack(rows))


class ConvnetsProcessingUtils:
    """NVIDIA's nvidia_convnets_processing_utils: fetch an image, batch it; name the best."""

    def prepare_input_from_uri(self, uri: str):
        """The image at `uri`, resized to 256 x 256 and cropped to the central 224 x 224."""
        from PIL import Image
        from torch import Tensor

        with urllib.request.urlopen(uri) as response:
            image = Image.open(io.BytesIO(response.read())).convert("RGB")
        image = image.resize((256, 256), Image.BILINEAR).crop((16, 16, 240, 240))
        return Tensor(np.asarray(image)[None])

    def pick_n_best(self, predictions, n: int):
        self.labels = _weights()["labels"]
        results = []
        for row in predictions._array:
            best = np.argsort(-row)[:n]
            results.append([[self.labels[i], f"{100 * row[i]:.1f}%"] for i in best])
        return results


def load(repo: str, model: str, pretrained: bool = False, **_):
    if model in ("nvidia_resnet50", "resnet50"):
        return ResNet50()
    if model == "nvidia_convnets_processing_utils":
        return ConvnetsProcessingUtils()
    raise RuntimeError(f"stand-in torch.hub has no model {repo}:{model}")
