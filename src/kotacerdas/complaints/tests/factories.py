"""factory-boy factories of `complaints` (shared by every complaints test; others append)."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from kotacerdas.complaints.models import (
    Case,
    CaseState,
    CaseType,
    Category,
    CategoryAttribute,
    Channel,
    Privacy,
    UrcUnit,
)
from kotacerdas.core.tests.factories import AgencyFactory

# A point in Kelurahan Durenjaya, Kecamatan Bekasi Timur.
BEKASI_TIMUR_POINT = (-6.2362, 107.0231)
JAKARTA_POINT = (-6.1754, 106.8272)  # Monas: outside Kota Bekasi


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kategori-uji-{n}")
    name = factory.Sequence(lambda n: f"Kategori Uji {n}")
    group = "Infrastruktur"
    case_type = CaseType.COMPLAINT
    default_agency = factory.SubFactory(AgencyFactory)


class CategoryAttributeFactory(DjangoModelFactory):
    class Meta:
        model = CategoryAttribute

    category = factory.SubFactory(CategoryFactory)
    code = factory.Sequence(lambda n: f"atribut-{n}")
    description = "Pertanyaan uji"
    datatype = "string"
    required = False


class UrcUnitFactory(DjangoModelFactory):
    class Meta:
        model = UrcUnit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"URC Uji {n}")
    agency = factory.SubFactory(AgencyFactory)
    phone = "021-1500444"


class CaseFactory(DjangoModelFactory):
    """A received case at a point inside Kota Bekasi (kecamatan/kelurahan left to services)."""

    class Meta:
        model = Case

    tracking_number = factory.Sequence(lambda n: f"ADU-UJI-{n:06d}")
    channel = Channel.WEB
    case_type = CaseType.COMPLAINT
    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Jalan berlubang {n}")
    description = "Jalan berlubang besar di depan sekolah, membahayakan pengendara motor."
    lat = BEKASI_TIMUR_POINT[0]
    lng = BEKASI_TIMUR_POINT[1]
    privacy = Privacy.PUBLIC
    reporter_name = "Budi Santoso"
    reporter_phone = "081234567890"
    reporter_email = "budi@contoh.id"
    state = CaseState.RECEIVED
    received_at = factory.LazyFunction(timezone.now)
    assigned_agency = factory.LazyAttribute(lambda case: case.category.default_agency)
