"""torch stand-in: numpy-backed tensors with the few operations the seeds use."""

import contextlib

import numpy as np

from torch import hub, nn  # noqa: F401  (torch.hub.load, torch.nn.functional.softmax)


class device:  # noqa: N801 - torch's spelling
    def __init__(self, kind: str):
        self.type = kind


class Tensor:
    def __init__(self, array):
        self._array = np.asarray(array)

    @property
    def shape(self):
        return self._array.shape

    @property
    def ndim(self) -> int:
        return self._array.ndim

    def permute(self, *dims) -> "Tensor":
        return Tensor(self._array.transpose(dims))

    def to(self, _device) -> "Tensor":
        return self

    def cuda(self) -> "Tensor":
        return self

    def cpu(self) -> "Tensor":
        return self

    def detach(self) -> "Tensor":
        return self

    def numpy(self) -> np.ndarray:
        return self._array


def from_numpy(array: np.ndarray) -> Tensor:
    return Tensor(array)


def cat(tensors, dim: int = 0) -> Tensor:
    return Tensor(np.concatenate([t._array for t in tensors], axis=dim))


no_grad = contextlib.nullcontext
