"""The national smart-city evaluation index: five evaluation dimensions, weighted per year.

Components (each 0-100; achievements above 100 count as 100 so that the index stays 0-100):
- baseline: the readiness assessment of Pasal 6a for the year (existing condition), in %;
- output, outcome, impact: the mean achievement of the indicators of that level with
  verified values and a target for the year;
- quick_win: the mean achievement of the Quick Win activities.
A component without data is blank (None): it is left out and the remaining weights are
renormalised, and the page says which components were left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from kotacerdas.monitoring.evaluation.achievement import HUNDRED, quantize, to_decimal

COMPONENTS = ("baseline", "output", "outcome", "impact", "quick_win")


def clamp(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return quantize(max(Decimal(0), min(value, HUNDRED)))


def index_score(
    components: Mapping[str, Decimal | None], weights: Mapping[str, object]
) -> Decimal | None:
    """Weighted mean of the non-blank components; None when all are blank or weigh 0."""
    total = Decimal(0)
    weight_sum = Decimal(0)
    for name in COMPONENTS:
        value = components.get(name)
        weight = to_decimal(weights.get(name, 0)) or Decimal(0)
        if value is None or weight <= 0:
            continue
        total += clamp(value) * weight
        weight_sum += weight
    if weight_sum == 0:
        return None
    return quantize(total / weight_sum)
