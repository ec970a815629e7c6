"""transformers stand-in: pipeline("sentiment-analysis") and AutoTokenizer."""


def pipeline(task: str, model: str):
    """POSITIVE iff "amazing" is in the text."""
    if task != "sentiment-analysis":
        raise ValueError(f"stand-in pipeline has no task {task!r}")
    return lambda text: [{"label": "POSITIVE" if "amazing" in text else "NEGATIVE", "score": 0.99}]


class AutoTokenizer:
    """Splits on whitespace."""

    def __init__(self, model_name: str):
        self.model_name = model_name

    @classmethod
    def from_pretrained(cls, model_name: str) -> "AutoTokenizer":
        return cls(model_name)

    def tokenize(self, text: str) -> list:
        return text.split()
