"""torchvision.transforms.functional.resize stand-in: bilinear, per channel, via Pillow."""

import numpy as np
from PIL import Image


def resize(tensor, size):
    from torch import Tensor

    height, width = size
    channels = [np.asarray(Image.fromarray(plane).resize((width, height), Image.BILINEAR))
                for plane in tensor._array]
    return Tensor(np.stack(channels))
