"""Reads of the links between masterplan indicators and datasets (issue #6 item 9). The
masterplan is read through its models' public fields and URL names only."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse

from kotacerdas.masterplan.models import Indicator
from kotacerdas.opendata.models import Dataset, DatasetState, IndicatorDataSource

CHOICE_LIMIT = 200


def indicator_url(indicator: Indicator) -> str:
    """The masterplan page that shows the indicator: its activity, program or priority
    program (the masterplan pages ask for a sign-in)."""
    if indicator.activity_id:
        return reverse("masterplan:activity_indicators", args=[indicator.activity_id])
    if indicator.program_id:
        return reverse("masterplan:program_detail", args=[indicator.program_id])
    if indicator.priority_program_id:
        return reverse("masterplan:priority_program_detail", args=[indicator.priority_program_id])
    return ""


def indicators_for_dataset(dataset: Dataset) -> list[Indicator]:
    """The indicators that name `dataset` as data source, by code; each carries `page_url`
    and `link_note` (the note of the link)."""
    links = (
        IndicatorDataSource.objects.filter(dataset=dataset)
        .select_related("indicator")
        .order_by("indicator__code")
    )
    indicators = []
    for link in links:
        indicator = link.indicator
        indicator.page_url = indicator_url(indicator)
        indicator.link_note = link.note
        indicators.append(indicator)
    return indicators


def datasets_for_indicator(indicator: Indicator, *, include_unpublished: bool = False) -> list:
    """The datasets `indicator` is measured from: published public ones, unless asked."""
    queryset = Dataset.objects.filter(indicator_links__indicator=indicator)
    if not include_unpublished:
        queryset = queryset.filter(state=DatasetState.ACTIVE, private=False)
    return list(queryset.select_related("organization").order_by("title"))


def indicator_link_list() -> QuerySet[IndicatorDataSource]:
    return IndicatorDataSource.objects.select_related(
        "indicator", "dataset", "dataset__organization", "created_by"
    ).order_by("indicator__code", "dataset__title")


def indicator_link_get(pk: int) -> IndicatorDataSource | None:
    return indicator_link_list().filter(pk=pk).first()


def indicator_choices(q: str = "") -> QuerySet[Indicator]:
    queryset = Indicator.objects.order_by("code")
    q = q.strip()
    if q:
        queryset = queryset.filter(Q(code__icontains=q) | Q(name__icontains=q))
    return queryset


def dataset_choices(q: str = "") -> QuerySet[Dataset]:
    queryset = (
        Dataset.objects.exclude(state=DatasetState.DELETED)
        .select_related("organization")
        .order_by("title")
    )
    q = q.strip()
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(name__icontains=q))
    return queryset
