"""Duplicates: the finder (nearby, similar text, bounded in time) and the merge."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kotacerdas.complaints.models import Case, CaseEvent
from kotacerdas.complaints.selectors.public import public_case, public_timeline
from kotacerdas.complaints.services import lifecycle as lc
from kotacerdas.complaints.services.merge import (
    case_merge,
    distance_m,
    find_duplicates,
    merge_notice_email_task,
    normalise_words,
    text_similarity,
)
from kotacerdas.complaints.tests.factories import CaseFactory, CategoryFactory
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import UserFactory

LAT, LNG = -6.2362, 107.0231


@pytest.fixture
def agent():
    return UserFactory(roles=[Role.CALL_CENTER_AGENT])


def test_normalised_words_drop_common_words_and_suffixes():
    assert normalise_words("Jalannya rusak di depan sekolahan") == {"rusak", "sekolah"}


@given(st.text(max_size=80), st.text(max_size=80))
def test_similarity_is_symmetric_and_bounded(a, b):
    assert 0.0 <= text_similarity(a, b) == text_similarity(b, a) <= 1.0


def test_distance_of_a_thousandth_degree_of_latitude_is_about_111_metres():
    assert distance_m(LAT, LNG, LAT + 0.001, LNG) == pytest.approx(111.2, abs=0.5)


@pytest.mark.django_db
def test_finder_scores_near_similar_cases_and_skips_far_old_or_unrelated_ones():
    category = CategoryFactory()
    case = CaseFactory(
        category=category,
        title="Pohon tumbang",
        description="Pohon tumbang menutup jalan perumahan",
    )
    near = CaseFactory(
        category=category,
        title="Pohon roboh",
        description="Ada pohon tumbang menutup jalan",
        lat=LAT + 0.0005,
    )
    CaseFactory(category=category, description="Pohon tumbang menutup jalan", lat=LAT + 0.01)
    CaseFactory(
        category=category,
        description="Pohon tumbang menutup jalan",
        received_at=case.received_at - dt.timedelta(days=30),
    )
    CaseFactory(category=category, title="Retribusi", description="Pungutan liar di pasar")
    found = find_duplicates(case)
    assert [other.pk for other, _score in found] == [near.pk]
    assert 0 < found[0][1] <= 1


@pytest.mark.django_db
def test_merge_closes_the_duplicate_and_the_tracking_page_follows_the_master(
    agent, django_capture_on_commit_callbacks
):
    master = CaseFactory()
    duplicate = CaseFactory(reporter_email="pelapor@contoh.id")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case_merge(actor=agent, duplicate=duplicate, into=master)
    assert len(callbacks) == 1
    duplicate = Case.objects.get(pk=duplicate.pk)
    assert (duplicate.state, duplicate.outcome, duplicate.merged_into) == (
        "closed",
        "duplicate",
        master,
    )
    assert CaseEvent.objects.filter(kind="merge").count() == 2
    assert AuditEvent.objects.filter(action="complaints.case.merge").count() == 1
    merge_notice_email_task.call(duplicate.pk)
    assert len(mail.outbox) == 1 and duplicate.tracking_number in mail.outbox[0].subject
    # A later public update of the master shows on the duplicate's tracking page.
    lc.case_add_note(actor=agent, case=master, note="Petugas dijadwalkan besok", public=True)
    lc.case_add_note(actor=agent, case=master, note="Catatan internal", public=False)
    notes = [entry.note for entry in public_timeline(duplicate)]
    assert "Petugas dijadwalkan besok" in notes and "Catatan internal" not in notes
    assert public_case(duplicate)["merged_into"] == master.tracking_number


@pytest.mark.django_db
def test_merge_refusals_write_nothing(agent):
    master, duplicate = CaseFactory(), CaseFactory()
    before = (Case.objects.filter(state="closed").count(), AuditEvent.objects.count())
    with pytest.raises(PermissionDenied):
        case_merge(actor=UserFactory(), duplicate=duplicate, into=master)
    with pytest.raises(ValidationError):
        case_merge(actor=agent, duplicate=duplicate, into=duplicate)
    third = CaseFactory()
    case_merge(actor=agent, duplicate=third, into=master)
    before = (Case.objects.filter(state="closed").count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError, match="sudah digabung"):
        case_merge(actor=agent, duplicate=duplicate, into=Case.objects.get(pk=third.pk))
    with pytest.raises(ValidationError, match="sudah ditutup"):
        case_merge(actor=agent, duplicate=Case.objects.get(pk=third.pk), into=duplicate)
    assert (Case.objects.filter(state="closed").count(), AuditEvent.objects.count()) == before
