"""Reads of the council's and team's budget (Pasal 30): pagu, realisation, % and remaining."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from kotacerdas.institutions.models import Body, BudgetLine, BudgetSpending, FundingSource
from kotacerdas.institutions.permissions import require_read

ZERO = Decimal("0")


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole in percent with one decimal (None when there is no pagu)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BudgetRow:
    """Pagu and realisation of one body and source (or one line, or a total)."""

    body: str
    body_label: str
    source: str
    source_label: str
    pagu: Decimal
    realised: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.pagu - self.realised

    @property
    def percent(self) -> Decimal | None:
        return percent(self.realised, self.pagu)


def _with_realised(queryset: QuerySet[BudgetLine]) -> QuerySet[BudgetLine]:
    money = DecimalField(max_digits=18, decimal_places=2)
    return queryset.annotate(
        realised=Coalesce(Sum("spendings__amount"), Value(ZERO), output_field=money)
    ).annotate(remaining=ExpressionWrapper(F("amount") - F("realised"), output_field=money))


def budget_lines(*, actor: Any, year: int) -> QuerySet[BudgetLine]:
    """The lines of a year with their realisation (`realised`), by body, source and name."""
    require_read(actor)
    return _with_realised(BudgetLine.objects.filter(year=year)).order_by(
        "body", "source", "name", "id"
    )


def budget_summary(*, actor: Any, year: int) -> tuple[list[BudgetRow], BudgetRow]:
    """Per body and source: pagu, realisation (and % and remaining); then the year's total."""
    totals: dict[tuple[str, str], list[Decimal]] = {}
    for line in budget_lines(actor=actor, year=year):
        pagu_realised = totals.setdefault((line.body, line.source), [ZERO, ZERO])
        pagu_realised[0] += line.amount
        pagu_realised[1] += line.realised
    rows = [
        BudgetRow(
            body=body,
            body_label=str(Body(body).label),
            source=source,
            source_label=str(FundingSource(source).label),
            pagu=pagu,
            realised=realised,
        )
        for body in Body.values
        for source in FundingSource.values
        if (body, source) in totals
        for pagu, realised in [totals[(body, source)]]
    ]
    total = BudgetRow(
        body="",
        body_label="",
        source="",
        source_label="",
        pagu=sum((row.pagu for row in rows), ZERO),
        realised=sum((row.realised for row in rows), ZERO),
    )
    return rows, total


def budget_years() -> list[int]:
    return list(BudgetLine.objects.order_by("-year").values_list("year", flat=True).distinct())


def budget_line_get(*, actor: Any, pk: int) -> BudgetLine:
    require_read(actor)
    return get_object_or_404(_with_realised(BudgetLine.objects.all()), pk=pk)


def budget_spendings(*, actor: Any, line: BudgetLine) -> QuerySet[BudgetSpending]:
    require_read(actor)
    return (
        BudgetSpending.objects.filter(line=line)
        .select_related("recorded_by")
        .order_by("date", "id")
    )


def budget_spending_get(*, actor: Any, pk: int) -> BudgetSpending:
    require_read(actor)
    return get_object_or_404(BudgetSpending.objects.select_related("line"), pk=pk)
