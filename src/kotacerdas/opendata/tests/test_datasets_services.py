"""Dataset services: drafts of a producer's own agency, CKAN name rules, Indonesian errors
per field with nothing written, soft delete, audit, and the search text."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import AgencyFactory, UserFactory
from kotacerdas.opendata.models import Dataset, DatasetState, Tag
from kotacerdas.opendata.services import datasets as services
from kotacerdas.opendata.tests.factories import (
    DatasetFactory,
    ProducerFactory,
    ResourceFactory,
    TopicFactory,
    WalidataFactory,
)

pytestmark = pytest.mark.django_db


def world():
    return (
        list(Dataset.objects.order_by("pk").values()),
        list(Tag.objects.order_by("pk").values_list("name", flat=True)),
        AuditEvent.objects.count(),
    )


def test_producer_creates_a_draft_of_their_agency_with_tags_and_topics_audited():
    producer = ProducerFactory()
    TopicFactory(name="kesehatan", title="Kesehatan")
    dataset = services.dataset_create(
        actor=producer,
        organization=producer.agency,
        name="jumlah-puskesmas",
        title="Jumlah Puskesmas",
        notes="Puskesmas per kecamatan.",
        tags=["puskesmas", "air bersih"],
        topics=["kesehatan"],
        period_start="2025-01-01",
        period_end="2025-12-31",
    )
    assert dataset.state == DatasetState.DRAFT
    assert dataset.is_public is False
    assert dataset.created_by == producer
    assert sorted(dataset.tags.values_list("name", flat=True)) == ["air bersih", "puskesmas"]
    assert list(dataset.topics.values_list("name", flat=True)) == ["kesehatan"]
    event = AuditEvent.objects.get(action="opendata.dataset.create")
    assert event.object_id == str(dataset.pk)
    assert event.changes["name"] == "jumlah-puskesmas"
    assert event.changes["tags"] == ["air bersih", "puskesmas"]
    dataset.refresh_from_db()
    assert "Jumlah Puskesmas" in dataset.search_text
    assert "air bersih" in dataset.search_text
    assert "Kesehatan" in dataset.search_text
    assert producer.agency.name in dataset.search_text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("A", "Nama URL harus 2-100 karakter"),
        ("Data Penduduk", "Nama URL harus 2-100 karakter"),
        ("x" * 101, "Nama URL harus 2-100 karakter"),
        ("sudah-ada", "Nama URL ini sudah dipakai dataset lain."),
    ],
)
def test_bad_names_are_refused_per_field_and_nothing_is_written(name, message):
    producer = ProducerFactory()
    DatasetFactory(name="sudah-ada", organization=producer.agency)
    before = world()
    with pytest.raises(ValidationError) as raised:
        services.dataset_create(
            actor=producer, organization=producer.agency, name=name, title="Judul"
        )
    assert raised.value.message_dict["name"][0].startswith(message)
    assert world() == before


def test_every_bad_field_is_reported_at_once():
    producer = ProducerFactory()
    before = world()
    with pytest.raises(ValidationError) as raised:
        services.dataset_create(
            actor=producer,
            organization=producer.agency,
            name="ok-name",
            title="  ",
            license_id="bebas",
            frequency="mingguan",
            contact_email="bukan-surel",
            period_start="2025-12-31",
            period_end="2025-01-01",
            topics=["tidak-ada"],
            tags=["!"],
            warna="biru",
        )
    assert raised.value.message_dict == {
        "title": ["Wajib diisi."],
        "license_id": ["Lisensi tidak dikenal."],
        "frequency": ["Frekuensi tidak dikenal."],
        "contact_email": ["Alamat surel tidak valid."],
        "period_end": ["Akhir periode tidak boleh sebelum awal periode."],
        "groups": ["Topik tidak dikenal: tidak-ada."],
        "tags": [
            "Kata kunci “!” tidak valid: 2-100 karakter berupa huruf, angka, spasi, -, _ "
            "atau titik."
        ],
        "warna": ["Kolom tidak dikenal."],
    }
    assert world() == before


def test_producer_of_another_agency_may_not_create_or_change():
    producer = ProducerFactory()
    other = AgencyFactory()
    dataset = DatasetFactory(organization=other)
    before = world()
    with pytest.raises(PermissionDenied):
        services.dataset_create(actor=producer, organization=other, name="abc", title="Judul")
    with pytest.raises(PermissionDenied):
        services.dataset_update(actor=producer, dataset=dataset, title="Diubah")
    with pytest.raises(PermissionDenied):
        services.dataset_delete(actor=producer, dataset=dataset)
    with pytest.raises(PermissionDenied):
        services.dataset_create(actor=UserFactory(), organization=other, name="abc", title="J")
    assert world() == before


def test_walidata_creates_for_any_agency():
    dataset = services.dataset_create(
        actor=WalidataFactory(), organization=AgencyFactory(), name="data-walidata", title="J"
    )
    assert dataset.state == DatasetState.DRAFT


def test_update_replaces_tags_and_topics_by_name_and_audits_the_difference():
    producer = ProducerFactory()
    TopicFactory(name="kesehatan")
    TopicFactory(name="sosial")
    dataset = services.dataset_create(
        actor=producer,
        organization=producer.agency,
        name="data-a",
        title="Data A",
        tags=["lama"],
        topics=["kesehatan"],
    )
    before_modified = Dataset.objects.get(pk=dataset.pk).metadata_modified
    services.dataset_update(
        actor=producer, dataset=dataset, title="Data B", tags=["baru"], topics=["sosial"]
    )
    dataset.refresh_from_db()
    assert dataset.title == "Data B"
    assert list(dataset.tags.values_list("name", flat=True)) == ["baru"]
    assert list(dataset.topics.values_list("name", flat=True)) == ["sosial"]
    assert dataset.metadata_modified >= before_modified
    assert "Data B" in dataset.search_text and "lama" not in dataset.search_text
    event = AuditEvent.objects.get(action="opendata.dataset.update")
    assert event.changes == {
        "tags": [["lama"], ["baru"]],
        "title": ["Data A", "Data B"],
        "topics": [["kesehatan"], ["sosial"]],
    }


def test_producer_may_not_change_a_published_dataset_or_its_privacy():
    producer = ProducerFactory()
    published = DatasetFactory(organization=producer.agency, state=DatasetState.ACTIVE)
    draft = DatasetFactory(organization=producer.agency)
    before = world()
    with pytest.raises(PermissionDenied):
        services.dataset_update(actor=producer, dataset=published, title="X")
    with pytest.raises(ValidationError) as raised:
        services.dataset_update(actor=producer, dataset=draft, private=True)
    assert raised.value.message_dict == {
        "private": ["Hanya walidata yang boleh mengubah status privat dataset."]
    }
    assert world() == before
    services.dataset_update(actor=WalidataFactory(), dataset=published, private=True)
    assert Dataset.objects.get(pk=published.pk).private is True


def test_rename_to_a_taken_name_is_refused():
    producer = ProducerFactory()
    DatasetFactory(name="dipakai")
    dataset = DatasetFactory(organization=producer.agency, name="milikku")
    with pytest.raises(ValidationError) as raised:
        services.dataset_update(actor=producer, dataset=dataset, name="dipakai")
    assert raised.value.message_dict == {"name": ["Nama URL ini sudah dipakai dataset lain."]}
    services.dataset_update(actor=producer, dataset=dataset, name="milikku")  # its own name


def test_delete_sets_state_deleted_keeps_the_row_and_is_audited():
    producer = ProducerFactory()
    dataset = DatasetFactory(organization=producer.agency)
    services.dataset_delete(actor=producer, dataset=dataset)
    dataset.refresh_from_db()
    assert dataset.state == DatasetState.DELETED
    event = AuditEvent.objects.get(action="opendata.dataset.delete")
    assert event.changes == {"state": ["draft", "deleted"]}


def test_refresh_search_includes_resources_formats_and_counts():
    dataset = DatasetFactory(title="Curah Hujan", notes="Harian")
    ResourceFactory(dataset=dataset, name="Curah hujan 2025", format="csv")
    ResourceFactory(dataset=dataset, name="Peta stasiun", format="GeoJSON")
    services.dataset_refresh_search(dataset)
    dataset.refresh_from_db()
    assert dataset.formats == ["CSV", "GEOJSON"]
    assert dataset.num_resources == 2
    assert "Peta stasiun" in dataset.search_text
    assert "GeoJSON" in dataset.search_text


def test_bulk_refresh_matches_the_single_refresh():
    first, second = DatasetFactory(), DatasetFactory()
    ResourceFactory(dataset=first, format="XLSX")
    assert services.dataset_refresh_search_bulk([first, second]) == 2
    bulk = list(Dataset.objects.order_by("pk").values_list("search_text", "formats"))
    services.dataset_refresh_search(first)
    services.dataset_refresh_search(second)
    assert list(Dataset.objects.order_by("pk").values_list("search_text", "formats")) == bulk
