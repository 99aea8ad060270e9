import pytest

from kotacerdas.core.demo import stakeholders
from kotacerdas.core.models import AuditEvent
from kotacerdas.masterplan import demo
from kotacerdas.masterplan.models import (
    Activity,
    BudgetAllocation,
    Indicator,
    IndicatorTarget,
    PriorityProgram,
    Program,
    SubActivity,
)

pytestmark = pytest.mark.django_db

MODELS = (
    PriorityProgram,
    Program,
    Activity,
    SubActivity,
    BudgetAllocation,
    Indicator,
    IndicatorTarget,
)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_size_marking_and_idempotence():
    stakeholders.load()
    demo.load()
    first = _counts()
    assert first["PriorityProgram"] == 45
    assert first["Program"] >= 90
    assert first["Activity"] >= 320
    assert first["IndicatorTarget"] == first["Indicator"]
    assert Program.objects.filter(is_participatory=True, agency__isnull=True).count() == 6
    for model in (PriorityProgram, Program, Activity, SubActivity, Indicator):
        assert not model.objects.filter(is_demo=False).exists()
        assert not model.objects.exclude(name__startswith="Contoh:").exists()
    # Spread over the real agencies of the reference list.
    assert Program.objects.filter(agency__isnull=False).values("agency").distinct().count() >= 30
    assert Activity.objects.filter(quick_win=True).count() >= 15
    assert Indicator.objects.filter(direction="lower").exists()
    assert Indicator.objects.filter(unit="%", max_value=100).exists()
    events = AuditEvent.objects.filter(action="demo.load").count()
    assert events == len(MODELS)

    demo.load()
    assert _counts() == first
    assert AuditEvent.objects.filter(action="demo.load").count() == events


def test_demo_plan_is_deterministic_and_codes_valid():
    from kotacerdas.masterplan.services import tree

    first = demo.build_plan(["Universitas Bekasi Raya (Contoh)"])
    second = demo.build_plan(["Universitas Bekasi Raya (Contoh)"])
    assert [(p.code, [a.code for a in p.activities]) for p in first] == [
        (p.code, [a.code for a in p.activities]) for p in second
    ]
    for program in first:
        assert tree.program_code_error(program.code) is None
        for activity in program.activities:
            assert tree.activity_code_error(activity.code, program.code) is None
