"""Pasal 6a readiness checklist: recording answers (team/admin, audited), the page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import (
    AdminFactory,
    ExecutiveFactory,
    OfficerFactory,
    UserFactory,
)
from kotacerdas.masterplan.models import ReadinessAnswer, ReadinessAssessment, ReadinessQuestion
from kotacerdas.monitoring.services.readiness import readiness_answers_record

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def questions():
    ReadinessQuestion.objects.all().delete()
    return [
        ReadinessQuestion.objects.create(aspect="struktur", code="UJI-S1", text="Ada tim", order=1),
        ReadinessQuestion.objects.create(
            aspect="infrastruktur", code="UJI-I1", text="Ada jaringan"
        ),
        ReadinessQuestion.objects.create(aspect="suprastruktur", code="UJI-P1", text="Ada perwal"),
    ]


def team():
    return UserFactory(roles=[Role.TEAM_MEMBER])


def test_team_records_answers_audited(questions):
    s1, i1, _p1 = questions
    assessment = readiness_answers_record(
        actor=team(), year=YEAR, answers={s1.pk: (3, "SK Tim"), i1.pk: (1, "")}, notes="Awal"
    )
    assert assessment.year == YEAR
    assert assessment.notes == "Awal"
    assert dict(assessment.answers.values_list("question__code", "score")) == {
        "UJI-S1": 3,
        "UJI-I1": 1,
    }
    assert assessment.answers.get(question=s1).evidence == "SK Tim"
    event = AuditEvent.objects.get(object_type="masterplan.ReadinessAssessment")
    assert event.action == "create"
    assert event.changes == {"UJI-S1": [None, 3], "UJI-I1": [None, 1], "notes": ["", "Awal"]}


def test_answers_are_updated_and_cleared(questions):
    s1, i1, _p1 = questions
    readiness_answers_record(actor=team(), year=YEAR, answers={s1.pk: (3, ""), i1.pk: (1, "")})
    readiness_answers_record(
        actor=AdminFactory(), year=YEAR, answers={s1.pk: (4, ""), i1.pk: (None, "")}
    )
    assert list(ReadinessAnswer.objects.values_list("question__code", "score")) == [("UJI-S1", 4)]
    last = AuditEvent.objects.filter(object_type="masterplan.ReadinessAssessment").last()
    assert last.action == "update"
    assert last.changes == {"UJI-S1": [3, 4], "UJI-I1": [1, None]}


@pytest.mark.parametrize("factory", [OfficerFactory, ExecutiveFactory])
def test_others_cannot_record_nothing_written(questions, factory):
    with pytest.raises(PermissionDenied):
        readiness_answers_record(actor=factory(), year=YEAR, answers={questions[0].pk: (2, "")})
    assert ReadinessAssessment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_bad_score_or_unknown_question_writes_nothing(questions):
    s1, i1, _p1 = questions
    with pytest.raises(ValidationError) as exc:
        readiness_answers_record(
            actor=team(), year=YEAR, answers={s1.pk: (2, ""), i1.pk: (5, ""), 99999: (1, "")}
        )
    assert exc.value.message_dict == {
        str(i1.pk): ["Skor harus 0 sampai 4."],
        "99999": ["Butir kesiapan tidak dikenal."],
    }
    assert ReadinessAssessment.objects.count() == 0
    assert ReadinessAnswer.objects.count() == 0


def test_readiness_page_shows_scores_and_saves(client, questions):
    s1, i1, p1 = questions
    client.force_login(team())
    response = client.get(f"/monev/evaluasi/kesiapan/?tahun={YEAR}")
    assert response.status_code == 200
    assert "Ada jaringan" in response.content.decode()
    response = client.post(
        "/monev/evaluasi/kesiapan/",
        {
            "tahun": YEAR,
            f"skor_{s1.pk}": "4",
            f"skor_{i1.pk}": "2",
            f"skor_{p1.pk}": "",
            "catatan": "",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/monev/evaluasi/kesiapan/?tahun={YEAR}").content.decode()
    assert "75,00" in page  # (4 + 2) / 8
    assert "1 dari 1" in page


def test_readiness_page_bad_score_shows_error_and_writes_nothing(client, questions):
    client.force_login(team())
    response = client.post(
        "/monev/evaluasi/kesiapan/", {"tahun": YEAR, f"skor_{questions[0].pk}": "9"}
    )
    assert response.status_code == 400
    assert "Skor harus 0 sampai 4." in response.content.decode()
    assert ReadinessAssessment.objects.count() == 0


def test_readiness_post_by_officer_is_forbidden(client, questions):
    client.force_login(OfficerFactory())
    response = client.post(
        "/monev/evaluasi/kesiapan/", {"tahun": YEAR, f"skor_{questions[0].pk}": "3"}
    )
    assert response.status_code == 403
    assert ReadinessAssessment.objects.count() == 0
    page = client.get("/monev/evaluasi/kesiapan/").content.decode()
    assert "Simpan penilaian" not in page
