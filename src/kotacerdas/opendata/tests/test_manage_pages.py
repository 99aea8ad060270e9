"""Management pages through the test client: status codes, messages, confirmation flows."""

import pytest
from django.urls import reverse

from kotacerdas.core.tests.factories import AgencyFactory, UserFactory
from kotacerdas.opendata.models import DataListEntry, Resource, Submission, SubmissionStatus
from kotacerdas.opendata.services.submissions import submission_check, submission_process
from kotacerdas.opendata.tests.factories import ProducerFactory, WalidataFactory
from kotacerdas.opendata.tests.workflow_support import INVALID_CSV, csv_upload, make_entry, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def walidata():
    return WalidataFactory()


@pytest.fixture
def entry(walidata):
    return make_entry(walidata, AgencyFactory())


@pytest.fixture
def producer(entry):
    return ProducerFactory(agency=entry.agency)


def _client(client, user):
    client.force_login(user)
    return client


def test_entry_list_is_scoped_and_closed_to_others(client, walidata, entry, producer):
    other = make_entry(walidata, AgencyFactory(), title="Data lain")
    page = _client(client, walidata).get(reverse("opendata:entry_list"))
    assert page.status_code == 200
    assert entry.title in page.text and other.title in page.text
    page = _client(client, producer).get(reverse("opendata:entry_list"))
    assert entry.title in page.text and other.title not in page.text
    assert "Tambah entri" not in page.text
    client.force_login(UserFactory())
    assert client.get(reverse("opendata:entry_list")).status_code == 403
    client.logout()
    assert client.get(reverse("opendata:entry_list")).status_code == 302


def test_entry_detail_shows_schema_and_periods_and_refuses_other_agencies(client, entry, producer):
    page = _client(client, producer).get(reverse("opendata:entry_detail", args=[entry.pk]))
    assert page.status_code == 200
    assert "kode_kecamatan" in page.text and "2025-Q4" in page.text
    assert "Belum dikirim" in page.text  # 2025 periods are overdue
    stranger = ProducerFactory()
    client.force_login(stranger)
    assert client.get(reverse("opendata:entry_detail", args=[entry.pk])).status_code == 403


def _entry_post(agency, **extra):
    data = {
        "agency": agency.pk,
        "year": "2026",
        "title": "Jumlah puskesmas",
        "description": "",
        "topic": "",
        "frequency": "annual",
        "due_days": "30",
        "unit": "unit",
        "schema_json": "",
        "kolom-TOTAL_FORMS": "2",
        "kolom-INITIAL_FORMS": "0",
        "kolom-MIN_NUM_FORMS": "0",
        "kolom-MAX_NUM_FORMS": "1000",
        "kolom-0-name": "kode_kecamatan",
        "kolom-0-title": "Kode kecamatan",
        "kolom-0-type": "string",
        "kolom-0-required": "on",
        "kolom-0-reference": "kecamatan",
        "kolom-1-name": "jumlah",
        "kolom-1-type": "integer",
        "kolom-1-minimum": "0",
        "kolom-1-reference": "",
    }
    data.update(extra)
    return data


def test_walidata_creates_an_entry_with_the_schema_editor(client, walidata):
    agency = AgencyFactory()
    response = _client(client, walidata).post(reverse("opendata:entry_create"), _entry_post(agency))
    entry = DataListEntry.objects.get(title="Jumlah puskesmas")
    assert response.status_code == 302
    assert response["Location"] == reverse("opendata:entry_detail", args=[entry.pk])
    fields = entry.table_schema["fields"]
    assert [f["name"] for f in fields] == ["kode_kecamatan", "jumlah"]
    assert fields[0]["kotacerdas:reference"] == "kecamatan"
    assert fields[1]["constraints"] == {"minimum": 0}


def test_a_bad_column_name_shows_the_message_and_writes_nothing(client, walidata):
    response = _client(client, walidata).post(
        reverse("opendata:entry_create"),
        _entry_post(AgencyFactory(), **{"kolom-1-name": "Jumlah!"}),
    )
    assert response.status_code == 200
    assert 'data-testid="errors"' in response.text
    assert "Nama kolom Jumlah! tidak sah" in response.text
    assert DataListEntry.objects.count() == 0


def test_raw_json_schema_that_is_not_json_is_refused(client, walidata):
    response = _client(client, walidata).post(
        reverse("opendata:entry_create"), _entry_post(AgencyFactory(), schema_json="{bukan")
    )
    assert response.status_code == 200
    assert "JSON tidak valid" in response.text
    assert DataListEntry.objects.count() == 0


def test_producers_get_403_on_the_entry_forms(client, entry, producer):
    client.force_login(producer)
    assert client.get(reverse("opendata:entry_create")).status_code == 403
    assert client.get(reverse("opendata:entry_edit", args=[entry.pk])).status_code == 403
    response = client.post(reverse("opendata:entry_delete", args=[entry.pk]))
    assert response.status_code == 403
    assert DataListEntry.objects.count() == 1


def test_entry_edit_keeps_the_primary_key(client, walidata, entry):
    data = _entry_post(entry.agency, title="Nama baru", year="2025", frequency="quarterly")
    response = _client(client, walidata).post(reverse("opendata:entry_edit", args=[entry.pk]), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Nama baru"
    assert "primaryKey" not in entry.table_schema  # "tahun" is no longer a column


def test_entry_delete_asks_for_confirmation_and_refuses_with_submissions(
    client, walidata, entry, producer
):
    client.force_login(walidata)
    page = client.get(reverse("opendata:entry_delete", args=[entry.pk]))
    assert page.status_code == 200 and "Ya, hapus" in page.text
    submit(producer, entry, "2025-Q1", process=False)
    response = client.post(reverse("opendata:entry_delete", args=[entry.pk]))
    assert response.status_code == 200
    assert "sudah memiliki 1 kiriman data" in response.text
    assert DataListEntry.objects.count() == 1
    empty = make_entry(walidata, AgencyFactory(), title="Kosong")
    response = client.post(reverse("opendata:entry_delete", args=[empty.pk]))
    assert response.status_code == 302
    assert not DataListEntry.objects.filter(pk=empty.pk).exists()


def test_upload_page_then_progress_then_report(client, entry, producer):
    client.force_login(producer)
    url = reverse("opendata:submission_create", args=[entry.pk])
    assert client.get(url + "?periode=2025-Q2").status_code == 200
    response = client.post(
        url, {"period_label": "2025-Q1", "file": csv_upload(INVALID_CSV), "notes": "Triwulan I"}
    )
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("opendata:submission_detail", args=[submission.pk])
    detail = client.get(response["Location"])
    assert 'data-testid="progress"' in detail.text and "every 1s" in detail.text
    fragment = client.get(response["Location"] + "?bagian=progres", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "HX-Refresh" not in fragment
    assert "<html" not in fragment.text and 'aria-valuenow="0"' in fragment.text
    submission_process(submission_id=submission.pk)
    fragment = client.get(response["Location"] + "?bagian=progres", HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"
    detail = client.get(response["Location"])
    assert 'data-testid="report-invalid"' in detail.text
    assert "32.75.99" in detail.text


def test_a_bad_upload_shows_the_message_and_writes_nothing(client, entry, producer):
    client.force_login(producer)
    response = client.post(
        reverse("opendata:submission_create", args=[entry.pk]),
        {"period_label": "2025-Q1", "file": csv_upload("", name="kosong.csv")},
    )
    assert response.status_code == 200
    assert (Submission.objects.count(), Resource.objects.count()) == (0, 0)
    # Django's form refuses an empty file before the service is even called.
    assert "kosong" in response.text


def test_another_agencys_officer_gets_403_on_upload_and_detail(client, entry, producer):
    submission = submit(producer, entry, "2025-Q1")
    client.force_login(ProducerFactory())
    assert client.get(reverse("opendata:submission_create", args=[entry.pk])).status_code == 403
    detail = reverse("opendata:submission_detail", args=[submission.pk])
    assert client.get(detail).status_code == 403


def test_walidata_returns_with_notes_then_publishes_with_confirmation(
    client, walidata, entry, producer
):
    submission = submit(producer, entry, "2025-Q1")
    client.force_login(walidata)
    detail = client.get(reverse("opendata:submission_detail", args=[submission.pk]))
    assert 'data-testid="preview-table"' in detail.text and "251000" in detail.text
    assert 'data-testid="actions"' in detail.text
    return_url = reverse("opendata:submission_action", args=[submission.pk, "return"])
    assert client.get(return_url).status_code == 200
    response = client.post(return_url, {"notes": ""})
    assert response.status_code == 200
    assert "Tuliskan catatan untuk produsen data." in response.text
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    response = client.post(return_url, {"notes": "Angka Bekasi Utara tertukar."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED

    again = submit(producer, entry, "2025-Q1")
    assert (
        client.post(
            reverse("opendata:submission_action", args=[again.pk, "check"]), {"notes": ""}
        ).status_code
        == 302
    )
    publish_url = reverse("opendata:submission_action", args=[again.pk, "publish"])
    page = client.get(publish_url)
    assert "tidak dapat diubah lagi" in page.text
    response = client.post(publish_url, {"notes": "Rilis pertama"}, follow=True)
    assert "Data diterbitkan sebagai versi 1" in response.text
    again.refresh_from_db()
    assert again.status == SubmissionStatus.PUBLISHED
    assert again.dataset.is_public


def test_producers_cannot_act_on_submissions(client, entry, producer):
    submission = submit(producer, entry, "2025-Q1")
    client.force_login(producer)
    for action in ("check", "return", "publish"):
        url = reverse("opendata:submission_action", args=[submission.pk, action])
        assert client.post(url, {"notes": "x"}).status_code == 403
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_publishing_an_unchecked_submission_shows_the_message(client, walidata, entry, producer):
    submission = submit(producer, entry, "2025-Q1")
    client.force_login(walidata)
    response = client.post(
        reverse("opendata:submission_action", args=[submission.pk, "publish"]), {"notes": ""}
    )
    assert response.status_code == 200
    assert "tidak dapat dilakukan pada kiriman berstatus Dikirim" in response.text
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_submission_list_and_review_queue(client, walidata, entry, producer):
    submitted = submit(producer, entry, "2025-Q1")
    checked = submit(producer, entry, "2025-Q2")
    submission_check(actor=walidata, submission=checked)
    client.force_login(walidata)
    queue = client.get(reverse("opendata:review_queue"))
    assert queue.status_code == 200
    assert queue.text.index(f">{submitted.pk}</a>") < queue.text.index(f">{checked.pk}</a>")
    filtered = client.get(reverse("opendata:submission_list") + "?status=checked")
    assert f">{checked.pk}</a>" in filtered.text and f">{submitted.pk}</a>" not in filtered.text
    client.force_login(producer)
    assert client.get(reverse("opendata:review_queue")).status_code == 403
    assert client.get(reverse("opendata:submission_list")).status_code == 200


def test_compliance_page_and_csv(client, walidata, entry, producer):
    other = make_entry(walidata, AgencyFactory(), title="Data dinas lain")
    client.force_login(walidata)
    page = client.get(reverse("opendata:compliance") + "?tahun=2025")
    assert page.status_code == 200
    assert entry.agency.name in page.text and other.agency.name in page.text
    export = client.get(reverse("opendata:compliance_export") + "?tahun=2025")
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    rows = export.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + 4 + 4
    client.force_login(producer)
    page = client.get(reverse("opendata:compliance") + "?tahun=2025")
    assert entry.agency.name in page.text and other.agency.name not in page.text
