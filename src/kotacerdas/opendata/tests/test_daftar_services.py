"""Daftar Data services: the walidata sets the list; producers read their own entries."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import AgencyFactory
from kotacerdas.opendata.models import DataListEntry, Frequency
from kotacerdas.opendata.selectors.daftar import entry_get, entry_list
from kotacerdas.opendata.services.daftar import entry_create, entry_delete, entry_update
from kotacerdas.opendata.tests.factories import (
    KECAMATAN_SCHEMA,
    ProducerFactory,
    SubmissionFactory,
    WalidataFactory,
)

pytestmark = pytest.mark.django_db


def test_walidata_creates_an_entry_with_a_cleaned_schema_and_an_audit_event():
    walidata, agency = WalidataFactory(), AgencyFactory()
    entry = entry_create(
        actor=walidata,
        agency=agency,
        year=2026,
        title="  Jumlah sekolah ",
        frequency=Frequency.SEMIANNUAL,
        table_schema=KECAMATAN_SCHEMA,
        priority=True,
    )
    assert (entry.title, entry.year, entry.priority) == ("Jumlah sekolah", 2026, True)
    assert [f["name"] for f in entry.table_schema["fields"]] == [
        "tahun",
        "kode_kecamatan",
        "jumlah",
        "keterangan",
    ]
    event = AuditEvent.objects.get(action="opendata.entry.create")
    assert event.object_id == str(entry.pk)


def test_a_bad_schema_is_refused_with_its_message_and_nothing_written():
    bad = {"fields": [{"name": "a", "type": "warna"}]}
    with pytest.raises(ValidationError) as exc:
        entry_create(
            actor=WalidataFactory(), agency=AgencyFactory(), year=2026, title="X", table_schema=bad
        )
    assert exc.value.message_dict["table_schema"]
    assert DataListEntry.objects.count() == 0


def test_a_duplicate_title_in_the_same_year_is_refused():
    walidata, agency = WalidataFactory(), AgencyFactory()
    entry_create(actor=walidata, agency=agency, year=2026, title="Data A")
    with pytest.raises(ValidationError) as exc:
        entry_create(actor=walidata, agency=agency, year=2026, title="Data A")
    assert "sudah memiliki data bernama sama" in exc.value.message_dict["title"][0]
    assert DataListEntry.objects.count() == 1


def test_producers_cannot_create_edit_or_delete_entries():
    producer = ProducerFactory()
    entry = entry_create(actor=WalidataFactory(), agency=producer.agency, year=2026, title="A")
    with pytest.raises(PermissionDenied):
        entry_create(actor=producer, agency=producer.agency, year=2026, title="B")
    with pytest.raises(PermissionDenied):
        entry_update(actor=producer, entry=entry, title="C")
    with pytest.raises(PermissionDenied):
        entry_delete(actor=producer, entry=entry)
    entry.refresh_from_db()
    assert entry.title == "A" and DataListEntry.objects.count() == 1


def test_update_records_the_changed_fields():
    walidata = WalidataFactory()
    entry = entry_create(actor=walidata, agency=AgencyFactory(), year=2026, title="A")
    entry_update(actor=walidata, entry=entry, due_days=45, priority=True)
    event = AuditEvent.objects.get(action="opendata.entry.update")
    assert event.changes == {"due_days": [30, 45], "priority": [False, True]}
    with pytest.raises(ValidationError) as exc:
        entry_update(actor=walidata, entry=entry, due_days=999)
    assert exc.value.message_dict["due_days"] == ["Batas hari harus antara 0 dan 366."]


def test_delete_is_refused_when_submissions_exist():
    walidata = WalidataFactory()
    entry = entry_create(actor=walidata, agency=AgencyFactory(), year=2026, title="A")
    SubmissionFactory(entry=entry)
    with pytest.raises(ValidationError) as exc:
        entry_delete(actor=walidata, entry=entry)
    assert exc.value.messages == [
        "Entri ini tidak dapat dihapus karena sudah memiliki 1 kiriman data; riwayatnya harus "
        "tetap tersimpan."
    ]
    assert DataListEntry.objects.count() == 1


def test_delete_without_submissions():
    walidata = WalidataFactory()
    entry = entry_create(actor=walidata, agency=AgencyFactory(), year=2026, title="A")
    entry_delete(actor=walidata, entry=entry)
    assert DataListEntry.objects.count() == 0
    assert AuditEvent.objects.filter(action="opendata.entry.delete").count() == 1


def test_producers_read_only_their_own_agencys_entries():
    walidata, producer, other = WalidataFactory(), ProducerFactory(), ProducerFactory()
    mine = entry_create(actor=walidata, agency=producer.agency, year=2026, title="A")
    theirs = entry_create(actor=walidata, agency=other.agency, year=2026, title="B")
    assert list(entry_list(actor=producer)) == [mine]
    assert set(entry_list(actor=walidata)) == {mine, theirs}
    assert entry_get(actor=producer, pk=mine.pk) == mine
    with pytest.raises(PermissionDenied):
        entry_get(actor=producer, pk=theirs.pk)
