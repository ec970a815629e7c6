import numpy as np


def softmax(logits, dim: int):
    from torch import Tensor

    values = logits._array - logits._array.max(axis=dim, keepdims=True)
    exp = np.exp(values)
    return Tensor(exp / exp.sum(axis=dim, keepdims=True))
