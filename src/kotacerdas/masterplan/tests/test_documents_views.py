"""Pages and API of the Rencana Induk document (Pasal 8)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import AdminFactory, OfficerFactory, UserFactory
from kotacerdas.masterplan.models import Masterplan, MasterplanStatus
from kotacerdas.masterplan.services import documents as services

pytestmark = pytest.mark.django_db
PDF_BYTES = b"%PDF-1.4\n% uji\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit.pem"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = []


def team():
    return UserFactory(roles=[Role.TEAM_MEMBER.value])


def versions():
    first = services.masterplan_create(
        actor=team(),
        title="Rencana Induk",
        period_start=2022,
        period_end=2026,
        chapters={"I": "Pendahuluan lama."},
    )
    services.masterplan_approve(
        actor=AdminFactory(),
        masterplan=first,
        decree_number="Contoh 050/Kep.1/2022",
        decree_date=dt.date(2022, 5, 20),
        decree_file=SimpleUploadedFile("k.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    second = services.masterplan_revise(actor=team(), based_on=first)
    services.masterplan_chapter_update(
        actor=team(), masterplan=second, code="I", body="Pendahuluan baru."
    )
    return first, second


def test_list_page_shows_versions_and_the_create_form_for_editors(
    client, django_assert_max_num_queries
):
    versions()
    client.force_login(team())
    with django_assert_max_num_queries(12):
        response = client.get(reverse("masterplan_documents:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Versi berlaku: v1, Keputusan Wali Kota Nomor Contoh 050/Kep.1/2022" in body
    assert 'href="/rencana-induk/dokumen/v2/"' in body
    assert "Buat draf baru (kosong)" in body


def test_anonymous_sees_only_approved_versions_and_no_form(client):
    versions()
    body = client.get(reverse("masterplan_documents:list")).content.decode()
    assert 'href="/rencana-induk/dokumen/v1/"' in body
    assert 'href="/rencana-induk/dokumen/v2/"' not in body
    assert "Buat draf baru" not in body
    assert client.get(reverse("masterplan_documents:detail", args=[2])).status_code == 404


def test_create_form_shows_clear_errors_and_writes_nothing(client):
    client.force_login(team())
    response = client.post(
        reverse("masterplan_documents:list"),
        {"title": "Draf", "period_start": "2026", "period_end": "2022"},
    )
    assert response.status_code == 200
    assert "Tahun akhir tidak boleh sebelum tahun awal." in response.content.decode()
    assert Masterplan.objects.count() == 0


def test_chapter_edit_form_saves_a_draft_chapter(client):
    _first, second = versions()
    client.force_login(team())
    url = reverse("masterplan_documents:chapter_edit", args=[second.version, "II"])
    response = client.post(url, {"body": "Visi baru."})
    assert response.status_code == 302
    assert response["Location"] == "/rencana-induk/dokumen/v2/#bab-II"
    assert second.chapters.get(code="II").body == "Visi baru."


def test_chapter_edit_of_an_approved_version_shows_the_error_and_changes_nothing(client):
    first, _second = versions()
    client.force_login(team())
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("masterplan_documents:chapter_edit", args=[first.version, "I"]),
        {"body": "Diubah."},
    )
    assert response.status_code == 200
    assert "sudah ditetapkan dan tidak dapat diubah" in response.content.decode()
    assert first.chapters.get(code="I").body == "Pendahuluan lama."
    assert AuditEvent.objects.count() == events


def test_officer_cannot_edit_or_revise(client):
    first, _second = versions()
    client.force_login(OfficerFactory())
    url = reverse("masterplan_documents:revise", args=[first.version])
    assert client.post(url).status_code == 403
    assert Masterplan.objects.count() == 2


def test_approve_page_for_admin_sets_the_status(client):
    _first, second = versions()
    client.force_login(AdminFactory())
    response = client.post(
        reverse("masterplan_documents:approve", args=[second.version]),
        {
            "decree_number": "Contoh 050/Kep.9/2024",
            "decree_date": "2024-02-01",
            "decree_file": SimpleUploadedFile("k.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == MasterplanStatus.APPROVED
    decree = client.get(reverse("masterplan_documents:decree", args=[second.version]))
    assert decree["X-Content-SHA256"] == second.decree_file_sha256
    assert b"".join(decree.streaming_content) == PDF_BYTES


def test_approve_page_refused_for_team(client):
    _first, second = versions()
    client.force_login(team())
    assert client.get(reverse("masterplan_documents:approve", args=[2])).status_code == 403
    second.refresh_from_db()
    assert second.status == MasterplanStatus.DRAFT


def test_diff_page_shows_ins_and_del(client):
    versions()
    client.force_login(team())
    response = client.get(reverse("masterplan_documents:diff"), {"lama": "1", "baru": "2"})
    body = response.content.decode()
    assert "<del>lama</del>" in body
    assert "<ins>baru</ins>" in body
    response = client.get(reverse("masterplan_documents:diff"), {"lama": "1", "baru": "1"})
    assert "Pilih dua versi yang berbeda." in response.content.decode()


def test_export_buttons_return_docx_at_once_and_pdf_after_the_worker(
    client, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult
    from docx import Document

    from kotacerdas.masterplan.documents.tasks import masterplan_export_render

    first, _second = versions()
    url = reverse("masterplan_documents:export", args=[1, "pdf"])
    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.get(url)
    assert waiting.status_code == 200
    assert "Berkas PDF sedang disusun" in waiting.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="ekspor-pdf"')
    assert 'hx-trigger="every 2s"' in fragment
    queued = DBTaskResult.objects.filter(
        task_path="kotacerdas.masterplan.documents.tasks.masterplan_export_render"
    )
    assert [q.args_kwargs["args"] for q in queued] == [[first.pk, "pdf", "id"]]  # asked twice, once
    masterplan_export_render.call(first.pk, "pdf", "id")
    ready = client.get(url, headers={"HX-Request": "true"})
    assert (ready.status_code, ready["HX-Redirect"]) == (204, url)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    response = client.get(reverse("masterplan_documents:export", args=[1, "docx"]))
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "Rencana Induk"
    assert client.get(reverse("masterplan_documents:export", args=[1, "odt"])).status_code == 404


def test_api_lists_versions_details_and_diff(client):
    first, _second = versions()
    listing = client.get("/api/v1/masterplan/documents")
    assert listing.status_code == 200
    assert [v["version"] for v in listing.json()] == [1]  # anonymous: approved only
    client.force_login(team())
    assert [v["version"] for v in client.get("/api/v1/masterplan/documents").json()] == [2, 1]
    detail = client.get("/api/v1/masterplan/documents/2").json()
    assert (detail["status"], detail["based_on_version"]) == ("draft", 1)
    assert [c["code"] for c in detail["chapters"]] == ["I", "II", "III", "IV", "V", "L"]
    assert detail["links"]["pdf"] == "/api/v1/masterplan/documents/2/export.pdf"
    diff = client.get("/api/v1/masterplan/documents/diff", {"old": 1, "new": 2}).json()
    chapter = diff["chapters"][0]
    assert chapter["changed"] is True
    assert chapter["lines"][1]["segments"] == [
        {"kind": "same", "text": "Pendahuluan "},
        {"kind": "ins", "text": "baru"},
        {"kind": "same", "text": "."},
    ]
    export = client.get("/api/v1/masterplan/documents/1/export.pdf")
    assert (export.status_code, export.json(), export["Retry-After"]) == (
        202,
        {"status": "preparing"},
        "5",
    )
    from kotacerdas.masterplan.documents.tasks import masterplan_export_render

    masterplan_export_render.call(first.pk, "pdf", "id")
    export = client.get("/api/v1/masterplan/documents/1/export.pdf")
    assert export.content.startswith(b"%PDF-")
