"""Demo stakeholders (owner: reference-data area)."""


def load(*, stdout=None) -> None:
    return None
