"""Reads of the category and URC-unit administration (pages and API)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from kotacerdas.complaints.models import Category, CategoryAttribute, UrcUnit


def category_list(*, active: bool | None = None, search: str = "") -> QuerySet[Category]:
    queryset = Category.objects.select_related("default_agency", "default_urc").annotate(
        attribute_count=Count("attributes", distinct=True)
    )
    if active is not None:
        queryset = queryset.filter(is_active=active)
    if search:
        queryset = queryset.filter(
            Q(code__icontains=search) | Q(name__icontains=search) | Q(group__icontains=search)
        )
    return queryset.order_by("group", "name", "id")


def category_get(*, code: str) -> Category:
    """Raises Category.DoesNotExist."""
    return Category.objects.select_related("default_agency", "default_urc").get(code=code)


def category_attributes(*, category: Category) -> QuerySet[CategoryAttribute]:
    return CategoryAttribute.objects.filter(category=category).order_by("order", "id")


def urc_unit_list(*, search: str = "") -> QuerySet[UrcUnit]:
    queryset = UrcUnit.objects.select_related("agency").annotate(
        member_count=Count("members", distinct=True)
    )
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(agency__name__icontains=search))
    return queryset.order_by("name", "id")
