import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import AdminFactory, OfficerFactory
from kotacerdas.masterplan.models import Indicator, IndicatorTarget
from kotacerdas.masterplan.selectors.indicators import (
    TargetMissing,
    indicator_target_for,
    indicator_targets_for,
)
from kotacerdas.masterplan.services import indicators
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    PriorityProgramFactory,
)

pytestmark = pytest.mark.django_db


def _data(activity, **extra):
    return {
        "code": "IKK-01",
        "name": "Persentase layanan daring",
        "level": "output",
        "unit": "%",
        "activity": activity,
        **extra,
    }


def test_percentage_indicator_gets_max_100_and_is_audited():
    activity = ActivityFactory()
    officer = OfficerFactory(agency=activity.agency)
    indicator = indicators.indicator_create(
        actor=officer,
        data=_data(activity, baseline_value="40", baseline_year=2020, sdg_code="11.6.2"),
    )
    assert indicator.max_value == decimal.Decimal(100)
    assert indicator.baseline_value == decimal.Decimal(40)
    assert (
        AuditEvent.objects.filter(action="create", object_type="masterplan.Indicator").count() == 1
    )


def test_percentage_max_above_100_refused():
    activity = ActivityFactory()
    with pytest.raises(ValidationError) as exc:
        indicators.indicator_create(actor=AdminFactory(), data=_data(activity, max_value="120"))
    assert exc.value.message_dict["max_value"] == [
        "Satuan persen: nilai maksimum paling tinggi 100."
    ]
    assert Indicator.objects.count() == 0


def test_baseline_and_codes_validated():
    activity = ActivityFactory()
    with pytest.raises(ValidationError) as exc:
        indicators.indicator_create(
            actor=AdminFactory(),
            data=_data(
                activity,
                baseline_value="10",
                iso37122_code="lihat dokumen",
                sdg_code="goal eleven",
            ),
        )
    errors = exc.value.message_dict
    assert errors["baseline_year"] == ["Isi tahun dasar untuk nilai dasar."]
    assert errors["iso37122_code"] == ["Kode ISO 37122 berpola nomor klausul, mis. 5.1 atau 19.3."]
    assert errors["sdg_code"] == [
        "Kode SDG berpola tujuan.target.indikator, mis. 11, 11.6 atau 11.6.2."
    ]
    with pytest.raises(ValidationError) as exc:
        indicators.indicator_create(actor=AdminFactory(), data=_data(activity, baseline_year=1990))
    assert exc.value.message_dict["baseline_year"] == ["Tahun dasar harus antara 2000 dan 2045."]
    assert Indicator.objects.count() == 0


def test_indicator_of_other_agency_refused():
    activity = ActivityFactory()
    with pytest.raises(PermissionDenied):
        indicators.indicator_create(actor=OfficerFactory(), data=_data(activity))
    indicator = IndicatorFactory(activity=activity, name="Asli")
    with pytest.raises(PermissionDenied):
        indicators.indicator_update(
            actor=OfficerFactory(), indicator=indicator, data={"name": "Diubah"}
        )
    indicator.refresh_from_db()
    assert indicator.name == "Asli"
    assert AuditEvent.objects.count() == 0


def test_priority_program_indicator_only_admin_or_team():
    pp = PriorityProgramFactory()
    data = {"code": "PP-IND", "name": "Indeks", "level": "impact", "unit": "indeks"}
    with pytest.raises(PermissionDenied):
        indicators.indicator_create(actor=OfficerFactory(), data={**data, "priority_program": pp})
    indicator = indicators.indicator_create(
        actor=AdminFactory(), data={**data, "priority_program": pp}
    )
    assert indicator.priority_program == pp


def test_target_set_update_and_remove():
    indicator = IndicatorFactory(unit="%", max_value=decimal.Decimal(100))
    admin = AdminFactory()
    target = indicators.indicator_target_set(
        actor=admin, indicator=indicator, year=2026, value="75,5"
    )
    assert target.value == decimal.Decimal("75.5")
    indicators.indicator_target_set(actor=admin, indicator=indicator, year=2026, value=80)
    target.refresh_from_db()
    assert target.value == decimal.Decimal(80)
    assert (
        indicators.indicator_target_set(actor=admin, indicator=indicator, year=2026, value=None)
        is None
    )
    assert IndicatorTarget.objects.count() == 0


def test_target_above_maximum_refused():
    indicator = IndicatorFactory(unit="%", max_value=decimal.Decimal(100))
    with pytest.raises(ValidationError) as exc:
        indicators.indicator_target_set(
            actor=AdminFactory(), indicator=indicator, year=2026, value="101"
        )
    assert exc.value.message_dict["value"] == [
        "Target 101 melebihi nilai maksimum 100 untuk satuan %."
    ]
    with pytest.raises(ValidationError) as exc:
        indicators.indicator_target_set(
            actor=AdminFactory(), indicator=indicator, year=2050, value="1"
        )
    assert exc.value.message_dict["year"] == ["Tahun target harus antara 2018 dan 2045."]
    assert IndicatorTarget.objects.count() == 0


def test_lowering_maximum_below_a_target_refused():
    target = IndicatorTargetFactory(value=decimal.Decimal(90))
    with pytest.raises(ValidationError) as exc:
        indicators.indicator_update(
            actor=AdminFactory(), indicator=target.indicator, data={"max_value": "50"}
        )
    assert exc.value.message_dict["max_value"] == [
        "Target tahun 2026 melebihi nilai maksimum baru."
    ]


def test_indicator_target_for_missing_year():
    target = IndicatorTargetFactory(year=2026, value=decimal.Decimal(10))
    indicator = target.indicator
    assert indicator_target_for(indicator=indicator, year=2026) == decimal.Decimal(10)
    assert indicator_target_for(indicator=indicator, year=2027) is None
    with pytest.raises(TargetMissing) as exc:
        indicator_target_for(indicator=indicator, year=2027, required=True)
    assert exc.value.messages == [
        f"Target tahun 2027 belum ditetapkan untuk indikator {indicator.code}."
    ]
    assert indicator_targets_for(indicator_ids=[indicator.pk], year=2027) == {}
    assert indicator_targets_for(indicator_ids=[indicator.pk], year=2026) == {
        indicator.pk: decimal.Decimal(10)
    }
