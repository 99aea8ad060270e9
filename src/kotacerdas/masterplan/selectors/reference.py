"""Reads of the regulation's reference data (Pasal 15-22)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from kotacerdas.masterplan.models import Dimension, Element, PriorityArea

REFERENCE_KINDS = {"dimensi": Dimension, "unsur": Element, "bidang": PriorityArea}


def dimension_list() -> QuerySet[Dimension]:
    """The six dimensions with their elements and priority areas (three queries)."""
    return Dimension.objects.prefetch_related(
        Prefetch("elements", queryset=Element.objects.order_by("order")),
        Prefetch("priority_areas", queryset=PriorityArea.objects.order_by("order")),
    )


def reference_get(*, kind: str, code: str) -> Dimension | Element | PriorityArea:
    model = REFERENCE_KINDS.get(kind)
    if model is None:
        from django.http import Http404

        raise Http404
    return get_object_or_404(model, code=code)
