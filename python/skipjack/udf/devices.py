"""GPU devices for UDF instances. Each instance that asks for GPUs gets its own devices
through CUDA_VISIBLE_DEVICES (only possible in a worker process). The GPU count comes
from SKIPJACK_NUM_GPUS, else CUDA_VISIBLE_DEVICES, else nvidia-smi; a machine with no
GPU runs GPU UDFs on the CPU with a warning."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import warnings


def visible_gpus() -> list[str]:
    forced = os.environ.get("SKIPJACK_NUM_GPUS")
    if forced is not None:
        return [str(i) for i in range(int(forced))]
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None:
        return [d.strip() for d in visible.split(",") if d.strip() and d.strip() != "-1"]
    if shutil.which("nvidia-smi"):
        try:
            listing = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True,
                                     timeout=10, check=True).stdout
            return [str(i) for i, line in enumerate(listing.splitlines()) if line.startswith("GPU")]
        except (OSError, subprocess.SubprocessError):
            return []
    return []


def instances_for_gpus(gpus: float, devices: list[str]) -> int | None:
    """How many instances fit on the machine's GPUs, or None without GPUs."""
    if gpus <= 0 or not devices:
        return None
    return max(1, math.floor(len(devices) / gpus + 1e-9))


def devices_for_instance(index: int, gpus: float, devices: list[str], name: str) -> str | None:
    """The CUDA_VISIBLE_DEVICES value of instance `index`, or None to leave it alone."""
    if gpus <= 0:
        return None
    if not devices:
        warnings.warn(f"UDF {name} asks for {gpus} GPU(s) but this machine has none; "
                      f"it runs on the CPU", RuntimeWarning, stacklevel=2)
        return ""
    if gpus < 1:
        per_device = max(1, math.floor(1 / gpus + 1e-9))
        return devices[(index // per_device) % len(devices)]
    count = int(gpus)
    start = (index * count) % len(devices)
    return ",".join(devices[(start + k) % len(devices)] for k in range(count))
