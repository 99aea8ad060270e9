"""Meeting services: kind rules, invitations, checklist, cancellation, invitation letter,
attendance, minutes, action items to recommendations, distribution, documents; bad input is
refused with a clear message and writes nothing."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import AgencyFactory, OfficerFactory, PersonFactory
from kotacerdas.institutions.models import (
    ActionItem,
    Attendance,
    AttendeeRole,
    ChecklistItem,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesDistribution,
)
from kotacerdas.institutions.services import meetings as services
from kotacerdas.institutions.tests.factories import CouncilTermFactory, MeetingFactory
from kotacerdas.institutions.tests.meeting_helpers import (
    council_member,
    past_meeting,
    resource_person,
    schedule,
    secretariat,
    term_with_members,
)

pytestmark = pytest.mark.django_db


def counts():
    return (
        Meeting.objects.count(),
        Attendance.objects.count(),
        ChecklistItem.objects.count(),
        Minutes.objects.count(),
        ActionItem.objects.count(),
        MinutesDistribution.objects.count(),
        MeetingDocument.objects.count(),
        AuditEvent.objects.count(),
    )


def refused(call, match):
    before = counts()
    with pytest.raises(ValidationError) as info:
        call()
    assert match in " ".join(info.value.messages)
    assert counts() == before
    return info.value


# --- scheduling ---------------------------------------------------------------------------


def test_commission_meeting_invites_serving_members_resource_persons_and_guests():
    term = term_with_members()
    narasumber, guest = resource_person(), PersonFactory()
    meeting = schedule(term=term, resource_persons=[narasumber], invitees=[guest.pk])
    roles = dict(meeting.attendances.values_list("person_id", "role"))
    k1 = term.commissions.order_by("dimension__order").first()
    serving = set(k1.memberships.filter(end_date__isnull=True).values_list("person_id", flat=True))
    assert len(serving) == 2
    assert {p for p, r in roles.items() if r == AttendeeRole.MEMBER} == serving
    assert roles[narasumber.pk] == AttendeeRole.RESOURCE
    assert roles[guest.pk] == AttendeeRole.GUEST
    labels = list(meeting.checklist.values_list("label", flat=True))
    assert labels == [
        "Undangan dikirim",
        "Ruang dan konsumsi",
        "Bahan rapat",
        "Daftar hadir",
        "Notulis ditunjuk",
    ]
    event = AuditEvent.objects.get(object_type="institutions.Meeting", action="create")
    assert event.changes["invited"] == 4


def test_plenary_invites_every_serving_member_and_names_no_komisi():
    term = term_with_members()
    meeting = schedule(term=term, kind=MeetingKind.PLENARY, commissions=[])
    assert meeting.attendances.count() == 4  # the one who left is not invited
    assert meeting.commissions.count() == 0


def test_cross_komisi_meeting_needs_two_and_invites_both():
    term = term_with_members()
    k1, k2 = list(term.commissions.order_by("dimension__order"))[:2]
    meeting = schedule(term=term, kind=MeetingKind.CROSS, commissions=[k1, k2])
    assert meeting.attendances.count() == 3
    refused(
        lambda: schedule(term=term, kind=MeetingKind.CROSS, commissions=[k1]),
        "sedikitnya dua komisi",
    )


@pytest.mark.parametrize(
    ("kind", "how_many", "message"),
    [
        (MeetingKind.COMMISSION, 2, "tepat satu komisi"),
        (MeetingKind.COMMISSION, 0, "tepat satu komisi"),
        (MeetingKind.FGD, 0, "FGD harus menyebut"),
        (MeetingKind.PLENARY, 1, "tidak menyebut komisi"),
    ],
)
def test_kind_rules_refuse_the_wrong_number_of_komisi(kind, how_many, message):
    term = term_with_members()
    commissions = list(term.commissions.all())[:how_many]
    refused(lambda: schedule(term=term, kind=kind, commissions=commissions), message)


def test_komisi_of_another_term_is_refused():
    term = term_with_members()
    other = CouncilTermFactory(start_date=dt.date(2029, 1, 5))
    refused(
        lambda: schedule(term=term, commissions=[other.commissions.first()]),
        "bukan komisi masa jabatan ini",
    )


def test_meeting_outside_the_term_and_ending_before_it_starts_are_refused():
    term = term_with_members()
    before_term = timezone.make_aware(dt.datetime(2026, 1, 4, 23, 30))
    error = refused(lambda: schedule(term=term, starts_at=before_term), "dalam masa jabatan")
    assert "starts_at" in error.message_dict
    start = timezone.now() + dt.timedelta(days=2)
    error = refused(
        lambda: schedule(term=term, starts_at=start, ends_at=start - dt.timedelta(minutes=1)),
        "sesudah waktu mulai",
    )
    assert "ends_at" in error.message_dict
    refused(lambda: schedule(term=term, title="  "), "Judul rapat wajib diisi")


def test_first_day_of_the_term_at_local_midnight_is_inside():
    term = term_with_members()
    start = timezone.make_aware(dt.datetime(2026, 1, 5, 0, 0))
    assert schedule(term=term, starts_at=start).pk


@pytest.mark.parametrize("user", [council_member, OfficerFactory])
def test_only_the_secretariat_and_admins_schedule(user):
    term = term_with_members()
    before = counts()
    with pytest.raises(PermissionDenied):
        schedule(actor=user(), term=term)
    assert counts() == before


def test_update_and_cancel():
    meeting = schedule()
    services.meeting_update(actor=secretariat(), meeting=meeting, title="Rapat baru", location="R1")
    meeting.refresh_from_db()
    assert (meeting.title, meeting.location) == ("Rapat baru", "R1")
    refused(
        lambda: services.meeting_cancel(actor=secretariat(), meeting=meeting, reason=""), "Alasan"
    )
    services.meeting_cancel(actor=secretariat(), meeting=meeting, reason="Narasumber berhalangan")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert AuditEvent.objects.filter(action="meeting.cancel").count() == 1
    refused(
        lambda: services.meeting_update(actor=secretariat(), meeting=meeting, title="X"),
        "masih terjadwal",
    )


# --- invitation letter --------------------------------------------------------------------


def test_invitation_letter_is_registered_once(monkeypatch):
    from kotacerdas.institutions.tests.factories import LetterFactory

    calls = []

    def fake_register(**kwargs):
        calls.append(kwargs)
        return LetterFactory(direction="out", subject=kwargs["subject"])

    import kotacerdas.institutions.services.letters as letters

    monkeypatch.setattr(letters, "letter_register_outgoing", fake_register, raising=False)
    meeting = schedule()
    letter = services.meeting_issue_invitation(actor=secretariat(), meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.invitation == letter
    assert calls[0]["classification_code"] == "005"
    assert meeting.title in calls[0]["subject"]
    refused(
        lambda: services.meeting_issue_invitation(actor=secretariat(), meeting=meeting),
        "sudah dibuat",
    )
    assert len(calls) == 1


# --- attendance and minutes -----------------------------------------------------------------


def test_attendance_before_the_meeting_starts_is_refused():
    meeting = schedule()
    person = meeting.attendances.first().person_id
    refused(
        lambda: services.attendance_record(
            actor=secretariat(), meeting=meeting, present_person_ids=[person]
        ),
        "belum berlangsung",
    )


def test_attendance_marks_present_and_absent_and_refuses_strangers():
    meeting = past_meeting()
    invited = list(meeting.attendances.values_list("person_id", flat=True))
    services.attendance_record(
        actor=secretariat(),
        meeting=meeting,
        present_person_ids=invited[:1],
        notes={invited[1]: "izin"},
    )
    rows = dict(meeting.attendances.values_list("person_id", "present"))
    assert rows == {invited[0]: True, invited[1]: False}
    assert meeting.attendances.get(person_id=invited[1]).note == "izin"
    stranger = PersonFactory()
    refused(
        lambda: services.attendance_record(
            actor=secretariat(), meeting=meeting, present_person_ids=[stranger.pk]
        ),
        "diundang",
    )


def test_minutes_for_a_meeting_that_has_not_happened_are_refused():
    meeting = schedule()
    refused(
        lambda: services.minutes_record(
            actor=secretariat(),
            meeting=meeting,
            summary="Dibahas",
            action_items=[{"description": "Susun draf"}],
        ),
        "belum berlangsung",
    )
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED


def test_minutes_for_a_cancelled_meeting_are_refused():
    meeting = past_meeting()
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    refused(
        lambda: services.minutes_record(actor=secretariat(), meeting=meeting, summary="x"),
        "dibatalkan",
    )


def test_minutes_mark_the_meeting_held_with_action_items_then_approval_locks_them():
    meeting = past_meeting()
    agency = AgencyFactory()
    minutes = services.minutes_record(
        actor=secretariat(),
        meeting=meeting,
        summary="Pembahasan roadmap",
        decisions="Disepakati",
        action_items=[
            {"description": "Susun draf", "owner_agency": agency, "due_date": "2026-12-31"},
            {"description": "Undang narasumber", "owner_name": "Sekretariat"},
            {"description": ""},  # an empty row of the form is ignored
        ],
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert minutes.action_items.count() == 2
    assert minutes.action_items.first().due_date == dt.date(2026, 12, 31)
    refused(
        lambda: services.minutes_record(actor=secretariat(), meeting=meeting, summary=""),
        "Ringkasan pembahasan wajib diisi",
    )
    refused(
        lambda: services.minutes_record(
            actor=secretariat(),
            meeting=meeting,
            summary="x",
            action_items=[{"description": "x", "due_date": "31-12-2026"}],
        ),
        "tenggat tidak valid",
    )
    services.minutes_approve(actor=secretariat(), minutes=minutes)
    refused(
        lambda: services.minutes_record(actor=secretariat(), meeting=meeting, summary="Ubah"),
        "sudah disahkan",
    )


def test_action_item_becomes_a_council_recommendation_once():
    from kotacerdas.monitoring.models import Recommendation

    meeting = past_meeting()
    agency = AgencyFactory()
    minutes = services.minutes_record(
        actor=secretariat(),
        meeting=meeting,
        summary="Dibahas",
        action_items=[
            {"description": "Integrasikan data", "owner_agency": agency, "due_date": "2027-01-31"},
            {"description": "Tanpa tenggat", "owner_name": "Pokja"},
        ],
    )
    item, no_due = minutes.action_items.order_by("id")
    rec_id = services.action_item_to_recommendation(actor=secretariat(), item=item)
    recommendation = Recommendation.objects.get(pk=rec_id)
    assert recommendation.source == "council"
    assert recommendation.owner_agency == agency
    assert recommendation.due_date == dt.date(2027, 1, 31)
    item.refresh_from_db()
    assert item.recommendation_id == rec_id
    before = Recommendation.objects.count()
    refused(
        lambda: services.action_item_to_recommendation(actor=secretariat(), item=item),
        "sudah menjadi rekomendasi",
    )
    refused(
        lambda: services.action_item_to_recommendation(actor=secretariat(), item=no_due),
        "Isi tenggat",
    )
    assert Recommendation.objects.count() == before
    with pytest.raises(PermissionDenied):
        services.action_item_to_recommendation(actor=council_member(), item=no_due)


# --- distribution ---------------------------------------------------------------------------


def _held_minutes():
    meeting = past_meeting()
    return services.minutes_record(actor=secretariat(), meeting=meeting, summary="Dibahas")


def test_distribution_emails_people_with_an_address_once(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    minutes = _held_minutes()
    with_mail = PersonFactory(email="anggota@contoh.id")
    without = PersonFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.minutes_distribute(
            actor=secretariat(), minutes=minutes, person_ids=[with_mail.pk, without.pk]
        )
    assert len(rows) == 2
    assert [m.to for m in mail.outbox] == [["anggota@contoh.id"]]
    assert "Dibahas" in mail.outbox[0].body
    row = MinutesDistribution.objects.get(person=with_mail)
    assert row.emailed_at is not None and row.sent_by is not None
    assert MinutesDistribution.objects.get(person=without).channel == "manual"
    # again, with one new person: the first two are skipped, nobody gets a second e-mail
    newcomer = PersonFactory(email="baru@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.minutes_distribute(
            actor=secretariat(), minutes=minutes, person_ids=[with_mail.pk, newcomer.pk]
        )
    assert [r.person_id for r in rows] == [newcomer.pk]
    assert sorted(m.to[0] for m in mail.outbox) == ["anggota@contoh.id", "baru@contoh.id"]
    # the task itself is idempotent
    from kotacerdas.institutions.services.meetings.mail import minutes_email

    assert minutes_email.call(row.pk) is False
    assert len(mail.outbox) == 2


def test_distribution_refuses_unknown_or_no_recipients_and_mark_received():
    minutes = _held_minutes()
    refused(
        lambda: services.minutes_distribute(actor=secretariat(), minutes=minutes, person_ids=[]),
        "sedikitnya satu penerima",
    )
    refused(
        lambda: services.minutes_distribute(
            actor=secretariat(), minutes=minutes, person_ids=[999999]
        ),
        "tidak dikenal",
    )
    person = PersonFactory()
    (row,) = services.minutes_distribute(
        actor=secretariat(), minutes=minutes, person_ids=[person.pk]
    )
    refused(
        lambda: services.distribution_mark_received(
            actor=secretariat(),
            distribution=row,
            received_at=timezone.now() + dt.timedelta(days=1),
        ),
        "masa depan",
    )
    services.distribution_mark_received(actor=secretariat(), distribution=row)
    row.refresh_from_db()
    assert row.received_at is not None


# --- checklist and documents --------------------------------------------------------------


def test_checklist_toggle_keeps_who_and_when():
    meeting = schedule()
    user = secretariat()
    item = meeting.checklist.first()
    services.checklist_toggle(actor=user, item=item, done=True)
    item.refresh_from_db()
    assert item.done_at and item.done_by == user
    services.checklist_toggle(actor=user, item=item, done=False)
    item.refresh_from_db()
    assert item.done_at is None and item.done_by is None
    with pytest.raises(PermissionDenied):
        services.checklist_toggle(actor=council_member(), item=item, done=True)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_document_keeps_hash_size_and_type(tmp_path, settings):
    import hashlib

    settings.MEDIA_ROOT = tmp_path
    meeting = schedule()
    upload = SimpleUploadedFile("bahan.pdf", PDF, content_type="application/pdf")
    document = services.meeting_document_add(
        actor=secretariat(), meeting=meeting, upload=upload, title="Bahan rapat"
    )
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (document.size, document.content_type) == (len(PDF), "application/pdf")


def test_forbidden_and_too_large_documents_are_refused(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    meeting = schedule()
    exe = SimpleUploadedFile("bahan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused(
        lambda: services.meeting_document_add(
            actor=secretariat(), meeting=meeting, upload=exe, title="x"
        ),
        "Jenis berkas tidak diizinkan",
    )
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * services.MAX_DOCUMENT_BYTES)
    refused(
        lambda: services.meeting_document_add(
            actor=secretariat(), meeting=meeting, upload=big, title="x"
        ),
        "terlalu besar",
    )
    assert list(tmp_path.rglob("*.*")) == []


def test_factory_meeting_is_compatible():
    meeting = MeetingFactory()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_invitation_letter_through_the_real_correspondence_register():
    from kotacerdas.institutions.models import Letter, NumberingScheme
    from kotacerdas.institutions.tests.factories import LetterClassificationFactory

    LetterClassificationFactory(code="005", name="Undangan")
    NumberingScheme.objects.create(name="DKC", pattern="{klasifikasi}/{nomor}/DKC/{tahun}")
    meeting = schedule()
    letter = services.meeting_issue_invitation(actor=secretariat(), meeting=meeting)
    assert letter.direction == "out" and letter.number.startswith("005/")
    assert letter.classification.code == "005"
    assert Meeting.objects.get(pk=meeting.pk).invitation_id == letter.pk
    refused(
        lambda: services.meeting_issue_invitation(actor=secretariat(), meeting=meeting),
        "sudah dibuat",
    )
    assert Letter.objects.count() == 1
