"""Back-office case pages: list scoped and filtered with CSV, verification queue, detail with
timeline and actions, errors in Indonesian that write nothing, merge with confirmation."""

import csv
import io

import pytest

from kotacerdas.complaints.models import Case, CaseEvent, CaseState, Channel
from kotacerdas.complaints.services import lifecycle as lc
from kotacerdas.complaints.services.intake import case_submit
from kotacerdas.complaints.tests.factories import (
    BEKASI_TIMUR_POINT,
    CaseFactory,
    CategoryFactory,
)
from kotacerdas.complaints.tests.uploads import exe, png
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(client):
    user = UserFactory(roles=[Role.CALL_CENTER_AGENT])
    client.force_login(user)
    return user


def submit(description="Pohon tumbang menutup jalan perumahan.", **extra):
    return case_submit(
        actor=None,
        channel=Channel.WEB,
        category=extra.pop("category", None) or CategoryFactory(),
        description=description,
        lat=BEKASI_TIMUR_POINT[0],
        lng=BEKASI_TIMUR_POINT[1],
        reporter_name="Rina",
        reporter_phone="0811111111",
        **extra,
    ).case


def test_list_filters_and_paginates(client, agent):
    first = submit(description="Sampah menumpuk di pasar.")
    second = CaseFactory(channel=Channel.CALL_CENTER, title="Lampu padam")
    page = client.get("/pengaduan/kasus/").content.decode()
    assert first.tracking_number in page and second.tracking_number in page
    only_phone = client.get("/pengaduan/kasus/?kanal=call_center").content.decode()
    assert second.tracking_number in only_phone and first.tracking_number not in only_phone
    CaseFactory.create_batch(30)
    paged = client.get("/pengaduan/kasus/").content.decode()
    assert "Halaman 1 dari 2" in paged


def test_agency_officers_see_only_their_agency(client):
    mine, other = CaseFactory(), CaseFactory()
    client.force_login(OfficerFactory(agency=mine.assigned_agency))
    page = client.get("/pengaduan/kasus/").content.decode()
    assert mine.tracking_number in page and other.tracking_number not in page
    assert client.get(f"/pengaduan/kasus/{other.tracking_number}/").status_code == 404
    export = client.get("/pengaduan/kasus/unduh.csv").content.decode("utf-8-sig")
    assert mine.tracking_number in export and other.tracking_number not in export


def test_citizens_have_no_back_office(client):
    client.force_login(UserFactory())
    assert client.get("/pengaduan/kasus/").status_code == 403


def test_csv_export_has_no_reporter_contact(client, agent):
    case = submit()
    rows = list(
        csv.reader(
            io.StringIO(client.get("/pengaduan/kasus/unduh.csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[0][0] == "Nomor lacak"
    assert rows[1][0] == case.tracking_number
    assert "0811111111" not in str(rows) and "Rina" not in str(rows)


def test_verify_queue_oldest_first(client, agent):
    newer = CaseFactory()
    older = CaseFactory(received_at=newer.received_at.replace(year=newer.received_at.year - 1))
    CaseFactory(state=CaseState.VERIFIED, title="Sudah diverifikasi")
    page = client.get("/pengaduan/kasus/verifikasi/").content.decode()
    assert page.index(older.tracking_number) < page.index(newer.tracking_number)
    assert "Sudah diverifikasi" not in page


def test_detail_shows_timeline_and_the_allowed_actions(client, agent):
    case = submit()
    page = client.get(f"/pengaduan/kasus/{case.tracking_number}/").content.decode()
    assert 'id="aksi-verify"' in page and 'id="aksi-decline"' in page
    assert 'id="aksi-resolve"' not in page
    assert "Laporan diterima" in page


def test_verify_and_dispatch_through_the_page(client, agent):
    case = submit()
    url = f"/pengaduan/kasus/{case.tracking_number}/aksi/"
    response = client.post(url + "verify/", {"version": 1, "category": case.category_id})
    assert response.status_code == 302
    response = client.post(
        url + "dispatch/", {"version": 2, "agency": case.assigned_agency_id, "note": "Segera"}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.DISPATCHED


def test_a_stale_form_shows_the_reload_message_and_writes_nothing(client, agent):
    case = submit()
    lc.case_verify(actor=agent, case=case, version=1)
    before = (CaseEvent.objects.count(), AuditEvent.objects.count())
    response = client.post(
        f"/pengaduan/kasus/{case.tracking_number}/aksi/decline/",
        {"version": 1, "reason": "declined_incomplete", "note": "x", "confirm": "1"},
    )
    assert response.status_code == 400
    assert "baru saja diubah oleh petugas lain" in response.content.decode()
    assert (CaseEvent.objects.count(), AuditEvent.objects.count()) == before


def test_decline_needs_the_confirmation(client, agent):
    case = submit()
    url = f"/pengaduan/kasus/{case.tracking_number}/aksi/decline/"
    data = {"version": 1, "reason": "declined_authority", "note": "Jalan provinsi."}
    response = client.post(url, data)
    assert response.status_code == 400 and "Centang konfirmasi" in response.content.decode()
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    assert Case.objects.get(pk=case.pk).outcome == "declined_authority"


def test_resolve_with_a_non_image_shows_the_error(client, agent):
    case = submit()
    lc.case_verify(actor=agent, case=case, version=1)
    lc.case_dispatch(actor=agent, case=case, version=2, agency=case.assigned_agency)
    client.force_login(OfficerFactory(agency=case.assigned_agency))
    url = f"/pengaduan/kasus/{case.tracking_number}/aksi/resolve/"
    response = client.post(url, {"version": 3, "note": "Beres", "evidence": exe()})
    assert response.status_code == 400
    assert "Lampiran harus berupa gambar (JPG/PNG) atau PDF" in response.content.decode()
    assert client.post(url, {"version": 3, "note": "Beres", "evidence": png()}).status_code == 302
    attachment = Case.objects.get(pk=case.pk).attachments.get()
    download = client.get(f"/pengaduan/kasus/{case.tracking_number}/lampiran/{attachment.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/png"


def test_duplicates_are_suggested_and_merged_after_confirmation(client, agent):
    category = CategoryFactory()
    master = submit("Pohon besar tumbang menutup jalan di perumahan", category=category)
    duplicate = submit("Ada pohon tumbang menutup jalan perumahan kami", category=category)
    page = client.get(f"/pengaduan/kasus/{duplicate.tracking_number}/").content.decode()
    assert 'data-testid="duplicates"' in page and master.tracking_number in page
    url = f"/pengaduan/kasus/{duplicate.tracking_number}/gabung/{master.tracking_number}/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ya, gabungkan" in confirm.content.decode()
    assert Case.objects.get(pk=duplicate.pk).state == CaseState.RECEIVED
    assert client.post(url, {"version": duplicate.version}).status_code == 302
    merged = Case.objects.get(pk=duplicate.pk)
    assert (merged.state, merged.outcome, merged.merged_into_id) == (
        "closed",
        "duplicate",
        master.pk,
    )
