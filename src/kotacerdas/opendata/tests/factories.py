"""factory-boy factories of `opendata` (shared by every opendata test; others append)."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import AgencyFactory, UserFactory
from kotacerdas.opendata.models import (
    DataListEntry,
    DataRequest,
    Dataset,
    DatasetState,
    Frequency,
    Resource,
    Submission,
    SubmissionStatus,
    Tag,
    Topic,
)

# A Table Schema keyed by kecamatan codes: what most Daftar Data entries look like.
KECAMATAN_SCHEMA = {
    "fields": [
        {"name": "tahun", "type": "integer", "title": "Tahun", "constraints": {"required": True}},
        {
            "name": "kode_kecamatan",
            "type": "string",
            "title": "Kode kecamatan",
            "constraints": {"required": True},
            "kotacerdas:reference": "kecamatan",
        },
        {
            "name": "jumlah",
            "type": "integer",
            "title": "Jumlah",
            "unit": "jiwa",
            "constraints": {"required": True, "minimum": 0},
        },
        {"name": "keterangan", "type": "string", "title": "Keterangan"},
    ],
    "primaryKey": ["tahun", "kode_kecamatan"],
}

# A valid file for KECAMATAN_SCHEMA (real Kemendagri codes of Kota Bekasi).
KECAMATAN_CSV = (
    "tahun,kode_kecamatan,jumlah,keterangan\n"
    "2025,32.75.01,251000,Bekasi Timur\n"
    "2025,32.75.02,281000,Bekasi Barat\n"
    "2025,32.75.03,330000,Bekasi Utara\n"
)


class WalidataFactory(UserFactory):
    roles = factory.LazyFunction(lambda: [Role.WALIDATA.value])


class ProducerFactory(UserFactory):
    """An agency officer: a data producer of their agency."""

    roles = factory.LazyFunction(lambda: [Role.AGENCY_OFFICER.value])
    agency = factory.SubFactory(AgencyFactory)


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"topik-uji-{n}")
    title = factory.Sequence(lambda n: f"Topik Uji {n}")


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"kata-{n}")


class DatasetFactory(DjangoModelFactory):
    """A draft dataset (no release). Published ones come from the publish service."""

    class Meta:
        model = Dataset

    name = factory.Sequence(lambda n: f"dataset-uji-{n}")
    title = factory.Sequence(lambda n: f"Dataset Uji {n}")
    notes = "Dataset untuk pengujian."
    organization = factory.SubFactory(AgencyFactory)
    frequency = Frequency.ANNUAL
    state = DatasetState.DRAFT


class ResourceFactory(DjangoModelFactory):
    class Meta:
        model = Resource

    dataset = factory.SubFactory(DatasetFactory)
    name = factory.Sequence(lambda n: f"Sumber daya {n}")
    format = "CSV"
    media_type = "text/csv"


class DataListEntryFactory(DjangoModelFactory):
    class Meta:
        model = DataListEntry

    agency = factory.SubFactory(AgencyFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = factory.Sequence(lambda n: f"Jumlah penduduk per kecamatan {n}")
    description = "Jumlah penduduk menurut kecamatan."
    frequency = Frequency.ANNUAL
    table_schema = factory.LazyFunction(lambda: dict(KECAMATAN_SCHEMA))


class SubmissionFactory(DjangoModelFactory):
    """A row only (no file, no validation); real submissions come from the services."""

    class Meta:
        model = Submission

    entry = factory.SubFactory(DataListEntryFactory)
    agency = factory.LazyAttribute(lambda s: s.entry.agency)
    period_label = factory.LazyAttribute(lambda s: str(s.entry.year))
    status = SubmissionStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class DataRequestFactory(DjangoModelFactory):
    class Meta:
        model = DataRequest

    title = factory.Sequence(lambda n: f"Data permintaan {n}")
    description = "Untuk penelitian tugas akhir."
    requester_name = "Siti Aminah"
    requester_email = "siti@contoh.id"
