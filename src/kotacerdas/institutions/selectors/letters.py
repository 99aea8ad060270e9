"""Reads of the correspondence register (Pasal 12): lists, detail, the next outgoing number."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from kotacerdas.institutions import numbering
from kotacerdas.institutions.models import (
    Letter,
    LetterAttachment,
    LetterClassification,
    LetterDirection,
    NumberingScheme,
)
from kotacerdas.institutions.permissions import require_read


def letter_list(
    *,
    actor: Any,
    direction: str = "",
    classification: str = "",
    year: int | None = None,
    search: str = "",
) -> QuerySet[Letter]:
    """Letters newest first, filtered by direction, classification code, year and a search in
    number, subject, sender and recipient."""
    require_read(actor)
    queryset = Letter.objects.select_related("classification").annotate(
        attachment_count=Count("attachments")
    )
    if direction:
        queryset = queryset.filter(direction=direction)
    if classification:
        queryset = queryset.filter(classification__code=classification)
    if year:
        queryset = queryset.filter(year=year)
    search = (search or "").strip()
    if search:
        queryset = queryset.filter(
            Q(number__icontains=search)
            | Q(subject__icontains=search)
            | Q(sender__icontains=search)
            | Q(recipient__icontains=search)
        )
    return queryset.order_by("-date", "-id")


def letter_years() -> list[int]:
    return list(Letter.objects.order_by("-year").values_list("year", flat=True).distinct())


def letter_get(*, actor: Any, pk: int) -> Letter:
    require_read(actor)
    return get_object_or_404(
        Letter.objects.select_related("classification", "registered_by").prefetch_related(
            "attachments"
        ),
        pk=pk,
    )


def attachment_get(*, actor: Any, pk: int) -> LetterAttachment:
    require_read(actor)
    return get_object_or_404(LetterAttachment.objects.select_related("letter"), pk=pk)


def classification_choices() -> QuerySet[LetterClassification]:
    return LetterClassification.objects.order_by("code")


def letter_choices(*, direction: str = "") -> QuerySet[Letter]:
    """Letters to pick in a form (e.g. the cover letter of a report), newest first."""
    queryset = Letter.objects.all()
    if direction:
        queryset = queryset.filter(direction=direction)
    return queryset.order_by("-date", "-id").only("id", "number", "date", "subject")


def active_scheme() -> NumberingScheme | None:
    return NumberingScheme.objects.filter(is_active=True).order_by("-id").first()


def scheme_list() -> QuerySet[NumberingScheme]:
    return NumberingScheme.objects.order_by("-is_active", "-id")


def next_sequence(year: int) -> int:
    """The next outgoing sequence of `year` (1 for the first letter of the year)."""
    last = Letter.objects.filter(direction=LetterDirection.OUTGOING, year=year).aggregate(
        last=Max("sequence")
    )["last"]
    return (last or 0) + 1


def free_number(
    scheme: NumberingScheme, *, classification_code: str, date: dt.date
) -> tuple[int, str]:
    """The next sequence of the year and the number it makes, skipping numbers already taken
    (e.g. a manual number that happens to look like a generated one)."""
    sequence = next_sequence(date.year)
    while True:
        number = numbering.format_number(
            scheme.pattern,
            classification_code=classification_code,
            sequence=sequence,
            width=scheme.sequence_width,
            date=date,
        )
        if not Letter.objects.filter(direction=LetterDirection.OUTGOING, number=number).exists():
            return sequence, number
        sequence += 1


def next_number_preview(
    *, classification_code: str, date: dt.date, scheme: NumberingScheme | None = None
) -> str | None:
    """The number the next outgoing letter would get now (another registration may take it
    first: the number is assigned on save)."""
    scheme = scheme or active_scheme()
    if scheme is None:
        return None
    return free_number(scheme, classification_code=classification_code or "000", date=date)[1]
