"""Reads of indicators and targets. Monitoring asks `indicator_target_for` for the target a
realisation is measured against; a missing target is a clear answer, never a silent zero."""

from __future__ import annotations

import decimal
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from kotacerdas.masterplan.models import Indicator, IndicatorTarget


class TargetMissing(ValidationError):
    """No target set for the indicator in that year."""

    def __init__(self, indicator: Indicator, year: int) -> None:
        self.indicator = indicator
        self.year = year
        super().__init__(
            _("Target tahun %(year)s belum ditetapkan untuk indikator %(code)s.")
            % {"year": year, "code": indicator.code},
            code="target_missing",
        )


def indicator_target_for(
    indicator: Indicator, year: int, *, required: bool = False
) -> decimal.Decimal | None:
    """The target value of `indicator` for `year` (positional or keyword); None when missing,
    or TargetMissing raised when `required=True` ("Target tahun 2026 belum ditetapkan ...")."""
    prefetched = getattr(indicator, "_prefetched_objects_cache", {}).get("targets")
    if prefetched is not None:
        value = next((t.value for t in prefetched if t.year == year), None)
    else:
        value = (
            IndicatorTarget.objects.filter(indicator=indicator, year=year)
            .values_list("value", flat=True)
            .first()
        )
    if value is None and required:
        raise TargetMissing(indicator, year)
    return value


def indicator_targets_for(*, indicator_ids: Iterable[int], year: int) -> dict[int, decimal.Decimal]:
    """{indicator id: target} for `year` in one query; ids without a target are absent."""
    return dict(
        IndicatorTarget.objects.filter(indicator_id__in=list(indicator_ids), year=year).values_list(
            "indicator_id", "value"
        )
    )


def indicators_for_activity(*, activity_id: int) -> QuerySet[Indicator]:
    return Indicator.objects.filter(activity_id=activity_id).prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
    )


def indicator_get(*, pk: int) -> Indicator:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Indicator.objects.select_related("activity", "program", "priority_program"), pk=pk
    )
