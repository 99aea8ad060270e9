"""Meeting pages: list with filters and CSV, schedule form with Indonesian field errors, the
meeting page and its actions (attendance, checklist by htmx, documents, minutes, conversion
with confirmation, distribution), cadence table and CSV, calendar; permissions."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import AgencyFactory, OfficerFactory, PersonFactory
from kotacerdas.institutions.models import (
    ActionItem,
    Meeting,
    MeetingDocument,
    MeetingStatus,
    Minutes,
    MinutesDistribution,
)
from kotacerdas.institutions.services import meetings as services
from kotacerdas.institutions.tests.meeting_helpers import (
    council_member,
    past_meeting,
    schedule,
    secretariat,
    term_with_members,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = secretariat()
    client.force_login(user)
    return user


def url(name, *args):
    return reverse(f"institutions:{name}", args=args)


def test_navigation_names_reverse_without_arguments():
    assert url("meeting_list") == "/kelembagaan/rapat/"
    assert url("meeting_calendar") == "/kelembagaan/rapat/kalender/"
    assert url("cadence") == "/kelembagaan/rapat/kepatuhan/"


def test_list_filters_paginates_and_exports(client, staff):
    term = term_with_members()
    k1, k2 = list(term.commissions.order_by("dimension__order"))[:2]
    schedule(term=term, title="Rapat komisi satu", commissions=[k1])
    schedule(term=term, title="Rapat komisi dua", commissions=[k2])
    page = client.get(url("meeting_list"), {"komisi": k1.pk}).content.decode()
    assert "Rapat komisi satu" in page and "Rapat komisi dua" not in page
    page = client.get(url("meeting_list"), {"status": "cancelled"}).content.decode()
    assert "Rapat komisi satu" not in page
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page = client.get(url("meeting_list"), {"sampai": tomorrow.isoformat()}).content.decode()
    assert "Tidak ada rapat." in page
    response = client.get(url("meeting_export"), {"komisi": k2.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1] == "Judul" and [r[1] for r in rows[1:]] == ["Rapat komisi dua"]


def test_list_pagination(client, staff):
    term = term_with_members()
    for i in range(27):
        schedule(term=term, title=f"Rapat {i:02d}")
    first = client.get(url("meeting_list")).content.decode()
    assert "Halaman 1 dari 2" in first
    assert "Rapat 00" in client.get(url("meeting_list"), {"halaman": 2}).content.decode()


def test_permissions_officer_forbidden_council_member_reads_only(client):
    meeting = schedule()
    client.force_login(OfficerFactory())
    assert client.get(url("meeting_list")).status_code == 403
    assert client.get(url("meeting_detail", meeting.pk)).status_code == 403
    assert client.get(url("cadence")).status_code == 403
    client.force_login(council_member())
    assert client.get(url("meeting_list")).status_code == 200
    page = client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert meeting.title in page and "Batalkan rapat" not in page
    assert client.get(url("meeting_schedule")).status_code == 403
    events = AuditEvent.objects.count()
    response = client.post(url("meeting_cancel", meeting.pk), {"reason": "x"})
    assert response.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED
    assert AuditEvent.objects.count() == events


def _form(term, commissions, **overrides):
    start = timezone.localtime() + dt.timedelta(days=5)
    data = {
        "term": term.pk,
        "kind": "commission",
        "commissions": [c.pk for c in commissions],
        "title": "Rapat perencanaan",
        "agenda": "1. Pembukaan",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "location": "Ruang rapat",
    }
    data.update(overrides)
    return data


def test_schedule_form_creates_and_redirects(client, staff):
    term = term_with_members()
    k1 = term.commissions.order_by("dimension__order").first()
    response = client.post(url("meeting_schedule"), _form(term, [k1]))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == url("meeting_detail", meeting.pk)
    assert meeting.attendances.count() == 2


def test_schedule_form_shows_field_errors_in_indonesian_and_writes_nothing(client, staff):
    term = term_with_members()
    k1, k2 = list(term.commissions.order_by("dimension__order"))[:2]
    response = client.post(url("meeting_schedule"), _form(term, [k1, k2], title=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Bidang ini tidak boleh kosong" in page  # Django's own message, in Indonesian
    response = client.post(url("meeting_schedule"), _form(term, [k1, k2]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "tepat satu komisi" in page and "is-invalid" in page
    assert Meeting.objects.count() == 0


def _komisi_options(html: str) -> set[int]:
    select = html.split('id="id_commissions"')[1].split("</select>")[0]
    return {int(v) for v in re.findall(r'value="(\d+)"', select)}


def test_schedule_form_offers_only_the_chosen_terms_komisi(client, staff):
    from kotacerdas.institutions.models import TermStatus
    from kotacerdas.institutions.tests.factories import CouncilTermFactory

    ended = CouncilTermFactory(start_date=dt.date(2020, 1, 6), status=TermStatus.ENDED)
    current = term_with_members()
    current.status = TermStatus.ACTIVE
    current.save()
    mine = {c.pk for c in current.commissions.all()}
    old = {c.pk for c in ended.commissions.all()}
    assert len(mine) == len(old) == 6
    # The form opens on the current term: only its six komisi.
    html = client.get(url("meeting_schedule")).content.decode()
    assert _komisi_options(html) == mine
    assert (
        'hx-get="' + url("meeting_schedule") + '"' in html and 'hx-select="#id_commissions"' in html
    )
    # The term select changed (htmx GET): the ended term's komisi only.
    html = client.get(url("meeting_schedule"), {"term": ended.pk}).content.decode()
    assert _komisi_options(html) == old
    # A komisi of an ended term posted with the current term: a field error, nothing written.
    events = AuditEvent.objects.count()
    response = client.post(
        url("meeting_schedule"), _form(current, list(ended.commissions.all())[:1])
    )
    assert response.status_code == 400
    assert "bukan salah satu dari pilihan yang tersedia" in response.content.decode()
    assert _komisi_options(response.content.decode()) == mine
    assert Meeting.objects.count() == 0 and AuditEvent.objects.count() == events


def test_detail_shows_sections_and_checklist_toggles_by_htmx(client, staff):
    meeting = schedule()
    page = client.get(url("meeting_detail", meeting.pk)).content.decode()
    for heading in ("Undangan dan kehadiran", "Surat undangan", "Daftar persiapan", "Dokumen",
                    "Notulen", "Distribusi notulen"):  # fmt: skip
        assert heading in page
    assert "Daftar hadir dapat diisi setelah rapat dimulai" in page
    item = meeting.checklist.first()
    response = client.post(
        url("checklist_toggle", meeting.pk, item.pk), {"done": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'id="persiapan-{item.pk}"' in response.content.decode()
    assert "text-decoration-line-through" in response.content.decode()
    item.refresh_from_db()
    assert item.done_at is not None


def test_minutes_for_a_future_meeting_via_the_page_are_refused(client, staff):
    meeting = schedule()
    events = AuditEvent.objects.count()
    response = client.post(
        url("minutes_save", meeting.pk),
        {"summary": "Dibahas", "ai-description-0": "Susun draf"},
    )
    assert response.status_code == 400
    assert "belum berlangsung" in response.content.decode()
    assert (Minutes.objects.count(), ActionItem.objects.count()) == (0, 0)
    assert AuditEvent.objects.count() == events


def test_attendance_minutes_conversion_and_distribution_through_the_page(client, staff, mailoutbox):
    meeting = past_meeting()
    invited = list(meeting.attendances.values_list("person_id", flat=True))
    response = client.post(
        url("attendance_save", meeting.pk), {"present": [invited[0]], f"note-{invited[1]}": "izin"}
    )
    assert response.status_code == 302
    assert meeting.attendances.get(person_id=invited[0]).present is True
    agency = AgencyFactory()
    response = client.post(
        url("minutes_save", meeting.pk),
        {
            "summary": "Pembahasan roadmap",
            "decisions": "Disetujui",
            "ai-description-0": "Integrasikan data",
            "ai-owner_agency-0": agency.pk,
            "ai-due_date-0": "2027-01-31",
            "ai-description-1": "",
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD
    # conversion: a confirmation page first, then the POST
    confirm = client.get(url("action_item_convert", item.pk))
    assert "Ya, jadikan rekomendasi" in confirm.content.decode()
    assert ActionItem.objects.get().recommendation_id is None
    client.post(url("action_item_convert", item.pk))
    assert ActionItem.objects.get().recommendation_id is not None
    again = client.post(url("action_item_convert", item.pk))
    assert again.status_code == 400 and "sudah menjadi rekomendasi" in again.content.decode()
    # distribution
    response = client.post(url("minutes_distribute", meeting.pk), {"person": invited})
    assert response.status_code == 302
    assert MinutesDistribution.objects.count() == 2
    page = client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert "Tandai diterima" in page
    row = MinutesDistribution.objects.first()
    client.post(url("distribution_received", row.pk))
    assert MinutesDistribution.objects.get(pk=row.pk).received_at is not None


def test_minutes_row_fragment(client, staff):
    meeting = schedule()
    response = client.get(url("minutes_row", meeting.pk), {"n": 5}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'name="ai-description-5"' in page and "?n=6" in page


def test_document_upload_refuses_a_forbidden_type(client, staff, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    meeting = schedule()
    bad = SimpleUploadedFile("skrip.pdf", b"#!/bin/sh\necho hi\n", content_type="application/pdf")
    response = client.post(url("meeting_document_add", meeting.pk), {"title": "x", "file": bad})
    assert response.status_code == 400
    assert "Jenis berkas tidak diizinkan" in response.content.decode()
    assert MeetingDocument.objects.count() == 0
    good = SimpleUploadedFile("bahan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(url("meeting_document_add", meeting.pk), {"title": "Bahan", "file": good})
    document = MeetingDocument.objects.get()
    download = client.get(url("meeting_document", document.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_cancel_asks_for_confirmation_and_a_reason(client, staff):
    meeting = schedule()
    assert "Ya, batalkan rapat" in client.get(url("meeting_cancel", meeting.pk)).content.decode()
    response = client.post(url("meeting_cancel", meeting.pk), {"reason": ""})
    assert (
        response.status_code == 400 and "Alasan pembatalan wajib diisi" in response.content.decode()
    )
    client.post(url("meeting_cancel", meeting.pk), {"reason": "Banjir"})
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED


def test_edit_form_changes_a_scheduled_meeting(client, staff):
    meeting = schedule()
    start = timezone.localtime(meeting.starts_at)
    response = client.post(
        url("meeting_edit", meeting.pk),
        {
            "title": "Judul baru",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": start.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400 and "sesudah waktu mulai" in response.content.decode()
    response = client.post(
        url("meeting_edit", meeting.pk),
        {
            "title": "Judul baru",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).title == "Judul baru"


def test_cadence_page_defaults_to_the_current_term_and_exports(client, staff):
    term = term_with_members()
    meeting = past_meeting(term=term)
    services.minutes_record(actor=staff, meeting=meeting, summary="Dibahas")
    page = client.get(url("cadence")).content.decode()
    assert 'data-testid="cadence-table"' in page
    assert 'data-state="met"' in page and "Terpenuhi" in page
    assert page.count('<th scope="row">') == term.commissions.count()
    response = client.get(url("cadence_export"), {"periode": term.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Komisi"
    assert len(rows) == 1 + term.commissions.count() * 12
    assert any(r[-1] == "Terpenuhi" for r in rows[1:])


def test_calendar_month_grid_with_previous_and_next(client, staff):
    term = term_with_members()
    when = timezone.make_aware(dt.datetime(2026, 3, 10, 9, 0))
    schedule(term=term, title="Rapat Maret", starts_at=when)
    page = client.get(url("meeting_calendar"), {"bulan": "2026-03"}).content.decode()
    assert "Rapat Maret" in page and "bulan=2026-02" in page and "bulan=2026-04" in page
    other = client.get(url("meeting_calendar"), {"bulan": "2026-04"}).content.decode()
    assert "Rapat Maret" not in other
    assert client.get(url("meeting_calendar"), {"bulan": "xx"}).status_code == 200


def test_resource_person_guest_may_not_read_pages(client):
    person = PersonFactory()
    officer = OfficerFactory()
    person.user = officer
    person.save()
    client.force_login(officer)
    assert client.get(url("meeting_calendar")).status_code == 403
