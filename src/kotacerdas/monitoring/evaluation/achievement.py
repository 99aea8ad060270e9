"""Achievement arithmetic (Issue 3, item 6): pure functions, no database.

Rules, in one place:
- achievement % = realisation / target x 100 when higher is better;
  target / realisation x 100 when lower is better;
- the result is capped at the year's cap (EvaluationConfig.achievement_cap, default 120)
  and never below 0; it is rounded to two decimals;
- zero and missing values are explicit, never a silent 0:
  * a missing realisation or target gives None (the indicator is blank, not "0%");
  * higher is better with a target of 0 gives None (no ratio to a target of nothing);
  * lower is better with a realisation of 0: the best possible result, the cap
    (or 100 when the target is 0 as well: exactly on target);
  * lower is better with a target of 0 and a realisation above 0 gives 0;
- a year's value of an indicator from its quarters: cumulative and incremental
  indicators are the sum of the quarters, last-value indicators the latest quarter;
- the bands are lower bounds: a value belongs to the highest band whose `min` it reaches,
  so with the LKjIP defaults 90.5 is Baik, 65.99 is Kurang and 50.5 is Sangat Kurang.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_CAP = Decimal("120")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")

HIGHER = "higher"
LOWER = "lower"
CUMULATIVE = "cumulative"
INCREMENTAL = "incremental"
LAST = "last"


@dataclass(frozen=True)
class Band:
    """A colour band: values from `min` (inclusive) up to the next band's `min`."""

    label: str
    colour: str
    min: Decimal

    @property
    def text_colour(self) -> str:
        """Black or white, whichever reads better on the band's colour (WCAG contrast)."""
        return contrast_text(self.colour)


def _luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_text(colour: str) -> str:
    try:
        luminance = _luminance(colour)
    except (ValueError, IndexError):
        return "#000000"
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#000000"


def to_decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def achievement(
    realisation: object,
    target: object,
    *,
    direction: str = HIGHER,
    cap: object = DEFAULT_CAP,
) -> Decimal | None:
    """Achievement % of `realisation` against `target`, capped; None when undefined."""
    actual = to_decimal(realisation)
    goal = to_decimal(target)
    limit = to_decimal(cap) if cap is not None else DEFAULT_CAP
    if actual is None or goal is None:
        return None
    if direction == LOWER:
        if actual == 0:
            result = HUNDRED if goal == 0 else limit
        elif goal == 0:
            result = Decimal(0)
        else:
            result = goal / actual * HUNDRED
    else:
        if goal == 0:
            return None
        result = actual / goal * HUNDRED
    result = max(Decimal(0), min(result, limit))
    return quantize(result)


def aggregate(
    values_by_quarter: Mapping[int, object], aggregation: str, *, up_to_quarter: int = 4
) -> Decimal | None:
    """An indicator's value for the year (up to a quarter) from its quarterly values."""
    present = {
        quarter: to_decimal(value)
        for quarter, value in values_by_quarter.items()
        if quarter <= up_to_quarter and value is not None
    }
    if not present:
        return None
    if aggregation == LAST:
        return present[max(present)]
    return sum(present.values(), Decimal(0))


def prorated_target(target: object, aggregation: str, *, quarter: int | None) -> Decimal | None:
    """The part of a year's target due by the end of `quarter`.

    Sums (cumulative, incremental) build up over the year, so by quarter q a quarter of the
    target is due per quarter elapsed; a last-value indicator is judged on its full target.
    quarter None means the whole year.
    """
    goal = to_decimal(target)
    if goal is None or quarter is None or aggregation == LAST:
        return goal
    return goal * Decimal(quarter) / Decimal(4)


def bands_from_config(raw: Iterable[Mapping[str, object]]) -> list[Band]:
    """Bands from EvaluationConfig.bands, highest first."""
    bands = [
        Band(label=str(item["label"]), colour=str(item["colour"]), min=to_decimal(item["min"]))
        for item in raw
    ]
    return sorted(bands, key=lambda band: band.min, reverse=True)


def band_for(value: object, bands: Sequence[Band]) -> Band | None:
    """The band of an achievement %, or None for a blank value."""
    amount = to_decimal(value)
    if amount is None:
        return None
    for band in bands:  # highest first
        if amount >= band.min:
            return band
    return bands[-1] if bands else None


def weighted_mean(
    items: Iterable[tuple[Decimal | None, object]],
) -> tuple[Decimal | None, int, int]:
    """(mean, counted, blank) of (value, weight) pairs.

    Blank values (None) are excluded, never counted as 0. If the counted items' weights sum
    to 0 (no budget anywhere), they are weighed equally.
    """
    pairs = list(items)
    counted = [(v, to_decimal(w) or Decimal(0)) for v, w in pairs if v is not None]
    return _mean(counted), len(counted), len(pairs) - len(counted)


def _mean(counted: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    if not counted:
        return None
    total_weight = sum((w for _v, w in counted), Decimal(0))
    if total_weight <= 0:
        return quantize(sum((v for v, _w in counted), Decimal(0)) / len(counted))
    return quantize(sum((v * w for v, w in counted), Decimal(0)) / total_weight)


def mean_of(values: Iterable[Decimal | None]) -> Decimal | None:
    """The plain mean of the non-blank values; None when all are blank."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return quantize(sum(present, Decimal(0)) / len(present))


def expected_progress(quarter: int) -> Decimal:
    """Physical progress expected by the end of `quarter` on a linear plan: 25% a quarter."""
    return Decimal(25) * Decimal(quarter)
