"""Demo accounts (owner: accounts area)."""


def load(*, stdout=None) -> None:
    return None
