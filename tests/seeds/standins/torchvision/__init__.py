from torchvision import transforms  # noqa: F401
