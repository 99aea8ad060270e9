"""The periodic SLA sweep (filled in next)."""

from __future__ import annotations

from typing import NamedTuple


class SweepResult(NamedTuple):
    warned: int
    escalated: int
    auto_closed: int
    overdue_marked: int


def sla_sweep(*, now=None, batch_size: int = 2000) -> SweepResult:
    return SweepResult(0, 0, 0, 0)
