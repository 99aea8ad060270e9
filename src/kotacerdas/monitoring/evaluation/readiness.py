"""Scoring of the readiness checklist of Pasal 6a (struktur, infrastruktur, suprastruktur).

Each question is answered with a score 0 (tidak ada) to 4 (optimal) and carries a weight. An
aspect's score is sum(score x weight) / sum(4 x weight) x 100 over its ANSWERED questions;
unanswered questions are not counted as 0 but reported ("x dari y butir dijawab"). The total
is the same ratio over every answered question.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from kotacerdas.monitoring.evaluation.achievement import quantize

MAX_SCORE = 4


def readiness_percent(answers: Iterable[tuple[int, Decimal]]) -> Decimal | None:
    """answers: (score, weight) pairs. None when nothing is answered or all weights are 0."""
    got = Decimal(0)
    best = Decimal(0)
    for score, weight in answers:
        got += Decimal(score) * Decimal(weight)
        best += Decimal(MAX_SCORE) * Decimal(weight)
    if best == 0:
        return None
    return quantize(got / best * 100)
