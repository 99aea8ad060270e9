"""Implementer ranking, Quick Win status, roadmap variance, the national index, agency view."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import (
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
    OrganisationFactory,
    UserFactory,
)
from kotacerdas.masterplan.models import ReadinessAnswer, ReadinessAssessment, ReadinessQuestion
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    ProgramFactory,
)
from kotacerdas.monitoring.models import EvaluationConfig, RealisationStatus
from kotacerdas.monitoring.selectors import evaluation as selectors
from kotacerdas.monitoring.tests.factories import (
    IndicatorValueFactory,
    RealisationFactory,
    ReportingPeriodFactory,
)
from kotacerdas.monitoring.tests.test_evaluation_rollup import HUNDRED, YEAR, scored_activity

pytestmark = pytest.mark.django_db
D = Decimal


def test_ranking_orders_government_and_non_government_and_leaves_blank_unranked():
    good, weak, empty = (
        AgencyFactory(name="Dinas A"),
        AgencyFactory(name="Dinas B"),
        AgencyFactory(),
    )
    scored_activity(program=ProgramFactory(agency=good), value=D("95"), budget=D("200"))
    scored_activity(program=ProgramFactory(agency=weak), value=D("60"), budget=D("100"))
    scored_activity(program=ProgramFactory(agency=empty), value=None)
    organisation = OrganisationFactory(name="Komunitas Hijau")
    program = ProgramFactory(agency=None, organisation=organisation, is_participatory=True)
    scored_activity(program=program, value=D("80"), agency=None, organisation=organisation)
    rows = selectors.implementer_ranking(year=YEAR)
    assert [(r.rank, r.name, r.kind, r.achievement) for r in rows] == [
        (1, "Dinas A", "pemerintah", D("95.00")),
        (2, "Komunitas Hijau", "non_pemerintah", D("80.00")),
        (3, "Dinas B", "pemerintah", D("60.00")),
        (None, empty.name, "pemerintah", None),
    ]
    first = rows[0]
    assert (first.agency_id, first.organisation_id, first.activities) == (good.pk, None, 1)
    assert first.budget_allocated == D("200")
    assert first.budget_realised == D("25000000.00")
    assert first.band.label == "Sangat Baik"
    assert rows[1].organisation_id == organisation.pk
    assert rows[3].blank == 1


def test_ranking_ties_share_a_rank():
    scored_activity(program=ProgramFactory(agency=AgencyFactory(name="A")), value=D("80"))
    scored_activity(program=ProgramFactory(agency=AgencyFactory(name="B")), value=D("80"))
    scored_activity(program=ProgramFactory(agency=AgencyFactory(name="C")), value=D("70"))
    assert [r.rank for r in selectors.implementer_ranking(year=YEAR)] == [1, 1, 3]


def test_quick_win_status_labels():
    done = scored_activity(value=D("100"), progress=D("100"), quick_win=True)
    late = scored_activity(value=D("40"), progress=D("30"), quick_win=True)
    on_track = scored_activity(value=D("90"), progress=D("100"), quarter=2)
    on_track.program.quick_win = True
    on_track.program.save()
    no_data = scored_activity(value=None, quick_win=True)
    scored_activity(value=D("90"))  # not a Quick Win
    rows = {r.activity.id: r for r in selectors.quick_win_status(year=YEAR, quarter=2)}
    assert set(rows) == {done.id, late.id, on_track.id, no_data.id}
    # quarter 4 data is beyond quarter 2: no data yet for `done` and `late`
    assert rows[done.id].status_label == "Belum ada data terverifikasi"
    assert rows[on_track.id].status_label == "Selesai"
    full_year = {r.activity.id: r for r in selectors.quick_win_status(year=YEAR)}
    assert full_year[done.id].status_label == "Selesai"
    assert full_year[late.id].status_label == "Terlambat"
    assert full_year[late.id].physical_progress == D("30")
    assert full_year[no_data.id].status_label == "Belum ada data terverifikasi"
    assert full_year[no_data.id].achievement is None


def test_quick_win_on_track_when_progress_meets_expected():
    activity = scored_activity(value=D("90"), progress=D("60"), quarter=2, quick_win=True)
    row = selectors.quick_win_status(year=YEAR, quarter=2)[0]
    assert row.activity.id == activity.id
    assert row.status_label == "Sesuai jadwal"


def test_roadmap_variance_statuses_and_labels():
    late_start = scored_activity(value=None, roadmap_start_year=YEAR, roadmap_end_year=YEAR + 1)
    running = scored_activity(
        value=D("50"), progress=D("40"), roadmap_start_year=YEAR - 1, roadmap_end_year=YEAR + 1
    )
    overdue = scored_activity(
        value=D("50"), progress=D("60"), roadmap_start_year=YEAR - 2, roadmap_end_year=YEAR - 1
    )
    early = scored_activity(
        value=D("50"), progress=D("100"), roadmap_start_year=YEAR, roadmap_end_year=YEAR + 2
    )
    ahead = scored_activity(
        value=D("50"), progress=D("10"), roadmap_start_year=YEAR + 1, roadmap_end_year=YEAR + 2
    )
    scored_activity(value=D("50"))  # no roadmap years: not listed
    rows = {r.node_name.split(" ")[0]: r for r in selectors.roadmap_variance(year=YEAR)}
    assert len(rows) == 5
    assert (rows[late_start.code].actual_status, rows[late_start.code].variance_label) == (
        "belum mulai",
        "Terlambat mulai",
    )
    assert (rows[running.code].actual_status, rows[running.code].variance_label) == (
        "berjalan",
        "Sesuai rencana",
    )
    assert rows[overdue.code].variance_label == "Melewati tahun selesai"
    assert (rows[early.code].actual_status, rows[early.code].variance_label) == (
        "selesai",
        "Selesai lebih cepat",
    )
    assert rows[ahead.code].variance_label == "Lebih cepat dari rencana"
    assert rows[running.code].planned_start == YEAR - 1
    assert rows[running.code].agency_name == running.agency.name


def _indicator_value(level, value, target=HUNDRED):
    activity = ActivityFactory()
    indicator = IndicatorFactory(activity=activity, level=level)
    IndicatorTargetFactory(indicator=indicator, year=YEAR, value=target)
    realisation = RealisationFactory(
        activity=activity,
        period=ReportingPeriodFactory(year=YEAR, quarter=4),
        status=RealisationStatus.VERIFIED,
    )
    IndicatorValueFactory(realisation=realisation, indicator=indicator, value=value)
    return activity


def test_national_index_components_and_weighted_score():
    _indicator_value("output", D("80"))
    _indicator_value("output", D("150"))  # capped 120 in the mean, then 100 in the index
    _indicator_value("outcome", D("60"))
    question = ReadinessQuestion.objects.create(aspect="struktur", code="UJI-S-01", text="Ada tim")
    assessment = ReadinessAssessment.objects.create(year=YEAR)
    ReadinessAnswer.objects.create(assessment=assessment, question=question, score=2)
    index = selectors.national_index(year=YEAR)
    assert index.components == {
        "baseline": D("50.00"),
        "output": D("100.00"),
        "outcome": D("60.00"),
        "impact": None,
        "quick_win": None,
    }
    assert index.weights == {
        "baseline": 10,
        "output": 25,
        "outcome": 25,
        "impact": 20,
        "quick_win": 20,
    }
    # (50*10 + 100*25 + 60*25) / 60
    assert index.score == D("75.00")


def test_national_index_weights_of_the_year():
    _indicator_value("output", D("80"))
    _indicator_value("impact", D("40"))
    EvaluationConfig.objects.create(
        year=YEAR,
        index_weights={"baseline": 0, "output": 1, "outcome": 0, "impact": 3, "quick_win": 0},
    )
    index = selectors.national_index(year=YEAR)
    assert index.score == D("50.00")
    assert index.weights["impact"] == 3


def test_national_index_without_data_is_blank():
    index = selectors.national_index(year=YEAR)
    assert index.score is None
    assert set(index.components.values()) == {None}


def test_readiness_score_counts_answered_questions_only():
    ReadinessQuestion.objects.all().delete()  # the reference checklist; this test brings its own
    q1 = ReadinessQuestion.objects.create(aspect="struktur", code="UJI-S-01", text="a", weight=2)
    q2 = ReadinessQuestion.objects.create(aspect="struktur", code="UJI-S-02", text="b")
    ReadinessQuestion.objects.create(aspect="infrastruktur", code="UJI-I-01", text="c")
    q4 = ReadinessQuestion.objects.create(aspect="suprastruktur", code="UJI-P-01", text="d")
    assessment = ReadinessAssessment.objects.create(year=YEAR)
    ReadinessAnswer.objects.create(assessment=assessment, question=q1, score=4)
    ReadinessAnswer.objects.create(assessment=assessment, question=q2, score=1)
    ReadinessAnswer.objects.create(assessment=assessment, question=q4, score=0)
    score = selectors.readiness_score(year=YEAR)
    assert score.by_aspect == {
        "struktur": D("75.00"),  # (4*2 + 1) / (4*3)
        "infrastruktur": None,
        "suprastruktur": D("0.00"),
    }
    assert score.total == D("56.25")  # 9 / 16
    assert score.answered == {"struktur": 2, "infrastruktur": 0, "suprastruktur": 1}
    assert score.questions == {"struktur": 2, "infrastruktur": 1, "suprastruktur": 1}
    assert selectors.readiness_score(year=YEAR + 1).total is None


def test_agency_evaluation_for_own_officer_and_readers():
    agency = AgencyFactory()
    program = ProgramFactory(agency=agency)
    scored_activity(program=program, value=D("90"))
    scored_activity(program=program, value=None)
    scored_activity(value=D("10"))  # another agency
    for actor in (
        OfficerFactory(agency=agency),
        ExecutiveFactory(),
        UserFactory(roles=[Role.COUNCIL_MEMBER]),
        UserFactory(roles=[Role.TEAM_MEMBER]),
    ):
        result = selectors.agency_evaluation(actor=actor, code=agency.code, year=YEAR)
        assert (result.achievement, result.counted, result.blank) == (D("90.00"), 1, 1)
        assert len(result.activities) == 2


def test_agency_evaluation_refused_for_another_agencys_officer():
    agency = AgencyFactory()
    with pytest.raises(PermissionDenied):
        selectors.agency_evaluation(actor=OfficerFactory(), code=agency.code, year=YEAR)


def test_agency_evaluation_query_count_is_bounded(django_assert_max_num_queries):
    agency = AgencyFactory()
    program = ProgramFactory(agency=agency)
    for i in range(12):
        scored_activity(program=program, value=D(60 + i))
    with django_assert_max_num_queries(14):
        selectors.agency_evaluation(actor=ExecutiveFactory.build(), code=agency.code, year=YEAR)


def test_roadmap_variance_shows_the_phase_label():
    scored_activity(value=None, roadmap_start_year=YEAR, roadmap_end_year=YEAR, phase="fondasi")
    assert selectors.roadmap_variance(year=YEAR)[0].phase == "Tahap 1: Fondasi"


def test_public_summary_matches_the_separate_selectors():
    scored_activity(value=D("88"), quick_win=True)
    scored_activity(value=None)
    city, quick_wins = selectors.public_summary(year=YEAR)
    assert city.achievement == selectors.evaluation_city(year=YEAR).achievement == D("88.00")
    assert (city.counted, city.blank) == (1, 1)
    assert [q.achievement for q in quick_wins] == [D("88.00")]


def test_roadmap_variance_of_priority_programs_and_programs():
    from kotacerdas.masterplan.tests.factories import PriorityProgramFactory

    pp = PriorityProgramFactory(roadmap_start_year=YEAR - 1, roadmap_end_year=YEAR)
    program = ProgramFactory(priority_program=pp, roadmap_start_year=YEAR, roadmap_end_year=YEAR)
    scored_activity(program=program, value=D("80"), progress=D("100"))
    scored_activity(program=program, value=None)
    pp_rows = selectors.roadmap_variance(year=YEAR, level="program_prioritas")
    assert [(r.level, r.node_name, r.actual_status) for r in pp_rows] == [
        ("program_prioritas", f"PP-{pp.number:02d} {pp.name}", "berjalan")
    ]
    program_rows = selectors.roadmap_variance(year=YEAR, level="program")
    assert [(r.level, r.actual_status, r.variance_label) for r in program_rows] == [
        ("program", "berjalan", "Sesuai rencana")
    ]
    assert len(selectors.roadmap_variance(year=YEAR, level="")) == 2  # activities: no years
    assert selectors.roadmap_variance(year=YEAR) == []  # the default level is the activity


def test_roadmap_parent_is_done_when_all_activities_are():
    program = ProgramFactory(roadmap_start_year=YEAR, roadmap_end_year=YEAR + 1)
    scored_activity(program=program, value=D("80"), progress=D("100"))
    scored_activity(program=program, value=D("80"), progress=D("100"))
    [row] = selectors.roadmap_variance(year=YEAR, level="program")
    assert (row.actual_status, row.variance_label) == ("selesai", "Selesai lebih cepat")


def test_roadmap_query_count_is_bounded(django_assert_max_num_queries):
    from kotacerdas.masterplan.tests.factories import PriorityProgramFactory

    for _ in range(8):
        pp = PriorityProgramFactory(roadmap_start_year=YEAR, roadmap_end_year=YEAR)
        program = ProgramFactory(priority_program=pp, roadmap_start_year=YEAR)
        scored_activity(program=program, value=D("70"), roadmap_start_year=YEAR)
    with django_assert_max_num_queries(11):
        assert len(selectors.roadmap_variance(year=YEAR, level="")) == 24
