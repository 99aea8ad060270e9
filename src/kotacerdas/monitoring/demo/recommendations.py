"""Demo recommendations (Contoh)."""


def load(*, stdout=None) -> None:
    return None
