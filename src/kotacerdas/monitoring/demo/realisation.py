"""Demo realisation (Contoh)."""


def load(*, stdout=None) -> None:
    return None
