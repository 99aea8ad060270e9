"""SP4N-LAPOR! adapter against the local fake server: pull (new, repeated, missing fields,
unknown category), push (once, retry after a server error), reconcile, a refused token and
an adapter that is not configured (issue #5 item 8)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kotacerdas.complaints.lapor import mapping
from kotacerdas.complaints.lapor.adapter import (
    HttpLaporAdapter,
    LaporAuthError,
    LaporNotConfigured,
    get_adapter,
)
from kotacerdas.complaints.lapor.fake_server import FakeLaporServer
from kotacerdas.complaints.lapor.sync import (
    Difference,
    lapor_outbox_fill,
    lapor_pull,
    lapor_push,
    lapor_reconcile,
)
from kotacerdas.complaints.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseState,
    Category,
    LaporOutbox,
    LaporPullState,
    Privacy,
)
from kotacerdas.complaints.services import lifecycle
from kotacerdas.complaints.tests.factories import CategoryFactory
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=False)
TOKEN = "token-uji-lapor"


@pytest.fixture
def fake():
    server = FakeLaporServer(token=TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def adapter(fake, settings):
    settings.LAPOR_URL = fake.url
    settings.LAPOR_TOKEN = TOKEN
    return get_adapter()


@pytest.fixture
def road():
    return CategoryFactory(code="jalan-rusak", name="Jalan rusak")


def report(number: str, **overrides):
    body = {
        "tracking_id": number,
        "title": f"Jalan berlubang {number}",
        "content": "Lubang besar di Jl. Ir. H. Juanda, membahayakan pengendara motor.",
        "category": {"id": "1", "name": "Infrastruktur"},
        "classification": "pengaduan",
        "location": {
            "kelurahan_code": "32.75.01.1003",
            "kelurahan": "Durenjaya",
            "kecamatan": "Bekasi Timur",
            "address": "Jl. Ir. H. Juanda no. 1",
        },
        "attachments": [{"url": "https://lapor.go.id/f/1.jpg", "name": "1.jpg"}],
        "instansi": {"id": "3275", "name": "Pemerintah Kota Bekasi"},
        "is_anonymous": False,
        "is_secret": False,
        "reporter": {"name": "Siti Aminah", "phone": "081200000001", "email": "siti@contoh.id"},
        "created_at": "2026-05-04T08:30:00+07:00",
    }
    body.update(overrides)
    return body


# --- pull


def test_pull_creates_one_case_per_report_mapped_from_lapor(fake, adapter, road):
    fake.add_report(report("7000001"))
    fake.add_report(report("7000002", is_secret=True, location={"kelurahan": "Bekasi Jaya"}))
    result = lapor_pull(adapter=adapter)
    assert (result.created, result.existing, result.failed) == (2, 0, 0)
    first = Case.objects.get(lapor_id="7000001")
    assert first.channel == "lapor" and first.category == road
    assert first.kelurahan.code == "32.75.01.1003" and first.kecamatan.code == "32.75.01"
    assert first.reporter_name == "Siti Aminah" and first.address == "Jl. Ir. H. Juanda no. 1"
    assert first.received_at.isoformat().startswith("2026-05-04T01:30")
    sync = CaseEvent.objects.get(case=first, kind=CaseEventKind.LAPOR_SYNC)
    assert sync.is_public is False and sync.data["attachments"][0]["name"] == "1.jpg"
    second = Case.objects.get(lapor_id="7000002")
    assert second.privacy == Privacy.CONFIDENTIAL
    assert second.kelurahan.name == "Bekasijaya"  # by name, spaces and case ignored
    assert LaporPullState.objects.get().cursor == result.cursor == "2"


def test_a_repeated_id_and_a_page_pulled_twice_never_duplicate(fake, adapter, road):
    fake.add_report(report("7000001"))
    lapor_pull(adapter=adapter)
    # The same report comes again under a later position, and the cursor is lost: the same page
    # is pulled a second time.
    fake.add_report(report("7000001", title="Diubah"))
    LaporPullState.objects.update(cursor="")
    audit_before = AuditEvent.objects.count()
    result = lapor_pull(adapter=adapter)
    again = lapor_pull(adapter=adapter)
    assert (result.created, result.existing) == (0, 1)
    assert (again.created, again.existing) == (0, 0)  # nothing new after the cursor
    assert Case.objects.filter(lapor_id="7000001").count() == 1
    assert Case.objects.get(lapor_id="7000001").title == "Jalan berlubang 7000001"
    assert AuditEvent.objects.count() == audit_before


def test_missing_fields_are_an_error_record_and_the_pull_carries_on(fake, adapter, road):
    fake.add_report(report("7000001"))
    fake.add_report(report("7000002", content="", location=None))
    fake.add_report(report("", title="Tanpa nomor"))
    fake.add_report(report("7000004", location={"lat": -6.1754, "lng": 106.8272}))  # Jakarta
    fake.add_report(report("7000005"))
    result = lapor_pull(adapter=adapter)
    assert (result.created, result.failed) == (2, 3)
    assert set(Case.objects.values_list("lapor_id", flat=True)) == {"7000001", "7000005"}
    messages = {error.lapor_id: error.message for error in result.errors}
    assert "content, location" in messages["7000002"]
    assert "tracking_id" in messages["?"]
    assert "luar Kota Bekasi" in messages["7000004"]
    assert "ditolak" in LaporPullState.objects.get().last_error
    assert not CaseEvent.objects.filter(case__lapor_id__in=["7000002", "7000004"]).exists()


def test_unknown_category_falls_back_to_lainnya(fake, adapter, road):
    fake.add_report(report("7000001", category={"id": "99", "name": "Kategori Baru LAPOR"}))
    fake.add_report(report("7000002", category="Jalan Rusak"))  # same slug as our code
    result = lapor_pull(adapter=adapter)
    assert result.fallback_category == 1
    case = Case.objects.get(lapor_id="7000001")
    assert case.category.code == mapping.FALLBACK_CATEGORY_CODE
    assert CaseEvent.objects.get(case=case, kind="lapor_sync").data["fallback_category"] is True
    assert Case.objects.get(lapor_id="7000002").category == road
    assert Category.objects.filter(code="lainnya").count() == 1


def test_fallback_category_is_not_created_when_the_case_fails(fake, adapter):
    fake.add_report(
        report("7000001", category="Tidak dikenal", location={"lat": -6.17, "lng": 106.8})
    )
    result = lapor_pull(adapter=adapter)
    assert result.failed == 1
    assert not Category.objects.filter(code="lainnya").exists()


# --- push


@pytest.fixture
def lapor_case(fake, adapter, road):
    fake.add_report(report("7000001"))
    lapor_pull(adapter=adapter)
    return Case.objects.get(lapor_id="7000001")


def _agent():
    return UserFactory(roles=[Role.CALL_CENTER_AGENT.value])


def test_push_sends_each_public_event_once(fake, adapter, lapor_case):
    agent = _agent()
    case = lifecycle.case_verify(actor=agent, case=lapor_case, version=lapor_case.version)
    lifecycle.case_add_note(actor=agent, case=case, note="Catatan internal", public=False)
    lifecycle.case_add_note(actor=agent, case=case, note="Petugas akan meninjau", public=True)
    result = lapor_push(adapter=adapter)
    assert (result.queued, result.sent, result.failed) == (2, 2, 0)
    followups = fake.followups
    assert [f["status"] for f in followups] == ["disposisi", None]
    assert followups[1]["content"] == "Petugas akan meninjau"
    assert all(f["idempotency_key"].startswith("event-") for f in followups)
    assert fake.state.reports["7000001"]["status"] == "disposisi"
    again = lapor_push(adapter=adapter)
    assert (again.queued, again.sent) == (0, 0)
    assert len(fake.followups) == 2
    assert not LaporOutbox.objects.filter(pushed_at__isnull=True).exists()
    assert lapor_outbox_fill() == 0


def test_events_of_other_channels_are_not_pushed(fake, adapter, lapor_case):
    from kotacerdas.complaints.tests.factories import CaseFactory

    other = CaseFactory()
    lifecycle.case_verify(actor=_agent(), case=other, version=other.version)
    assert lapor_outbox_fill() == 0


def test_push_retries_after_a_server_error_and_never_sends_twice(fake, adapter, lapor_case):
    lifecycle.case_verify(actor=_agent(), case=lapor_case, version=lapor_case.version)
    fake.fail_next_pushes(1)
    first = lapor_push(adapter=adapter)
    assert (first.sent, first.failed) == (0, 1)
    row = LaporOutbox.objects.get()
    assert row.pushed_at is None and row.attempts == 1 and "503" in row.last_error
    assert fake.followups == []
    second = lapor_push(adapter=adapter)
    assert (second.sent, second.failed) == (1, 0)
    row.refresh_from_db()
    assert row.pushed_at is not None and row.attempts == 2 and row.last_error == ""
    lapor_push(adapter=adapter)
    assert len(fake.followups) == 1


# --- reconcile


def test_reconcile_lists_missing_and_mismatched_statuses(fake, adapter, road):
    for number in ("7000001", "7000002", "7000003"):
        fake.add_report(report(number))
    lapor_pull(adapter=adapter)
    fake.add_report(report("7000009"))  # not pulled yet
    fake.set_status("7000002", "selesai")
    fake.remove_report("7000003")
    differences = {d.lapor_id: d for d in lapor_reconcile(adapter=adapter)}
    assert set(differences) == {"7000002", "7000003", "7000009"}
    assert differences["7000002"].kind == Difference.STATUS
    assert (differences["7000002"].ours, differences["7000002"].theirs) == ("verifikasi", "selesai")
    assert differences["7000003"].kind == Difference.MISSING_IN_LAPOR
    assert differences["7000009"].kind == Difference.MISSING_HERE

    out = io.StringIO()
    call_command("lapor", "reconcile", stdout=out)  # exit code 0: no CommandError
    text = out.getvalue()
    assert "3 perbedaan" in text and "7000003" in text and "selesai" in text


def test_reconcile_agrees_after_a_push(fake, adapter, lapor_case):
    lifecycle.case_verify(actor=_agent(), case=lapor_case, version=lapor_case.version)
    assert [d.kind for d in lapor_reconcile(adapter=adapter)] == [Difference.STATUS]
    lapor_push(adapter=adapter)
    assert lapor_reconcile(adapter=adapter) == []


# --- errors and configuration


def test_a_refused_token_is_a_clear_error(fake, road):
    fake.add_report(report("7000001"))
    wrong = HttpLaporAdapter(fake.url, "salah")
    with pytest.raises(LaporAuthError, match="menolak token"):
        lapor_pull(adapter=wrong)
    assert not Case.objects.exists()
    assert "menolak token" in LaporPullState.objects.get().last_error


def test_a_refused_token_through_the_command(fake, settings, road):
    settings.LAPOR_URL, settings.LAPOR_TOKEN = fake.url, "salah"
    with pytest.raises(CommandError, match="KOTACERDAS_LAPOR_TOKEN"):
        call_command("lapor", "pull", stdout=io.StringIO())


def test_push_with_a_refused_token_keeps_the_rows_unsent(fake, adapter, lapor_case):
    lifecycle.case_verify(actor=_agent(), case=lapor_case, version=lapor_case.version)
    with pytest.raises(LaporAuthError):
        lapor_push(adapter=HttpLaporAdapter(fake.url, "salah"))
    assert LaporOutbox.objects.get().pushed_at is None


@pytest.mark.parametrize("action", ["pull", "push", "reconcile"])
def test_command_says_when_lapor_is_not_configured(settings, action):
    settings.LAPOR_URL, settings.LAPOR_TOKEN = "", ""
    with pytest.raises(CommandError, match="belum dikonfigurasi"):
        call_command("lapor", action)
    with pytest.raises(LaporNotConfigured):
        get_adapter()


def test_scheduler_sync_is_skipped_cleanly_when_not_configured(settings):
    from kotacerdas.core.management.commands.scheduler import JOBS, OK, run_job

    settings.LAPOR_URL = ""
    job = next(job for job in JOBS if job.command == "lapor")
    out = io.StringIO()
    assert run_job(job, stdout=out) == OK
    assert "dilewati" in out.getvalue()


def test_sync_command_pulls_and_pushes(fake, settings, road):
    settings.LAPOR_URL, settings.LAPOR_TOKEN = fake.url, TOKEN
    fake.add_report(report("7000001"))
    out = io.StringIO()
    call_command("lapor", "sync", stdout=out)
    assert "1 laporan baru" in out.getvalue() and "0 terkirim" in out.getvalue()
    assert Case.objects.get(lapor_id="7000001").state == CaseState.RECEIVED


def test_unreachable_lapor_is_a_clear_error():
    dead = HttpLaporAdapter("http://127.0.0.1:9/api/v1", TOKEN, timeout=2)
    with pytest.raises(Exception, match="tidak dapat dihubungi"):
        dead.pull(cursor="")
