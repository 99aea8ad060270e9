import decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import ExecutiveFactory, OfficerFactory, UserFactory
from kotacerdas.masterplan.tests.factories import ActivityFactory, IndicatorFactory
from kotacerdas.monitoring.models import RealisationStatus
from kotacerdas.monitoring.selectors.progress import (
    latest_progress_by_activity,
    realisation_values_for_evaluation,
)
from kotacerdas.monitoring.selectors.realisation import (
    evidence_get,
    realisation_get,
    realisation_list,
    verification_queue,
)
from kotacerdas.monitoring.tests.factories import (
    IndicatorValueFactory,
    RealisationFactory,
    ReportingPeriodFactory,
)

D = decimal.Decimal
S = RealisationStatus
pytestmark = pytest.mark.django_db


def q(n, year=2026):
    return ReportingPeriodFactory(year=year, quarter=n)


def test_officer_lists_only_their_agency(django_assert_max_num_queries):
    own = RealisationFactory(period=q(1))
    RealisationFactory(period=q(1))
    officer = OfficerFactory(agency=own.activity.agency)
    with django_assert_max_num_queries(3):
        assert [r.pk for r in realisation_list(actor=officer)] == [own.pk]
    with pytest.raises(Http404):
        realisation_get(actor=OfficerFactory(), pk=own.pk)
    assert realisation_get(actor=officer, pk=own.pk) == own


def test_team_lists_all_with_filters():
    first = RealisationFactory(period=q(1), status=S.SUBMITTED)
    second = RealisationFactory(period=q(2))
    team = UserFactory(roles=[Role.TEAM_MEMBER.value])
    assert {r.pk for r in realisation_list(actor=team)} == {first.pk, second.pk}
    assert [r.pk for r in realisation_list(actor=team, quarter=2)] == [second.pk]
    assert [r.pk for r in realisation_list(actor=team, status=S.SUBMITTED)] == [first.pk]
    assert [r.pk for r in realisation_list(actor=team, agency_id=second.activity.agency_id)] == [
        second.pk
    ]


def test_user_without_role_sees_nothing():
    RealisationFactory(period=q(1))
    assert list(realisation_list(actor=UserFactory())) == []


def test_verification_queue_is_for_the_team_only():
    waiting = RealisationFactory(period=q(1), status=S.SUBMITTED)
    RealisationFactory(period=q(2), status=S.DRAFT)
    team = UserFactory(roles=[Role.TEAM_MEMBER.value])
    assert [r.pk for r in verification_queue(actor=team)] == [waiting.pk]
    with pytest.raises(PermissionDenied):
        verification_queue(actor=OfficerFactory(agency=waiting.activity.agency))


def test_latest_progress_counts_verified_and_locked_only_in_one_query(
    django_assert_num_queries,
):
    a, b, c = ActivityFactory(), ActivityFactory(), ActivityFactory()
    RealisationFactory(activity=a, period=q(1), status=S.LOCKED, physical_progress=D("20"))
    RealisationFactory(activity=a, period=q(2), status=S.VERIFIED, physical_progress=D("45"))
    RealisationFactory(activity=a, period=q(3), status=S.SUBMITTED, physical_progress=D("80"))
    RealisationFactory(activity=b, period=q(1), status=S.DRAFT, physical_progress=D("10"))
    RealisationFactory(
        activity=c, period=q(4, year=2025), status=S.VERIFIED, physical_progress=D("99")
    )
    with django_assert_num_queries(1):
        result = latest_progress_by_activity([a.pk, b.pk, c.pk], 2026)
    assert result == {a.pk: D("45.00")}
    assert latest_progress_by_activity([], 2026) == {}


def test_values_for_evaluation_shape():
    activity = ActivityFactory()
    indicator = IndicatorFactory(activity=activity)
    first = RealisationFactory(
        activity=activity,
        period=q(1),
        status=S.LOCKED,
        physical_progress=D("20"),
        budget_realised=D("1000"),
    )
    second = RealisationFactory(
        activity=activity,
        period=q(2),
        status=S.VERIFIED,
        physical_progress=D("45"),
        budget_realised=D("3000"),
    )
    RealisationFactory(activity=activity, period=q(3), status=S.SUBMITTED)
    IndicatorValueFactory(realisation=first, indicator=indicator, value=D("10"))
    IndicatorValueFactory(realisation=second, indicator=indicator, value=D("30"))
    result = realisation_values_for_evaluation(2026)
    assert result == {
        activity.pk: {
            "quarter": 2,
            "physical_progress": D("45.00"),
            "budget_realised": D("3000.00"),
            "indicator_values": {indicator.pk: D("30")},
            "quarters": {
                1: {
                    "physical_progress": D("20.00"),
                    "budget_realised": D("1000.00"),
                    "indicator_values": {indicator.pk: D("10")},
                    "status": "locked",
                },
                2: {
                    "physical_progress": D("45.00"),
                    "budget_realised": D("3000.00"),
                    "indicator_values": {indicator.pk: D("30")},
                    "status": "verified",
                },
            },
        }
    }
    up_to_q1 = realisation_values_for_evaluation(2026, quarter=1)
    assert up_to_q1[activity.pk]["quarter"] == 1
    assert up_to_q1[activity.pk]["indicator_values"] == {indicator.pk: D("10")}


def test_evidence_download_scope(settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kotacerdas.monitoring.services.evidence import evidence_add

    settings.MEDIA_ROOT = tmp_path
    realisation = RealisationFactory(period=q(1))
    officer = OfficerFactory(agency=realisation.activity.agency)
    evidence = evidence_add(
        actor=officer, realisation=realisation, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")
    )
    for reader in (officer, ExecutiveFactory(), UserFactory(roles=[Role.TEAM_MEMBER.value])):
        assert evidence_get(actor=reader, pk=evidence.pk) == evidence
    for outsider in (OfficerFactory(), UserFactory(roles=[Role.WALIDATA.value]), UserFactory()):
        with pytest.raises(Http404):
            evidence_get(actor=outsider, pk=evidence.pk)
