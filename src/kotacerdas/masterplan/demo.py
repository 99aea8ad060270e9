"""Demo masterplan data (Contoh)."""


def load(*, stdout=None) -> None:
    return None
